/**
 * `bun run spec`: writes the API documents generated from packages/protocol to docs/
 * (`asyncapi.json`, `openapi.json`). `--check` writes nothing and exits 1 when the committed
 * files differ from what the schemas generate (scripts/spec.test.ts runs the same comparison).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildAsyncApi, buildOpenApi } from "@tickerwire/protocol/spec";

const ROOT = resolve(import.meta.dir, "..");

/** Each document's path under the repo and its generated text (2-space JSON, final newline). */
export function specDocuments(): { path: string; text: string }[] {
  return [
    { path: "docs/asyncapi.json", text: `${JSON.stringify(buildAsyncApi(), null, 2)}\n` },
    { path: "docs/openapi.json", text: `${JSON.stringify(buildOpenApi(), null, 2)}\n` },
  ];
}

function committed(path: string): string | null {
  try {
    return readFileSync(join(ROOT, path), "utf8");
  } catch {
    return null;
  }
}

if (import.meta.main) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const doc of specDocuments()) {
    if (committed(doc.path) === doc.text) {
      console.log(`${doc.path}: up to date`);
    } else if (check) {
      stale++;
      console.error(`${doc.path}: differs from what packages/protocol generates; run \`bun run spec\``);
    } else {
      writeFileSync(join(ROOT, doc.path), doc.text);
      console.log(`${doc.path}: written (${doc.text.length} bytes)`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}

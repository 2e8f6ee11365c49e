/**
 * What each dependency costs the dashboard's bundle: Bun's bundler run on its index.html with the
 * hub's production options (minified, split), and the metafile's bytes-in-output of every input
 * grouped by package (an npm package, or a workspace folder such as packages/client). A chunk
 * that the page's own script reaches only through `import()` is "lazy".
 */
import { brotliCompressSync } from "node:zlib";

export interface PackageCost {
  name: string;
  chunk: "initial" | "lazy";
  /** Minified bytes this package puts into the chunk. */
  bytes: number;
}

export interface Composition {
  packages: PackageCost[];
  /** Per JS chunk: minified and brotli (quality 11) size. */
  chunks: { path: string; chunk: "initial" | "lazy"; bytes: number; brotliBytes: number }[];
}

/** `node_modules/.bun/zod@4.6.7/node_modules/zod/v4/core/api.js` → `zod`; `packages/client/src/x.ts` → `packages/client`. */
export function packageOf(input: string): string {
  const nm = input.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = input.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? input);
  }
  const parts = input.split("/");
  return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : input;
}

interface Metafile {
  outputs: Record<
    string,
    {
      bytes: number;
      entryPoint?: string;
      inputs: Record<string, { bytesInOutput: number }>;
      imports?: { path: string; kind: string }[];
    }
  >;
}

/** Groups a metafile's JS outputs by package; `entryHtml` is the page's entry (its chunks are "initial"). Pure. */
export function composition(
  meta: Metafile,
  entryHtml: string,
): Omit<Composition, "chunks"> & { chunkKinds: Map<string, "initial" | "lazy"> } {
  const chunkKinds = new Map<string, "initial" | "lazy">();
  for (const [path, o] of Object.entries(meta.outputs)) {
    if (path.endsWith(".js")) chunkKinds.set(path, o.entryPoint === entryHtml ? "initial" : "lazy");
  }
  const costs = new Map<string, PackageCost>();
  for (const [path, o] of Object.entries(meta.outputs)) {
    const chunk = chunkKinds.get(path);
    if (!chunk) continue;
    for (const [input, i] of Object.entries(o.inputs)) {
      const name = packageOf(input);
      const key = `${chunk}:${name}`;
      const c = costs.get(key) ?? { name, chunk, bytes: 0 };
      c.bytes += i.bytesInOutput;
      costs.set(key, c);
    }
  }
  const packages = [...costs.values()].filter((c) => c.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  return { packages, chunkKinds };
}

export async function bundleComposition(htmlPath: string, rootDir: string): Promise<Composition> {
  const result = await Bun.build({
    entrypoints: [htmlPath],
    root: rootDir,
    target: "browser",
    minify: true,
    splitting: true,
    publicPath: "/",
    define: { "process.env.NODE_ENV": '"production"' },
    metafile: true,
  });
  const raw = result.metafile as unknown;
  const meta = (typeof raw === "string" ? JSON.parse(raw) : raw) as Metafile;
  const entry = Object.values(meta.outputs).find((o) => o.entryPoint?.endsWith(".html"))?.entryPoint ?? "";
  const { packages, chunkKinds } = composition(meta, entry);
  const chunks: Composition["chunks"] = [];
  for (const o of result.outputs) {
    const key = `./${o.path.replace(/^\.?\//, "")}`;
    const chunk = chunkKinds.get(key);
    if (!chunk) continue;
    const bytes = new Uint8Array(await o.arrayBuffer());
    chunks.push({
      path: key.slice(1),
      chunk,
      bytes: bytes.byteLength,
      brotliBytes: brotliCompressSync(bytes).byteLength,
    });
  }
  return { packages, chunks };
}

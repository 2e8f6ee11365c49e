/**
 * Prints the hub's environment variables as a Markdown table, straight from the server's
 * validated config (apps/server/src/config.ts), so the README's Configuration section can be
 * regenerated instead of drifting: `bun scripts/config-doc.ts`.
 */
import { CONFIG_VARS } from "../apps/server/src/config.ts";

export function configTable(): string {
  const rows = Object.entries(CONFIG_VARS).map(([name, spec]) => {
    const s = spec as { default?: string; describe: string };
    return `| \`${name}\` | ${s.default === undefined ? "—" : `\`${s.default}\``} | ${s.describe.replaceAll("|", "\\|")} |`;
  });
  return ["| variable | default | meaning |", "|---|---|---|", ...rows].join("\n");
}

if (import.meta.main) console.log(configTable());

/**
 * Markdown sections of the issue-12 workloads (first load; later the resume storm and the browser
 * pipeline), appended to the report by report.ts. Pure.
 */
import { fmt } from "./report.ts";
import type { BenchReport } from "./results.ts";

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

export function userFacingSections(r: Pick<BenchReport, "firstLoad">): string[] {
  const out: string[] = [];
  for (const f of r.firstLoad ?? []) {
    out.push(`## First load: the production dashboard in Chromium, cold cache (median of ${f.visits} visits)`);
    if (f.error) {
      out.push(`- hub: ${f.error}`);
      continue;
    }
    const rows = f.resources.map((x) => [
      x.path,
      x.type,
      x.initiator === "script" ? "lazy (import())" : x.initiator,
      x.encoding,
      fmt.int(x.wireBytes),
      fmt.int(x.bodyBytes),
    ]);
    rows.push(["**total**", "", "", "", `**${fmt.int(f.wireBytes)}**`, `**${fmt.int(f.bodyBytes)}**`]);
    rows.push(["same visit, Accept-Encoding: identity", "", "", "identity", fmt.int(f.identityWireBytes), ""]);
    out.push(table(["resource", "type", "requested by", "encoding", "bytes over the wire", "decoded bytes"], rows));
    if (f.bundle) {
      const total = f.bundle.packages.reduce((s, p) => s + p.bytes, 0);
      out.push(
        "What each package costs the dashboard's script (minified bytes in the bundle; lazy = the chunk loaded when the charts mount):",
      );
      out.push(
        table(
          ["package", "chunk", "bytes", "share"],
          f.bundle.packages
            .filter((p) => p.bytes >= 1024)
            .map((p) => [p.name, p.chunk, fmt.int(p.bytes), `${((p.bytes / total) * 100).toFixed(0)}%`]),
        ),
      );
    }
  }
  return out;
}

/** How the issue-12 workloads measure, for the report's last section (only those that ran). */
export function userFacingNotes(r: Pick<BenchReport, "firstLoad">): string[] {
  const out: string[] = [];
  if (r.firstLoad?.length) {
    out.push(
      "First load: the hub (NODE_ENV=production, DASHBOARD=on) once it holds its brotli copies; each visit is a fresh Chromium context (cold cache, /usr/bin/chromium through playwright-core) that opens `/` and waits until both charts have a canvas (the charting library is a chunk loaded by `import()` when they mount) and no request has been pending for 0.5 s. Bytes over the wire = the sum of CDP `Network.loadingFinished.encodedDataLength` (headers and body as received) over every HTTP resource (the WebSocket is not counted); decoded bytes = the sum of `Network.dataReceived.dataLength`. Baseline in the same run: the same visit with `Accept-Encoding: identity` (CDP `Network.setExtraHTTPHeaders`). Package costs come from Bun's metafile of the same production build.",
    );
  }
  return out;
}

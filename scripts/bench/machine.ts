/** What machine and runtimes a report was measured on. */
import os from "node:os";
import type { Machine } from "./results.ts";

export async function machineInfo(): Promise<Machine> {
  const cpuinfo = await Bun.file("/proc/cpuinfo")
    .text()
    .catch(() => "");
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  const node = Bun.spawnSync(["node", "--version"]);
  return {
    nproc: os.availableParallelism(),
    cpuModel: model,
    memGB: os.totalmem() / 1024 ** 3,
    kernel: os.release(),
    bun: `${Bun.version} (${Bun.revision.slice(0, 9)})`,
    node: node.success ? node.stdout.toString().trim() : "not found",
    date: new Date().toISOString(),
    loadAvgAtStart: os.loadavg(),
  };
}

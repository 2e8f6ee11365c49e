/**
 * Runs the shipped proxy configs (deploy/nginx/tickerwire.conf, deploy/haproxy/tickerwire.cfg) in
 * front of test hubs: the template rendered for a free port and the given instances, wrapped in
 * the minimum the file leaves to the host (nginx: `events{}`/`http{}` and temp paths; HAProxy: a
 * `global` section), run in the foreground and stopped by pid.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { trackChild, untrackChild } from "./cleanup.ts";
import { renderTemplate } from "./deploy-template.ts";
import { canConnect, freePort } from "./net.ts";
import { nginxMainConfig } from "./nginx.ts";
import { nginxPath } from "./tools.ts";
import { sleep } from "./wait.ts";

const DEPLOY = resolve(import.meta.dir, "../../deploy");
export const NGINX_TEMPLATE = join(DEPLOY, "nginx/tickerwire.conf");
export const HAPROXY_TEMPLATE = join(DEPLOY, "haproxy/tickerwire.cfg");

export type ProxyKind = "nginx" | "haproxy";

export interface DeployedProxy {
  readonly kind: ProxyKind;
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The proxy's own log (nginx error.log, HAProxy stderr), for assertion messages. */
  log(): string;
  stop(): Promise<void>;
}

export class ProxyStartError extends Error {
  override readonly name = "ProxyStartError";
}

export function haproxyPath(): string | null {
  return Bun.which("haproxy") ?? (existsSync("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : null);
}

/** `http://127.0.0.1:1234` -> `127.0.0.1:1234`. */
const hostPort = (url: string) => new URL(url).host;

interface Launch {
  argv: string[];
  log(): string;
}

/** Writes the config files for one attempt on `port` and says how to run the proxy. */
type Prepare = (dir: string, port: number, upstreams: string[]) => Launch;

const prepareNginx: Prepare = (dir, port, upstreams) => {
  const body = renderTemplate(readFileSync(NGINX_TEMPLATE, "utf8"), { listen: `127.0.0.1:${port}`, upstreams });
  mkdirSync(join(dir, "tmp"), { recursive: true });
  const conf = nginxMainConfig(dir, body);
  writeFileSync(join(dir, "nginx.conf"), conf);
  const bin = nginxPath() as string;
  return {
    argv: [bin, "-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")],
    log: () => readOr(join(dir, "error.log")),
  };
};

const prepareHaproxy: Prepare = (dir, port, upstreams) => {
  const body = renderTemplate(readFileSync(HAPROXY_TEMPLATE, "utf8"), { listen: `127.0.0.1:${port}`, upstreams });
  writeFileSync(join(dir, "global.cfg"), "global\n    maxconn 2048\n    log stderr format raw local0 notice\n");
  writeFileSync(join(dir, "tickerwire.cfg"), body);
  const bin = haproxyPath() as string;
  return {
    // -db: foreground, no daemon; the two files as an operator loads them (global first).
    argv: [bin, "-db", "-f", join(dir, "global.cfg"), "-f", join(dir, "tickerwire.cfg")],
    log: () => readOr(join(dir, "stderr.log")),
  };
};

function readOr(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * Starts the shipped config of `kind` in front of `hubUrls` and waits until it accepts connections.
 * @example const proxy = await startDeployedProxy("nginx", [a.url, b.url]); ... await proxy.stop();
 */
export async function startDeployedProxy(kind: ProxyKind, hubUrls: string[]): Promise<DeployedProxy> {
  const bin = kind === "nginx" ? nginxPath() : haproxyPath();
  if (!bin) throw new ProxyStartError(`${kind} is not installed`);
  const prepare = kind === "nginx" ? prepareNginx : prepareHaproxy;
  const upstreams = hubUrls.map(hostPort);
  const dir = mkdtempSync(join(tmpdir(), `tw-deploy-${kind}-`));
  // A free port can be taken between our probe and the proxy's bind: try a few.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = freePort();
    const launch = prepare(dir, port, upstreams);
    const stderrFile = join(dir, "stderr.log");
    const proc = Bun.spawn(launch.argv, { stdin: "ignore", stdout: "ignore", stderr: Bun.file(stderrFile) });
    trackChild(proc.pid, `${kind} (deploy config)`);
    void proc.exited.then(() => untrackChild(proc.pid));
    const deadline = Date.now() + 5000;
    while (proc.exitCode === null && Date.now() < deadline && !(await canConnect(port))) await sleep(20);
    if (proc.exitCode === null && (await canConnect(port))) {
      return {
        kind,
        url: `http://127.0.0.1:${port}`,
        port,
        pid: proc.pid,
        log: () => `${launch.log()}${kind === "nginx" ? readOr(stderrFile) : ""}`,
        async stop() {
          // nginx: SIGQUIT is a graceful stop; HAProxy: SIGTERM is its immediate stop.
          if (proc.exitCode === null) proc.kill(kind === "nginx" ? "SIGQUIT" : "SIGTERM");
          const killer = setTimeout(() => proc.kill("SIGKILL"), 3000);
          await proc.exited;
          clearTimeout(killer);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    proc.kill("SIGKILL");
    await proc.exited;
    const log = `${readOr(stderrFile)}\n${launch.log()}`;
    if (attempt === 3 || !/address already in use|cannot bind/i.test(log)) {
      rmSync(dir, { recursive: true, force: true });
      throw new ProxyStartError(`${kind} did not start with the deploy config:\n${log}`);
    }
  }
  throw new ProxyStartError("unreachable");
}

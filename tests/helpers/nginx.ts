/**
 * A real nginx in front of a hub, in one of two modes:
 * - "full": a well-configured proxy — WebSocket upgrade passed on, long read timeouts, no
 *   buffering on /sse.
 * - "strict": a hostile corporate proxy — WebSocket upgrades refused with 403, response
 *   buffering ON, gzip ON (also for event streams), and a 5 s read timeout. SSE survives it only
 *   if the hub sends `X-Accel-Buffering: no` and heartbeats more often than every 5 s.
 * nginx runs in the foreground (daemon off, master_process off) with every path under a temp
 * dir, on a free port; it is stopped by pid.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trackChild, untrackChild } from "./cleanup.ts";
import { canConnect, freePort } from "./net.ts";
import { nginxPath } from "./tools.ts";
import { sleep } from "./wait.ts";

export type NginxMode = "full" | "strict";

export interface Nginx {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly mode: NginxMode;
  errorLog(): string;
  stop(): Promise<void>;
}

export class NginxStartError extends Error {
  override readonly name = "NginxStartError";
}

const LOCATIONS: Record<NginxMode, (upstream: string) => string> = {
  full: (up) => `
    location /ws {
      proxy_pass ${up};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }
    location /sse {
      proxy_pass ${up};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
    location / {
      proxy_pass ${up};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }`,
  strict: (up) => `
    gzip on;
    gzip_types text/event-stream application/json text/plain;
    gzip_min_length 1;
    gzip_proxied any;
    proxy_buffering on;
    proxy_buffer_size 16k;
    proxy_buffers 8 16k;
    proxy_read_timeout 5s;
    location / {
      # No WebSocket through this proxy.
      if ($http_upgrade) { return 403; }
      proxy_pass ${up};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }`,
};

/**
 * An nginx main config that runs in the foreground with every path under `dir`, wrapping
 * `httpBody` (the `http {}` context: servers, upstreams, maps). Used for the test modes here and
 * for the shipped deploy/ config (helpers/deploy.ts).
 */
export function nginxMainConfig(dir: string, httpBody: string): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
${httpBody}
}
`;
}

/** The complete nginx.conf for a mode (exported for inspection in tests). */
export function nginxConfig(mode: NginxMode, listenPort: number, upstreamUrl: string, dir: string): string {
  const up = new URL(upstreamUrl).origin;
  return nginxMainConfig(
    dir,
    `  map $http_upgrade $connection_upgrade { default upgrade; "" close; }
  server {
    listen 127.0.0.1:${listenPort};
    ${LOCATIONS[mode](up).trim()}
  }`,
  );
}

/**
 * Starts nginx proxying to `upstreamUrl` and waits until it accepts connections.
 * @example const proxy = await startNginx(hub.url, "strict"); ... await proxy.stop();
 */
export async function startNginx(upstreamUrl: string, mode: NginxMode): Promise<Nginx> {
  const bin = nginxPath();
  if (!bin) throw new NginxStartError("nginx is not installed (bash scripts/bootstrap.sh --test)");
  const dir = mkdtempSync(join(tmpdir(), `tw-nginx-${mode}-`));
  mkdirSync(join(dir, "tmp"));
  const errorLog = () => {
    try {
      return readFileSync(join(dir, "error.log"), "utf8");
    } catch {
      return "";
    }
  };
  // A free port can be taken between our probe and nginx's bind: try a few.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = freePort();
    writeFileSync(join(dir, "nginx.conf"), nginxConfig(mode, port, upstreamUrl, dir));
    const proc = Bun.spawn([bin, "-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
      stdin: "ignore",
      stdout: "ignore",
      stderr: "pipe",
    });
    trackChild(proc.pid, `nginx ${mode}`);
    void proc.exited.then(() => untrackChild(proc.pid));
    const deadline = Date.now() + 5000;
    while (proc.exitCode === null && Date.now() < deadline && !(await canConnect(port))) await sleep(20);
    if (proc.exitCode === null && (await canConnect(port))) {
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        pid: proc.pid,
        mode,
        errorLog,
        async stop() {
          if (proc.exitCode === null) proc.kill("SIGQUIT");
          const killer = setTimeout(() => proc.kill("SIGKILL"), 3000);
          await proc.exited;
          clearTimeout(killer);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    proc.kill("SIGKILL");
    await proc.exited;
    const stderr = await new Response(proc.stderr).text();
    if (attempt === 3 || !/address already in use/i.test(stderr + errorLog())) {
      const msg = `nginx (${mode}) did not start: ${stderr}\n${errorLog()}`;
      rmSync(dir, { recursive: true, force: true });
      throw new NginxStartError(msg);
    }
  }
  throw new NginxStartError("unreachable");
}

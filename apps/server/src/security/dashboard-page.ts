/**
 * Production only: Bun serves the bundled dashboard through `routes`, which bypasses the app and
 * its security headers. So the bundle is mounted at a random hidden path and `/` is answered by
 * the app with the bundle's HTML, fetched once from ourselves over loopback and cached (the
 * production bundle does not change while the process runs). Its assets keep their Bun routes.
 */
export function hiddenDashboardPath(random: () => string = () => crypto.randomUUID()): string {
  return `/__dashboard-${random()}`;
}

export function createDashboardPage(selfUrl: () => string, path: string): (req: Request) => Promise<Response> {
  let cached: { body: ArrayBuffer; type: string } | null = null;
  return async () => {
    if (!cached) {
      // Our own certificate may be self-signed; this request never leaves the machine.
      const res = await fetch(`${selfUrl()}${path}`, { tls: { rejectUnauthorized: false } });
      if (!res.ok) return new Response("the dashboard is not available", { status: 502 });
      cached = { body: await res.arrayBuffer(), type: res.headers.get("content-type") ?? "text/html;charset=utf-8" };
    }
    return new Response(cached.body, { headers: { "Content-Type": cached.type, "Cache-Control": "no-cache" } });
  };
}

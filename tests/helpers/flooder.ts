/**
 * The flood generator of tests/security-flood.e2e.test.ts, run as its own process so its loops do
 * not share an event loop or a fetch connection pool with the client whose latency is measured.
 * Speaks as 10.66.6.6 via X-Forwarded-For (the hub runs with TRUST_PROXY=loopback): SSE connection
 * attempts, publishes and WebSocket message floods, all far over their per-IP limits.
 *
 * Usage: bun tests/helpers/flooder.ts <hub url>
 * Prints `{"type":"flooding"}` once the hub has refused it with 429 (the flood really reaches the
 * hub), floods until SIGTERM (or MAX_LIFETIME_MS, in case its parent died), then prints
 * `{"type":"stopped",...FloodCounts}` and exits 0.
 */
import { signal } from "./fixtures.ts";

export interface FloodCounts {
  requests: number;
  refused: number;
  sse: number;
  sseRefused: number;
  publishes: number;
  publishRefused: number;
}

const FLOODER = { "X-Forwarded-For": "10.66.6.6" };
/** A test run needs a few seconds; never outlive a parent that forgot to stop us. */
const MAX_LIFETIME_MS = 90_000;
/** How long the loops get to finish their current request after SIGTERM. */
const STOP_GRACE_MS = 3_000;

function flood(url: string, onFirstRefusal: () => void): { stop(): Promise<FloodCounts> } {
  const counts: FloodCounts = { requests: 0, refused: 0, sse: 0, sseRefused: 0, publishes: 0, publishRefused: 0 };
  let stopped = false;
  let announced = false;
  const refusedOnce = () => {
    counts.refused++;
    if (!announced) {
      announced = true;
      onFirstRefusal();
    }
  };
  const loops = [
    (async () => {
      while (!stopped) {
        const r = await fetch(`${url}/sse?topics=>`, { headers: FLOODER }).catch(() => null);
        counts.requests++;
        counts.sse++;
        if (r?.status === 429) {
          counts.sseRefused++;
          refusedOnce();
        }
        await r?.body?.cancel().catch(() => {});
      }
    })(),
    ...[0, 1].map(async () => {
      while (!stopped) {
        const r = await fetch(`${url}/api/v1/events`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...FLOODER },
          body: JSON.stringify(signal("Flooder", 0)),
        }).catch(() => null);
        counts.requests++;
        counts.publishes++;
        if (r?.status === 429) {
          counts.publishRefused++;
          refusedOnce();
        }
        await r?.arrayBuffer().catch(() => {});
      }
    }),
    (async () => {
      // WebSocket message floods: each socket is closed with 4008, the flooder reconnects (rate-limited too).
      while (!stopped) {
        const ws = new WebSocket(`${url.replace("http", "ws")}/ws?topics=trade.>`, {
          headers: FLOODER,
        } as unknown as string[]);
        await new Promise<void>((done) => {
          ws.onopen = () => {
            for (let i = 0; i < 2000 && ws.readyState === 1; i++) ws.send('{"type":"ping"}');
          };
          ws.onclose = () => done();
          setTimeout(() => {
            ws.close();
            done();
          }, 1000);
        });
        counts.requests++;
      }
    })(),
  ];
  return {
    async stop() {
      stopped = true;
      await Promise.race([Promise.all(loops), Bun.sleep(STOP_GRACE_MS)]);
      return counts;
    },
  };
}

if (import.meta.main) {
  const url = process.argv[2];
  if (!url) {
    console.error("usage: bun tests/helpers/flooder.ts <hub url>");
    process.exit(2);
  }
  const f = flood(url, () => console.log(JSON.stringify({ type: "flooding" })));
  let stopping = false;
  const finish = async () => {
    if (stopping) return;
    stopping = true;
    const counts = await f.stop();
    await Bun.write(Bun.stdout, `${JSON.stringify({ type: "stopped", ...counts })}\n`);
    process.exit(0);
  };
  process.on("SIGTERM", () => void finish());
  setTimeout(() => void finish(), MAX_LIFETIME_MS).unref();
}

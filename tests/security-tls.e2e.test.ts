/**
 * TLS straight from the hub (TLS_CERT / TLS_KEY): with a self-signed certificate made here by
 * openssl, the `listening` line says https://, and https:// (publish, SSE) and wss:// work; plain
 * http to the TLS port does not. Clients skip certificate verification for this test only.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signal, uniqueStrategy } from "./helpers/fixtures.ts";
import { type StartedHub, startHub } from "./helpers/hub.ts";
import { waitUntil, withTimeout } from "./helpers/wait.ts";

setDefaultTimeout(30_000);
const dir = mkdtempSync(join(tmpdir(), "tw-tls-"));
const insecure = { tls: { rejectUnauthorized: false } };
let hub: StartedHub;
beforeAll(async () => {
  const gen = Bun.spawnSync(
    [
      "openssl",
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "k.pem",
      "-out",
      "c.pem",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
    ],
    { cwd: dir, stderr: "pipe" },
  );
  if (gen.exitCode !== 0) throw new Error(`openssl failed: ${gen.stderr.toString()}`);
  hub = await startHub({ env: { TLS_CERT: join(dir, "c.pem"), TLS_KEY: join(dir, "k.pem") } });
});
afterAll(async () => {
  await hub?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test("the listening line and the base URL are https://", () => {
  expect(hub.url).toStartWith("https://127.0.0.1:");
  expect(hub.stdout.some((l) => /^listening https:\/\//.test(l))).toBe(true);
});

test("wss:// and https:// SSE receive an event published over https://", async () => {
  const s = uniqueStrategy("Tls");
  const ws = new WebSocket(
    `${hub.url.replace("https", "wss")}/ws?topics=strategy.${s}.signal`,
    insecure as unknown as string[],
  );
  const wsGot: Record<string, unknown>[] = [];
  ws.onmessage = (e) => wsGot.push(JSON.parse(String(e.data)));
  await withTimeout(new Promise((r) => (ws.onopen = r)), 5000, "wss open");
  // Subscribed once `connected` arrived (the hub sends it and joins the fan-out in one step).
  await waitUntil(() => wsGot.some((m) => m.type === "connected"), { everyMs: 10, what: "wss `connected`" });

  const ac = new AbortController();
  const sse = await fetch(`${hub.url}/sse?topics=strategy.${s}.signal`, { ...insecure, signal: ac.signal });
  expect(sse.status).toBe(200);
  const reader = sse.body!.getReader();
  let text = "";
  const dec = new TextDecoder();
  /** Reads the stream until `needle` appeared in it, bounded. */
  const readUntil = (needle: string, what: string) =>
    withTimeout(
      (async () => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`the SSE stream ended before ${what}: ${text.slice(-500)}`);
          text += dec.decode(value, { stream: true });
        }
      })(),
      5000,
      what,
    );
  await readUntil("event: connected", "the sse `connected` event");

  const pub = await fetch(`${hub.url}/api/v1/events`, {
    ...insecure,
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(signal(s, 1)),
  });
  expect(pub.status).toBe(202);
  expect(pub.headers.get("strict-transport-security")).toContain("max-age=");

  await readUntil('"type":"signal"', "the sse event");
  ac.abort();
  await waitUntil(() => wsGot.some((m) => m.type === "signal"), { everyMs: 10, what: "the wss event" });
  expect(wsGot.some((m) => m.type === "signal")).toBe(true);
  ws.close();
});

test("plain http:// to the TLS port gets no answer", async () => {
  const plain = hub.url.replace("https", "http");
  const r = await fetch(`${plain}/api/v1/health`, { signal: AbortSignal.timeout(2000) }).catch((e) => e as Error);
  expect(r instanceof Error || r.status >= 400).toBe(true);
});

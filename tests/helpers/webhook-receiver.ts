/**
 * A webhook receiver as an operator would write one, run as its own process by the end-to-end
 * tests (`bun tests/helpers/webhook-receiver.ts`): it verifies every delivery's signature with the
 * README's recipe (HMAC-SHA256 over `<t>.<raw body>`, constant-time compare, 5-minute window),
 * deduplicates by `Idempotency-Key`, and prints one JSON line per request on stdout.
 *
 * Env: PORT (0: any free port), SECRET, STATUSES (optional comma list answered to the first
 * requests, e.g. "500" for one failure; then 200).
 * Lines: {"event":"listening","port":N}, then {"event":"delivery","key","seq","status","verified",
 * "duplicate","type","rule_id"} per request.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const secret = process.env.SECRET ?? "";
const scripted = (process.env.STATUSES ?? "").split(",").filter(Boolean).map(Number);
const seen = new Set<string>();
const TOLERANCE_S = 300;

function verify(header: string | null, body: string): boolean {
  const parts = new Map((header ?? "").split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > TOLERANCE_S) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.env.PORT ?? 0),
  async fetch(req) {
    const body = await req.text();
    const key = req.headers.get("idempotency-key");
    const verified = verify(req.headers.get("x-tickerwire-signature"), body);
    const status = verified ? (scripted.shift() ?? 200) : 401;
    const duplicate = status === 200 && key !== null && seen.has(key);
    if (status === 200 && key !== null) seen.add(key);
    let type: string | undefined;
    let ruleId: string | undefined;
    try {
      const j = JSON.parse(body) as { type?: string; data?: { rule_id?: string } };
      type = j.type;
      ruleId = j.data?.rule_id;
    } catch {
      // a slack-format body has no type
    }
    const line = {
      event: "delivery",
      key,
      seq: Number(req.headers.get("x-tickerwire-seq")),
      status,
      verified,
      duplicate,
      type,
      rule_id: ruleId,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return new Response(status === 200 ? "ok" : "no", { status });
  },
});
process.stdout.write(`${JSON.stringify({ event: "listening", port: server.port })}\n`);
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    server.stop(true);
    process.exit(0);
  });
}

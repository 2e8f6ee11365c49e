import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../config.ts";
import { MAX_WATCH_FILE_BYTES } from "./json-file.ts";
import { parseRuleFile } from "./rule-file.ts";
import { parseWebhookFile, redactWebhookUrl, urlProblem } from "./webhook-file.ts";

const dir = mkdtempSync(join(tmpdir(), "tw-watch-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: unknown): string {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}
function startError(env: Record<string, string>): string {
  try {
    loadConfig({ DB_PATH: ":memory:", ...env }, dir);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error("expected a ConfigError");
}
const rules = (...r: unknown[]) => ({ rules: r });

describe("ALERT_RULES", () => {
  it("loads every rule kind, and adds the default engine rule", () => {
    const c = loadConfig(
      {
        ALERT_RULES: file(
          rules(
            { id: "dd", kind: "drawdown", above: 500 },
            { id: "dl", kind: "daily_loss", above: 300, strategy: "RSI_Oversold", severity: "warning" },
            { id: "ls", kind: "loss_streak", count: 4, strategy: "*", recovery: true },
            { id: "wr", kind: "win_rate", below: 0.4, min_trades: 20 },
            { id: "rb", kind: "rollback" },
            { id: "sig", kind: "signal", min_confidence: 0.9, action: "BUY", message: "strong buy" },
          ),
        ),
      },
      dir,
    );
    expect(c.watch.rules.map((r) => r.id)).toEqual(["dd", "dl", "ls", "wr", "rb", "sig", "engine-stale"]);
  });

  it("allows rules on strategies no one has heard of yet", () => {
    expect(
      parseRuleFile(rules({ id: "x", kind: "drawdown", above: 1, strategy: "Not_Yet_Deployed" }), "f"),
    ).toHaveLength(2);
  });

  it.each([
    [rules({ id: "dd", kind: "drawdown", abov: 500 }), 'rule "dd" (rules[0]): unknown field "abov"'],
    [
      rules({ id: "dd", kind: "drawdown", above: -1 }),
      'rule "dd" (rules[0]): field "above": must be a positive amount',
    ],
    [rules({ id: "dd", kind: "drawdown", above: "500" }), 'rule "dd" (rules[0]): field "above": must be a number'],
    [
      rules({ id: "wr", kind: "win_rate", below: 40, min_trades: 5 }),
      'rule "wr" (rules[0]): field "below": must be at most 1',
    ],
    [rules({ id: "s", kind: "loss_streak", count: 2.5 }), 'rule "s" (rules[0]): field "count": must be a whole number'],
    [rules({ id: "k", kind: "drawdowns", above: 1 }), 'rule "k" (rules[0]): field "kind": must be one of drawdown,'],
    [rules({ id: "a b", kind: "rollback" }), 'rule "a b" (rules[0]): field "id": must be 1-64 characters'],
    [rules({ id: "r", kind: "rollback" }, { id: "r", kind: "rollback" }), 'rule "r" (rules[1]): the id is used twice'],
    [{ rules: [], extra: 1 }, 'the file: unknown field "extra"'],
    ["{ not json", "not valid JSON"],
  ])("stops start-up with one line naming the rule and field: %j", (content, why) => {
    const path = file(content);
    const message = startError({ ALERT_RULES: path });
    expect(message).toContain(`invalid ALERT_RULES (${path}): ${why}`);
    expect(message).not.toContain("\n");
  });

  it("refuses a missing file and a huge one before reading it", () => {
    expect(startError({ ALERT_RULES: join(dir, "nope.json") })).toContain("cannot read it (ENOENT)");
    const huge = file(`{"rules":[${"0,".repeat(MAX_WATCH_FILE_BYTES / 2)}0]}`);
    expect(startError({ ALERT_RULES: huge })).toContain(`bytes is more than the ${MAX_WATCH_FILE_BYTES} allowed`);
    const many = file(rules(...Array.from({ length: 1001 }, (_, i) => ({ id: `r${i}`, kind: "rollback" }))));
    expect(startError({ ALERT_RULES: many })).toContain("at most 1000 rules");
  });
});

describe("WEBHOOKS", () => {
  const hook = (o: Record<string, unknown> = {}) => ({
    endpoints: [{ id: "ops", url: "https://user:pw@hooks.example.com/T0/B0/xyz", secret: "s".repeat(16), ...o }],
  });

  it("loads endpoints with defaults, secrets from the environment, and keeps only scheme and host for display", () => {
    const c = loadConfig(
      {
        WEBHOOKS: file(hook({ secret: undefined, secret_env: "OPS_SECRET", format: "slack", retry_for: "2h" })),
        OPS_SECRET: "k".repeat(20),
      },
      dir,
    );
    expect(c.watch.webhooks).toEqual([
      {
        id: "ops",
        url: "https://user:pw@hooks.example.com/T0/B0/xyz",
        target: "https://hooks.example.com",
        secret: "k".repeat(20),
        topics: [">"],
        types: undefined,
        minSeverity: undefined,
        format: "slack",
        timeoutMs: 5_000,
        retryForMs: 7_200_000,
        maxRetryDelayMs: 60_000,
      },
    ]);
  });

  it.each([
    ["ftp://files.example.com/drop", "must be http:// or https:// (got ftp://)"],
    ["file:///etc/passwd", "must be http:// or https://"],
    ["hooks.example.com/x", "must be an absolute http:// or https:// URL"],
    ["https://hooks.example.com/x#frag", "must not have a #fragment"],
  ])("refuses the URL %s at start, without repeating it", (url, why) => {
    const message = startError({ WEBHOOKS: file(hook({ url })) });
    expect(message).toContain(`webhook "ops" (endpoints[0]): field "url": ${why}`);
    expect(message).not.toContain(url);
  });

  it("refuses a missing or short secret and an unset secret variable, never printing a secret", () => {
    expect(startError({ WEBHOOKS: file(hook({ secret: "short" })) })).toContain(
      'field "secret": must be at least 16 characters',
    );
    expect(startError({ WEBHOOKS: file(hook({ secret: undefined })) })).toContain(
      'give exactly one of "secret" and "secret_env"',
    );
    expect(startError({ WEBHOOKS: file(hook({ secret: undefined, secret_env: "NOT_SET_ANYWHERE" })) })).toContain(
      "the environment variable NOT_SET_ANYWHERE is not set",
    );
  });

  it("checks patterns, types, durations and the format", () => {
    expect(() => parseWebhookFile(hook({ topics: ["a..b"] }), "f", {})).toThrow('field "topics.0"');
    expect(() => parseWebhookFile(hook({ types: ["trades"] }), "f", {})).toThrow('field "types.0"');
    expect(() => parseWebhookFile(hook({ timeout: "2m" }), "f", {})).toThrow('field "timeout"');
    expect(() => parseWebhookFile(hook({ format: "xml" }), "f", {})).toThrow('field "format": must be json or slack');
  });

  it("redacts and checks URLs", () => {
    expect(redactWebhookUrl("http://u:p@127.0.0.1:9000/a?b=c")).toBe("http://127.0.0.1:9000");
    expect(urlProblem("https://example.com/hook")).toBeNull();
  });
});

describe("liveness variables", () => {
  it("takes a default interval or off, and a grace factor", () => {
    expect(loadConfig({}, dir).watch).toMatchObject({ livenessIntervalMs: 30_000, graceFactor: 3 });
    expect(loadConfig({ LIVENESS_INTERVAL: "off", LIVENESS_GRACE_FACTOR: "2.5" }, dir).watch).toMatchObject({
      livenessIntervalMs: null,
      graceFactor: 2.5,
    });
    expect(startError({ LIVENESS_INTERVAL: "0s" })).toContain("invalid LIVENESS_INTERVAL");
    expect(startError({ LIVENESS_GRACE_FACTOR: "1" })).toContain("must be at least 1.5");
  });
});

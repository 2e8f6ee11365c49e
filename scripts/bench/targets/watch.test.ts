import { describe, expect, it } from "bun:test";
import { parseRuleFile } from "../../../apps/server/src/watch/config/rule-file.ts";
import { parseWebhookFile } from "../../../apps/server/src/watch/config/webhook-file.ts";
import { parseArgs, reportBaseName } from "../cli.ts";
import { benchEndpoints, benchRules } from "./watch.ts";

describe("--watch", () => {
  it("configures 20 rules and 3 endpoints the hub accepts", () => {
    expect(parseRuleFile({ rules: benchRules() }, "bench")).toHaveLength(20);
    expect(parseWebhookFile({ endpoints: benchEndpoints("http://127.0.0.1:9/hook") }, "bench", {})).toHaveLength(3);
  });

  it("is a flag, and its reports get their own name", () => {
    expect(parseArgs(["--watch"]).watch).toBe(true);
    expect(parseArgs([]).watch).toBe(false);
    expect(reportBaseName(["fanout", "ingest"], true)).toBe("report-fanout-ingest-watch");
    expect(reportBaseName(["fanout", "ingest"])).toBe("report-fanout-ingest");
  });
});

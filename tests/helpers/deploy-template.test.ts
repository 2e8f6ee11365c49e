import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderTemplate, TemplateError } from "./deploy-template.ts";

const DEPLOY = resolve(import.meta.dir, "../../deploy");

const NGINX = [
  "# __LISTEN__ and __UPSTREAM__ explained",
  "upstream u {",
  "    server __UPSTREAM__ max_fails=1;",
  "}",
  "listen __LISTEN__;",
].join("\n");

describe("renderTemplate", () => {
  test("writes the upstream line once per instance, keeping its options, and fills in the listen address", () => {
    const out = renderTemplate(NGINX, { listen: "127.0.0.1:9000", upstreams: ["127.0.0.1:1", "127.0.0.1:2"] });
    expect(out.split("\n")).toEqual([
      "# __LISTEN__ and __UPSTREAM__ explained",
      "upstream u {",
      "    server 127.0.0.1:1 max_fails=1;",
      "    server 127.0.0.1:2 max_fails=1;",
      "}",
      "listen 127.0.0.1:9000;",
    ]);
  });

  test("names HAProxy servers hub1, hub2… in order", () => {
    const out = renderTemplate("bind __LISTEN__\n  server __NAME__ __UPSTREAM__ check", {
      listen: ":80",
      upstreams: ["a:1", "b:2"],
    });
    expect(out).toBe("bind :80\n  server hub1 a:1 check\n  server hub2 b:2 check");
  });

  test("refuses no upstreams, a template without placeholders, and unknown placeholders", () => {
    expect(() => renderTemplate(NGINX, { listen: "80", upstreams: [] })).toThrow(TemplateError);
    expect(() => renderTemplate("listen __LISTEN__;", { listen: "80", upstreams: ["a:1"] })).toThrow(/__UPSTREAM__/);
    expect(() => renderTemplate("server __UPSTREAM__;", { listen: "80", upstreams: ["a:1"] })).toThrow(/__LISTEN__/);
    expect(() => renderTemplate(`${NGINX}\nroot __ROOT__;`, { listen: "80", upstreams: ["a:1"] })).toThrow(/__ROOT__/);
  });
});

describe("deploy/render.sh (what operators run)", () => {
  const upstreams = ["10.0.0.11:8081", "10.0.0.12:8081"];
  test.each([
    ["nginx", "nginx/tickerwire.conf", "80"],
    ["haproxy", "haproxy/tickerwire.cfg", ":80"],
  ] as const)("renders the %s template exactly as the tested renderer does", (proxy, file, listen) => {
    const r = Bun.spawnSync(["bash", join(DEPLOY, "render.sh"), proxy, listen, ...upstreams]);
    expect(r.exitCode).toBe(0);
    const expected = renderTemplate(readFileSync(join(DEPLOY, file), "utf8"), { listen, upstreams });
    expect(r.stdout.toString()).toBe(expected);
    expect(expected).toContain(upstreams[1] as string);
  });

  test("refuses an unknown proxy and a missing upstream", () => {
    expect(Bun.spawnSync(["bash", join(DEPLOY, "render.sh"), "apache", "80", "a:1"]).exitCode).toBe(1);
    expect(Bun.spawnSync(["bash", join(DEPLOY, "render.sh"), "nginx", "80"]).exitCode).toBe(1);
  });
});

import { expect, test } from "bun:test";
import { join } from "node:path";
import { createTokenVerifier } from "./verifier.ts";

const SECRET = "operator-secret-operator-secret-0123456789";

test("token-cli prints a token the hub accepts, with the scopes, topics and lifetime asked for", async () => {
  const cli = Bun.spawn(
    [
      "bun",
      join(import.meta.dir, "token-cli.ts"),
      "--secret",
      SECRET,
      "--scope",
      "publish,subscribe",
      "--topics",
      "strategy.>",
      "--ttl",
      "1h",
      "--sub",
      "ops",
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  expect(await cli.exited).toBe(0);
  const token = (await new Response(cli.stdout).text()).trim();
  const p = await createTokenVerifier({ alg: "HS256", secret: SECRET })(token);
  expect(p.subject).toBe("ops");
  expect([...p.scopes].sort()).toEqual(["publish", "subscribe"]);
  expect(p.publish).toEqual(["strategy.>"]);
  expect(p.subscribe).toEqual(["strategy.>"]);
  expect(Math.abs(p.expiresAt - Date.now() - 3_600_000)).toBeLessThan(5_000);
});

test("token-cli refuses to run without a secret", async () => {
  const cli = Bun.spawn(["bun", join(import.meta.dir, "token-cli.ts"), "--scope", "subscribe"], {
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "" },
  });
  expect(await cli.exited).toBe(2);
  expect(await new Response(cli.stderr).text()).toContain("--secret");
});

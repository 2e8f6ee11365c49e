import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Jwt } from "hono/utils/jwt";
import { AuthError } from "./errors.ts";
import { signToken } from "./token-cli.ts";
import { createTokenVerifier } from "./verifier.ts";

const SECRET = "s".repeat(40);
const NOW = 1_800_000_000_000;
const now = () => NOW;
const dir = mkdtempSync(join(tmpdir(), "tw-jwt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejects(p: Promise<unknown>, code: AuthError["code"]): Promise<void> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AuthError);
  expect((e as AuthError).code).toBe(code);
}

const hs = (o: Partial<Parameters<typeof signToken>[0]> = {}) =>
  signToken({ alg: "HS256", key: SECRET, sub: "alice", scopes: ["subscribe"], ttlMs: 60_000, now: NOW, ...o });

async function pemPair(alg: "RS256" | "ES256") {
  const params =
    alg === "RS256"
      ? { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
      : { name: "ECDSA", namedCurve: "P-256" };
  const pair = (await crypto.subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
  const pem = (der: ArrayBuffer, label: string) =>
    `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64")}\n-----END ${label}-----\n`;
  return {
    priv: pem(await crypto.subtle.exportKey("pkcs8", pair.privateKey), "PRIVATE KEY"),
    pub: pem(await crypto.subtle.exportKey("spki", pair.publicKey), "PUBLIC KEY"),
    jwk: await crypto.subtle.exportKey("jwk", pair.publicKey),
  };
}

describe("HS256", () => {
  const verify = createTokenVerifier({ alg: "HS256", secret: SECRET, now });
  test("accepts a good token and maps its claims to a principal", async () => {
    const p = await verify(await hs({ scopes: ["publish", "subscribe"], publishTopics: ["trade.>"] }));
    expect(p.subject).toBe("alice");
    expect([...p.scopes].sort()).toEqual(["publish", "subscribe"]);
    expect(p.publish).toEqual(["trade.>"]);
    expect(p.subscribe).toEqual([">"]);
    expect(p.expiresAt).toBe(NOW + 60_000);
  });
  test("refuses a wrong secret, alg none, an expired token, one without exp, and bad topics", async () => {
    await rejects(verify(await hs({ key: "x".repeat(40) })), "unauthorized");
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(
      JSON.stringify({ sub: "a", scope: "subscribe", exp: NOW / 1000 + 60 }),
    ).toString("base64url")}.`;
    await rejects(verify(none), "unauthorized");
    await rejects(verify(await hs({ ttlMs: -60_000 })), "token_expired");
    await rejects(verify(await Jwt.sign({ sub: "a", scope: "subscribe" }, SECRET, "HS256")), "unauthorized");
    await rejects(verify(await hs({ subscribeTopics: ["not..valid"] })), "unauthorized");
  });
  test("checks iss and aud when configured", async () => {
    const strict = createTokenVerifier({ alg: "HS256", secret: SECRET, issuer: "idp", audience: "tickerwire", now });
    await rejects(strict(await hs()), "unauthorized");
    expect((await strict(await hs({ iss: "idp", aud: "tickerwire" }))).subject).toBe("alice");
  });
});

describe.each(["RS256", "ES256"] as const)("%s", (alg) => {
  test("verifies with a PEM public key; the algorithm is pinned", async () => {
    const k = await pemPair(alg);
    const verify = createTokenVerifier({ alg, publicKey: k.pub, now });
    expect((await verify(await hs({ alg, key: k.priv }))).subject).toBe("alice");
    // Key confusion: an HS256 token signed with the public key text as the secret.
    await rejects(verify(await hs({ alg: "HS256", key: k.pub })), "unauthorized");
    // Another key pair.
    const other = await pemPair(alg);
    await rejects(verify(await hs({ alg, key: other.priv })), "unauthorized");
  });
  test("verifies with a JWKS file, choosing the key by kid", async () => {
    const k = await pemPair(alg);
    const file = join(dir, `${alg}.jwks.json`);
    writeFileSync(file, JSON.stringify({ keys: [{ ...k.jwk, kid: "k1", alg }] }));
    const verify = createTokenVerifier({ alg, jwksFile: file, now });
    const privJwk = await crypto.subtle.exportKey(
      "jwk",
      await crypto.subtle.importKey(
        "pkcs8",
        Buffer.from(k.priv.replace(/-----[^-]+-----|\s/g, ""), "base64"),
        alg === "RS256" ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } : { name: "ECDSA", namedCurve: "P-256" },
        true,
        ["sign"],
      ),
    );
    const t = await Jwt.sign(
      { sub: "bob", scope: "subscribe", exp: NOW / 1000 + 60 },
      { ...privJwk, kid: "k1", alg } as Parameters<typeof Jwt.sign>[1],
      alg,
    );
    expect((await verify(t)).subject).toBe("bob");
    await rejects(verify(await hs()), "unauthorized"); // HS256 never accepted from a JWKS
  });
});

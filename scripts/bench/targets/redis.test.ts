import { describe, expect, it } from "bun:test";
import { freePort, REDIS_FSYNC, redisServerArgs } from "./redis.ts";

describe("redisServerArgs", () => {
  const args = redisServerArgs(6390, "/tmp/x");
  const opt = (name: string) => args[args.indexOf(name) + 1];
  it("runs a private server on 127.0.0.1 with its own dir", () => {
    expect(opt("--port")).toBe("6390");
    expect(opt("--bind")).toBe("127.0.0.1");
    expect(opt("--dir")).toBe("/tmp/x");
    expect(opt("--daemonize")).toBe("no");
  });
  it("keeps events in an AOF fsynced every second, with no RDB snapshots", () => {
    expect(REDIS_FSYNC).toBe("everysec");
    expect(opt("--appendonly")).toBe("yes");
    expect(opt("--appendfsync")).toBe("everysec");
    expect(opt("--save")).toBe("");
  });
});

describe("freePort", () => {
  it("returns a port that can be listened on", () => {
    const port = freePort();
    expect(port).toBeGreaterThan(0);
    const l = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
    expect(l.port).toBe(port);
    l.stop(true);
  });
});

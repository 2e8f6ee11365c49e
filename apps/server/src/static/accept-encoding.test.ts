import { describe, expect, it } from "bun:test";
import { chooseEncoding, parseAcceptEncoding } from "./accept-encoding.ts";

const BOTH = ["br", "gzip"] as const;

describe("chooseEncoding", () => {
  it("prefers brotli when a browser accepts both", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd", BOTH)).toBe("br");
  });

  it("takes gzip when brotli is not accepted or not held", () => {
    expect(chooseEncoding("gzip, deflate", BOTH)).toBe("gzip");
    expect(chooseEncoding("br, gzip", ["gzip"])).toBe("gzip");
    expect(chooseEncoding("x-gzip", BOTH)).toBe("gzip");
  });

  it("answers identity without a header, with an empty one, or when nothing is held", () => {
    expect(chooseEncoding(null, BOTH)).toBe("identity");
    expect(chooseEncoding("", BOTH)).toBe("identity");
    expect(chooseEncoding("identity", BOTH)).toBe("identity");
    expect(chooseEncoding("br", [])).toBe("identity");
  });

  it("follows q-values, and q=0 refuses a coding", () => {
    expect(chooseEncoding("br;q=0.5, gzip;q=0.8", BOTH)).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip", BOTH)).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0", BOTH)).toBe("identity");
    expect(chooseEncoding("gzip;q=0.2, identity;q=0.9", BOTH)).toBe("identity");
  });

  it("reads * as every coding not named", () => {
    expect(chooseEncoding("*", BOTH)).toBe("br");
    expect(chooseEncoding("br;q=0, *", BOTH)).toBe("gzip");
    expect(chooseEncoding("*;q=0", BOTH)).toBe("identity");
  });

  it("is case-insensitive and tolerates spaces and junk", () => {
    expect(chooseEncoding(" GZIP ; Q=1 , ,", BOTH)).toBe("gzip");
    expect(chooseEncoding("br;q=abc", BOTH)).toBe("identity");
  });
});

describe("parseAcceptEncoding", () => {
  it("clamps q to 0..1", () => {
    expect(parseAcceptEncoding("br;q=7, gzip;q=0.25")).toEqual(
      new Map([
        ["br", 1],
        ["gzip", 0.25],
      ]),
    );
  });
});

/**
 * The open-file limit: every client holds a socket, so N + M clients need N + M descriptors (plus
 * a few). Raises the soft limit to the hard one through libc's setrlimit (bun:ffi, Linux only;
 * Bun itself usually does this at start-up) and reports both.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

export interface OpenFileLimit {
  soft: number | null;
  hard: number | null;
}

/** RLIMIT_NOFILE on Linux (x86-64 and arm64). */
const RLIMIT_NOFILE = 7;
/** Descriptors beyond the clients: stdio, the publisher, /metrics, Bun's own. */
export const SPARE_FDS = 64;

export function neededFds(clients: number): number {
  return clients + SPARE_FDS;
}

/** Raises the soft limit toward the hard one (if it is below `want`) and returns the result. */
export function raiseOpenFileLimit(want: number): OpenFileLimit {
  if (process.platform !== "linux") return { soft: null, hard: null };
  try {
    const libc = dlopen("libc.so.6", {
      getrlimit: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
      setrlimit: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
    });
    try {
      const lim = new BigUint64Array(2);
      if (libc.symbols.getrlimit(RLIMIT_NOFILE, ptr(lim)) !== 0) return { soft: null, hard: null };
      if (lim[0]! < BigInt(want) && lim[0]! < lim[1]!) {
        const target = new BigUint64Array([lim[1]! < BigInt(want) ? lim[1]! : BigInt(want), lim[1]!]);
        libc.symbols.setrlimit(RLIMIT_NOFILE, ptr(target));
        libc.symbols.getrlimit(RLIMIT_NOFILE, ptr(lim));
      }
      return { soft: toNumber(lim[0]!), hard: toNumber(lim[1]!) };
    } finally {
      libc.close();
    }
  } catch {
    return { soft: null, hard: null };
  }
}

/** RLIM_INFINITY is all ones: report it as Infinity. */
function toNumber(v: bigint): number {
  return v >= BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(v);
}

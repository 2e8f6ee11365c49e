/**
 * Turns off zod's JIT before zod loads: imported FIRST by main.tsx (ES modules evaluate in import
 * order). Zod 4 probes `new Function("")` the first time it parses an object; a strict
 * `script-src 'self'` reports that probe as a CSP violation even though zod catches the throw.
 */
import type { $ZodConfig } from "zod/v4/core";

// zod 4.6.7 (v4/core/core.ts) takes `globalThis.__zod_globalConfig ??= {}` as its config object, so
// one set here before it loads is the one it reads; `jitless` also skips the eval probe
// (util.allowsEval). Set on the object, not replaced, so it still holds if zod loaded first.
const host = globalThis as typeof globalThis & { __zod_globalConfig?: $ZodConfig };
host.__zod_globalConfig ??= {};
host.__zod_globalConfig.jitless = true;

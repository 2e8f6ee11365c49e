import { afterEach, beforeEach } from "bun:test";
import { tempDir } from "../test/fixtures.ts";
import { historyCases } from "../test/history-cases.ts";
import { createLocalBus, type LocalBus } from "./index.ts";

let tmp: ReturnType<typeof tempDir>;
const open: LocalBus[] = [];
let n = 0;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
  tmp.cleanup();
});

historyCases(async (opts = {}) => {
  const b = createLocalBus({ path: tmp.file(`bus-${n++}.db`), ...opts });
  open.push(b);
  return b;
});

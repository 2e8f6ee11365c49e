/**
 * Test preload: registers happy-dom's DOM globals for the component tests. Bun's native
 * AbortController/AbortSignal are put back afterwards (happy-dom's break msw: docs/runtime-notes.md).
 */
import { GlobalRegistrator } from "@happy-dom/global-registrator";

// Times in panels are rendered in local time; pin the zone so expected texts are stable.
process.env.TZ = "UTC";

const { AbortController, AbortSignal } = globalThis;
GlobalRegistrator.register({ url: "http://localhost/" });
Object.assign(globalThis, { AbortController, AbortSignal });

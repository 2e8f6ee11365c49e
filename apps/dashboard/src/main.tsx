/**
 * Browser entry: reads the view from the URL, connects to the hub on this origin asking for its
 * desk state (`snapshot: true`: the state at seq S, then every event after S, so the figures are
 * exact at once however long the hub has run) and renders the app.
 * `connectShared`: tabs of this browser showing the same view share one hub connection (a leader
 * tab, elected with Web Locks, relays over BroadcastChannel); it falls back to a plain connection.
 * The session (client + signals) lives in import.meta.hot.data, so hot edits keep the data
 * and the connection.
 */
// Must stay the first import: it configures zod before anything loads zod (see the module).
import "./zod-jitless.ts";
import { connectShared } from "@tickerwire/client";
import { render } from "preact";
import { App } from "./App.tsx";
import { createSession, type Session } from "./session.ts";
import { readViewQuery } from "./state/view-query.ts";
import { createWatchModel, type WatchModel } from "./state/watch-status.ts";

function start(): Session {
  const view = readViewQuery(location.search);
  const client = connectShared({
    url: location.origin,
    filter: view.filter,
    transports: view.transports,
    // The desk state at seq S, then the tail; `?replay=all` folds the whole history instead.
    ...(view.replayAll ? { resume: { seq: 0 } } : { snapshot: true }),
  });
  return createSession({ client, view });
}

// Bun's documented HMR idiom: in production `import.meta.hot.data` is `{}`, so this is start().
// biome-ignore lint/suspicious/noAssignInExpressions: must stay one expression (see above)
const session: Session = (import.meta.hot.data.session ??= start());
// biome-ignore lint/suspicious/noAssignInExpressions: the same idiom, for the watch's poller
const watch: WatchModel = (import.meta.hot.data.watch ??= createWatchModel({ url: location.origin }));
const root = document.getElementById("app");
if (root) render(<App session={session} watch={watch} />, root);

if (import.meta.hot) import.meta.hot.accept();

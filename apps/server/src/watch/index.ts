/** The operators' watch: engine liveness, alert rules evaluated in the hub, signed webhooks. */
export type { Rule } from "./config/rule-file.ts";
export type { WatchConfig } from "./config/watch-config.ts";
export type { WebhookEndpoint } from "./config/webhook-file.ts";
export { HUB_KEY_PREFIX } from "./firing.ts";
export { hubDeskLedger, ownDeskLedger } from "./ledger/desk-ledger.ts";
export type { Figures, LedgerSource, LedgerView } from "./ledger/ledger-view.ts";
export { engineIdentity } from "./liveness/engine-id.ts";
export { setupWatch, type WatchSetupOptions } from "./setup.ts";
export { startWatch, type Watch } from "./watch.ts";
export { verifySignature } from "./webhooks/signature.ts";

/** Tabs sharing one hub connection: leader election over Web Locks, fan-out over BroadcastChannel. */
export { channelName } from "./channel-key.ts";
export { connectShared } from "./connect-shared.ts";

/**
 * How this repo starts Chromium: Debian's /usr/bin/chromium through playwright-core (never a
 * downloaded browser), headless, quiet and offline. Shared by the browser tests and the bench.
 * Chromium 156's Local Network Access checks block a page on http://127.0.0.1 from opening
 * ws://127.0.0.1 sockets (it treats the socket as a private-network request needing a permission
 * prompt), so those checks are turned off: every page and hub here live on loopback.
 * (Chromium honours only the last `--disable-features=`: a caller adding its own must repeat it.)
 */
export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-features=LocalNetworkAccessChecks",
] as const;

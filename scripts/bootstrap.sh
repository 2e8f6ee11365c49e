#!/usr/bin/env bash
# Idempotent set-up for a fresh machine (Node 20 + npm; Bun may be missing).
#   bash scripts/bootstrap.sh          Bun 1.4.4 + dependencies (for `bun run dev`)
#   bash scripts/bootstrap.sh --test   also Chromium, nginx, HAProxy, python3 and a local Redis (for `bun run test`)
set -euo pipefail

BUN_VERSION="1.4.4"
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

with_test=0
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (use --test or nothing)" ;;
  esac
done

# 1. Bun, exactly the version the lockfile was made with.
if [ "$(bun --version 2>/dev/null || true)" != "$BUN_VERSION" ]; then
  command -v npm >/dev/null 2>&1 || die "npm is needed to install bun $BUN_VERSION (install Node.js 20+ first)"
  say "installing bun $BUN_VERSION with npm"
  # npm 11 may warn that it skipped bun's postinstall script; the binary works anyway.
  npm install -g --silent "bun@$BUN_VERSION" >/dev/null
  hash -r
  have="$(bun --version 2>/dev/null || true)"
  [ "$have" = "$BUN_VERSION" ] || die "bun $BUN_VERSION not on PATH after install (found '${have:-none}'); add \$(npm prefix -g)/bin to PATH"
fi
say "bun $(bun --version)"

# 2. Dependencies, exactly as locked.
say "bun install --frozen-lockfile"
bun install --frozen-lockfile >/dev/null

[ "$with_test" = 1 ] || { say "ready: bun run dev"; exit 0; }

# 3. Chromium (browser tests) and nginx (proxy tests), from Debian.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# `apt-get update` at most once per run, and only when something has to be installed.
apt_updated=0
apt_update_once() {
  [ "$apt_updated" = 1 ] && return 0
  as_root apt-get update -qq
  apt_updated=1
}
export DEBIAN_FRONTEND=noninteractive
have_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
if [ ! -x /usr/bin/chromium ] || ! have_nginx; then
  command -v apt-get >/dev/null 2>&1 || die "chromium or nginx is missing and there is no apt-get to install them"
  say "installing chromium and nginx with apt-get"
  apt_update_once
  if ! as_root apt-get install -y -qq chromium nginx-light >/dev/null; then
    say "nginx-light unavailable; installing nginx"
    as_root apt-get install -y -qq chromium nginx >/dev/null
  fi
fi
say "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
say "nginx: $( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1) | head -n1)"

# 4. redis-server (the Redis bus and multi-instance tests start private ones), from Debian.
if ! command -v redis-server >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "redis-server is missing and there is no apt-get to install it"
  say "installing redis-server with apt-get"
  apt_update_once
  as_root apt-get install -y -qq redis-server >/dev/null
  hash -r
fi
say "redis-server: $(redis-server --version 2>/dev/null | head -n1 || echo missing)"

# 4a. python3 (the Python client's tests, clients/python), from Debian.
if ! command -v python3 >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "python3 is missing and there is no apt-get to install it"
  say "installing python3 with apt-get"
  apt_update_once
  as_root apt-get install -y -qq python3 >/dev/null
  hash -r
fi
say "python3: $(python3 --version 2>&1)"

# 4b. HAProxy (the deploy/haproxy config is tested too), from Debian.
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  command -v apt-get >/dev/null 2>&1 || die "haproxy is missing and there is no apt-get to install it"
  say "installing haproxy with apt-get"
  apt_update_once
  as_root apt-get install -y -qq haproxy >/dev/null
fi

# 5. Redis on 127.0.0.1:6379 (for the Redis bus tests), started in the background if needed.
redis_up() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null || true)" = "PONG" ]
  else
    # No client: speak RESP over bash's /dev/tcp.
    exec 3<>/dev/tcp/127.0.0.1/6379 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    local reply=""
    read -r -t 2 reply <&3 || true
    exec 3>&-
    [ "${reply%$'\r'}" = "+PONG" ]
  fi
}
if redis_up; then
  say "redis: answering on 127.0.0.1:6379"
elif command -v redis-server >/dev/null 2>&1; then
  say "redis: starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis_up && break; sleep 0.1; done
  redis_up && say "redis: up" || say "redis: started but not answering yet; Redis tests may fail"
else
  say "redis: not running and redis-server not installed; Redis tests will be skipped or fail"
fi
say "ready: bun run test"

#!/usr/bin/env bash
# Renders a proxy template of this directory for real instances (the same rules as the tests' renderer).
#   bash deploy/render.sh nginx   80  10.0.0.11:8081 10.0.0.12:8081 > /etc/nginx/conf.d/tickerwire.conf
#   bash deploy/render.sh haproxy :80 10.0.0.11:8081 10.0.0.12:8081 > /etc/haproxy/tickerwire.cfg
# `__LISTEN__` becomes the listen address; a line with `__UPSTREAM__` is written once per instance
# (`__NAME__` = hub1, hub2, ...). Comment lines are left as they are.
set -euo pipefail

die() { printf 'render: %s\n' "$*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: bash deploy/render.sh nginx|haproxy LISTEN HOST:PORT [HOST:PORT...]"
dir="$(dirname "$0")"
case "$1" in
  nginx) template="$dir/nginx/tickerwire.conf" ;;
  haproxy) template="$dir/haproxy/tickerwire.cfg" ;;
  *) die "unknown proxy '$1' (nginx or haproxy)" ;;
esac
listen="$2"
shift 2

awk -v listen="$listen" -v ups="$*" '
  /^[[:space:]]*#/ { print; next }
  { gsub(/__LISTEN__/, listen) }
  /__UPSTREAM__/ {
    n = split(ups, u, " ")
    for (i = 1; i <= n; i++) { l = $0; gsub(/__UPSTREAM__/, u[i], l); gsub(/__NAME__/, "hub" i, l); print l }
    next
  }
  /__[A-Z]+__/ { print "render: placeholder left in: " $0 > "/dev/stderr"; bad = 1 }
  { print }
  END { exit bad }
' "$template"

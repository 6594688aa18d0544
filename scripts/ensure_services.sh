#!/usr/bin/env bash
# Install PostgreSQL (API tests, benchmark, production option) and redis-server (the bot) when missing.
# Idempotent and quiet; installing needs root. Nothing is started here: tests start their own throwaway server.
set -euo pipefail
missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v redis-server >/dev/null 2>&1; then
  missing+=(redis-server)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure_services: need root to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian package may start a cluster of its own; the project does not use it.
echo "ensure_services: installed ${missing[*]}"

#!/usr/bin/env bash
# Install PostgreSQL (API tests, benchmark, production option), redis-server (the bot), nginx (tests/security) and
# wrk (load generator of scripts/bench_api.py) when missing. Idempotent and quiet; installing needs root. Nothing is
# started here: tests start their own throwaway server. wrk is optional: without root it is only reported (the
# benchmark falls back).
set -euo pipefail
missing=()
optional=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v redis-server >/dev/null 2>&1; then
  missing+=(redis-server)
fi
# The reverse-proxy example (deploy/nginx/minwon.conf) is tested behind a throwaway nginx.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  missing+=(nginx)
fi
# The staff console's browser tests: the system Chromium (never a downloaded one), Korean fonts, npm for htmx.
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Its Korean UI strings: without them Chromium draws date fields as mm/dd/yyyy whatever the page's locale.
[ -f /usr/lib/chromium/locales/ko.pak ] || missing+=(chromium-l10n)
[ -d /usr/share/fonts/truetype/nanum ] || missing+=(fonts-nanum)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ! command -v wrk >/dev/null 2>&1; then
  optional+=(wrk)
fi
[ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  if [ ${#missing[@]} -eq 0 ]; then
    echo "ensure_services: not root, not installing ${optional[*]} (only the benchmark uses it)" >&2
    exit 0
  fi
  echo "ensure_services: need root to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian package may start a cluster of its own; the project does not use it.
  echo "ensure_services: installed ${missing[*]}"
fi
if [ ${#optional[@]} -gt 0 ]; then
  if apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null; then
    echo "ensure_services: installed ${optional[*]}"
  else
    echo "ensure_services: could not install ${optional[*]} (optional, benchmark only)" >&2
  fi
fi

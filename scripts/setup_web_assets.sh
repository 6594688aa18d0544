#!/usr/bin/env bash
# Third-party JavaScript for the staff console, pinned, from the npm registry into the git-ignored
# var/web-assets (served by the API at /console/assets/). Does nothing when the pinned version is there.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX_VERSION=2.0.11
# Chart.js draws the service-standard dashboard's charts.
CHARTJS_VERSION=4.6.1
DEST=var/web-assets
has() { [ -f "$DEST/node_modules/$1/package.json" ] && grep -q "\"version\": \"$2\"" "$DEST/node_modules/$1/package.json"; }
if has htmx.org "$HTMX_VERSION" && has chart.js "$CHARTJS_VERSION"; then
  exit 0
fi
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
mkdir -p "$DEST"
# One install for all: npm removes packages a later --no-save install does not name.
npm install --silent --no-audit --no-fund --no-save --prefix "$DEST" "htmx.org@$HTMX_VERSION" "chart.js@$CHARTJS_VERSION"
echo "setup_web_assets: htmx $HTMX_VERSION, chart.js $CHARTJS_VERSION in $DEST"

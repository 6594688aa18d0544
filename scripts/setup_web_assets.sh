#!/usr/bin/env bash
# Third-party JavaScript for the staff console, pinned, from the npm registry into the git-ignored
# var/web-assets (served by the API at /console/assets/). Does nothing when the pinned version is there.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX_VERSION=2.0.11
DEST=var/web-assets
if [ -f "$DEST/node_modules/htmx.org/package.json" ] \
   && grep -q "\"version\": \"$HTMX_VERSION\"" "$DEST/node_modules/htmx.org/package.json"; then
  exit 0
fi
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
mkdir -p "$DEST"
npm install --silent --no-audit --no-fund --no-save --prefix "$DEST" "htmx.org@$HTMX_VERSION"
echo "setup_web_assets: htmx $HTMX_VERSION in $DEST"

#!/usr/bin/env bash
# Create .venv-api (Python 3.11) and install api/requirements.txt and the project's civic_rules package; does
# nothing when neither changed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-api
# Runtime and test-only pins, and every transitive version (all three are in the stamp).
REQS=(api/requirements.txt api/requirements-test.txt api/constraints.txt)
STAMP="$VENV/.requirements.sha256"
PY="${API_PYTHON:-$HOME/.pyenv/versions/3.11.7/bin/python}"
if [ ! -x "$PY" ]; then
  PY="$(command -v python3.11 || true)"
fi
if [ -z "$PY" ] || [ ! -x "$PY" ]; then
  echo "setup_api_env: Python 3.11 not found (set API_PYTHON)" >&2
  exit 1
fi
want="$(cat "${REQS[@]}" civic_rules/pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r api/requirements.txt \
  -r api/requirements-test.txt -c api/constraints.txt
# The rules the API shares with the bot (editable: its code is read from civic_rules/).
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ./civic_rules
echo "$want" > "$STAMP"
echo "setup_api_env: $VENV ready"

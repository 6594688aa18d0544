#!/usr/bin/env bash
# Create .venv-bot (Python 3.10, as Rasa 3.6 requires) and install bot/requirements.txt pinned by
# bot/constraints.txt and the project's civic_rules package; does nothing when none of them changed.
# Installs the Java runtime that konlpy's Okt and Komoran need when it can (root with apt), and warns otherwise:
# config.yml uses Mecab, which needs none, but the tests check all three analyzers.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-bot
STAMP="$VENV/.requirements.sha256"

if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup_bot_env: installing a Java runtime for konlpy's Okt and Komoran (default-jre-headless)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
  else
    # The bot itself runs on Mecab: only the Okt and Komoran analyzers, and their tests, need Java.
    echo "setup_bot_env: no Java runtime ('java' is not on PATH). The bot runs without it (Mecab), but" >&2
    echo "  konlpy's Okt and Komoran and their tests need one (JDK/JRE 11+; Debian/Ubuntu:" >&2
    echo "  sudo apt-get install default-jre-headless)." >&2
  fi
fi

PY="${BOT_PYTHON:-$HOME/.pyenv/versions/3.10.13/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3.10 || true)"
if [ -z "$PY" ] || [ ! -x "$PY" ]; then
  echo "setup_bot_env: Python 3.10 not found. Rasa 3.6 needs it: install it (e.g. pyenv install 3.10.13) or set BOT_PYTHON." >&2
  exit 1
fi

want="$(cat bot/requirements.txt bot/constraints.txt civic_rules/pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r bot/requirements.txt -c bot/constraints.txt
# The rules the bot shares with the API (editable: its code is read from civic_rules/).
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -c bot/constraints.txt -e ./civic_rules
"$VENV/bin/rasa" telemetry disable >/dev/null 2>&1 || true
echo "$want" > "$STAMP"
echo "setup_bot_env: $VENV ready"

#!/usr/bin/env bash
# The whole test suite (what CI runs): first the lint and the fast suites (scripts/test_fast.sh, stopping on a
# failure), then installs what is missing, trains the model it tests when none matches the current data,
# validates the training data and runs the rest of every test directory.
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$PROJECT_ROOT"
bash scripts/test_fast.sh "$@"
bash scripts/ensure_services.sh
bash scripts/setup_web_assets.sh
bash scripts/train_if_needed.sh
source scripts/bot_env.sh

echo "== rasa data validate"
.venv-bot/bin/rasa data validate --config config.yml --domain domain.yml --data data/nlu data/dialogue \
  --fail-on-warnings --quiet

status=0
echo "== bot tests of the trained model (the components' own ran in the fast stage)"
.venv-bot/bin/pytest tests/bot -q -m model "$@" || status=1
echo "== conversations and the test stories through the REST channel (Rasa, action server and API running)"
.venv-bot/bin/pytest tests/conversation -q "$@" || status=1
echo "== the bot's HTTP surface (tokens, loopback, forged slots, the nginx example in front)"
.venv-bot/bin/pytest tests/security -q "$@" || status=1
echo "== the KakaoTalk channel (skill payloads, callbacks; Rasa, action server and API running)"
.venv-bot/bin/pytest tests/channels -q "$@" || status=1
echo "== API tests on PostgreSQL, the fuzzing and the CLI (the rest ran in the fast stage)"
.venv-api/bin/pytest tests/api -q -m slow "$@" || status=1
echo "== staff console (rules, and pages in headless Chromium)"
.venv-api/bin/pytest tests/console -q "$@" || status=1
echo "== homepage chat widget (pages in headless Chromium; Rasa, action server and API running)"
.venv-api/bin/pytest tests/web -q "$@" || status=1
exit $status

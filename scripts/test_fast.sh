#!/usr/bin/env bash
# The fast loop (`make test-fast`; also the first stage of `make test`): the lint, then every suite that needs no
# installed service, no trained model and no Rasa server: the shared rules, the API on SQLite, the NLU components,
# the custom actions against a real API. Stops at the first failure. About 2 minutes on 2 cores.
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$PROJECT_ROOT"
bash scripts/setup_bot_env.sh
bash scripts/setup_api_env.sh
source scripts/bot_env.sh

echo "== lint and format (ruff.toml)"
.venv-api/bin/ruff check .
.venv-api/bin/ruff format --check .
echo "== shared rules (civic_rules, in both environments)"
.venv-bot/bin/pytest tests/civic_rules -q "$@"
.venv-api/bin/pytest tests/civic_rules -q "$@"
echo "== API tests on SQLite (PostgreSQL and the fuzzing are marked slow: make test runs them)"
.venv-api/bin/pytest tests/api -q -m "not slow" "$@"
echo "== NLU components (the tests of the trained model are marked model: make test runs them)"
.venv-bot/bin/pytest tests/bot -q -m "not model" "$@"
echo "== action tests (against a running API)"
.venv-bot/bin/pytest tests/actions -q "$@"
echo "== the KakaoTalk channel: payloads, responses, retries, handoff (its tests on a running Rasa are marked model)"
.venv-bot/bin/pytest tests/channels -q -m "not model" "$@"

#!/usr/bin/env bash
# Install what is missing, train a model if none matches the current data, and run everything
# (API, action server, Rasa server) in the foreground. Ctrl-C stops all of them.
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$PROJECT_ROOT"
bash scripts/setup_bot_env.sh
bash scripts/setup_api_env.sh
bash scripts/setup_web_assets.sh
bash scripts/train_if_needed.sh
source scripts/bot_env.sh
mkdir -p var
# The action server authenticates to the API with this token; one is made per machine if unset.
if [ -z "${API_SERVICE_TOKEN:-}" ]; then
  [ -f var/service-token ] || head -c 32 /dev/urandom | base64 | tr -d '/+=' > var/service-token
  API_SERVICE_TOKEN="$(cat var/service-token)"
fi
export API_SERVICE_TOKEN
# Rasa's HTTP API (the API resumes conversations with RASA_TOKEN) and the action server (only Rasa calls it) need
# shared secrets too: from the environment, else made once per machine in var/.
secret() { [ -f "var/$1" ] || (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=' > "var/$1"); cat "var/$1"; }
export RASA_TOKEN="${RASA_TOKEN:-$(secret rasa-token)}"
export ACTION_SERVER_TOKEN="${ACTION_SERVER_TOKEN:-$(secret action-token)}"
export API_URL="${API_URL:-http://127.0.0.1:${API_PORT:-8000}}"
# Closing a handoff in the API resumes the paused Rasa conversation through this URL.
export RASA_URL="${RASA_URL:-http://127.0.0.1:${RASA_PORT:-5005}}"
# The demo homepage's widget tag names the chatbot's address as the citizen's browser reaches it.
export WIDGET_BOT_URL="${WIDGET_BOT_URL:-$RASA_URL}"
# A development machine gets the demo staff accounts on its first start (README); never with APP_ENV=production.
if [ "${APP_ENV:-development}" != production ]; then
  .venv-api/bin/python -m api.staff.seed_demo
fi
api="http://127.0.0.1:${API_PORT:-8000}" rasa="http://127.0.0.1:${RASA_PORT:-5005}"
echo "start: homepage with the chat widget $api/ · staff console $api/console/ · API $api/docs"
echo "start: Kakao skill $rasa/webhooks/kakao/webhook · web widget $rasa/webhooks/web/webhook · REST $rasa/webhooks/rest/webhook"
exec .venv-api/bin/honcho start -f Procfile

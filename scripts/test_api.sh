#!/usr/bin/env bash
# Run the complaint API test suite (SQLite and a throwaway PostgreSQL). Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure_services.sh
bash scripts/setup_api_env.sh
exec .venv-api/bin/pytest tests/api -q -p no:cacheprovider "$@"

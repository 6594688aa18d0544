# The two commands a newcomer needs (see README): `make start` and `make test`.
.PHONY: start test test-fast benchmark-nlu benchmark-api benchmark-conversation benchmark-kakao benchmark-console \
	benchmark-dashboard benchmark-widget

start:
	bash scripts/start.sh

test:
	bash scripts/test.sh

# The fast loop: lint and the suites that need no installed service, no trained model and no Rasa server
# (scripts/test_fast.sh; make test runs it first and stops there on a failure).
test-fast:
	bash scripts/test_fast.sh

benchmark-nlu:
	bash -c 'PROJECT_ROOT=$$PWD; source scripts/bot_env.sh; .venv-bot/bin/python benchmarks/benchmark_nlu.py'

benchmark-api:
	.venv-api/bin/python scripts/bench_api.py

benchmark-conversation:
	bash scripts/train_if_needed.sh
	bash -c 'PROJECT_ROOT=$$PWD; source scripts/bot_env.sh; .venv-bot/bin/python benchmarks/benchmark_conversation.py'

benchmark-kakao:
	bash scripts/train_if_needed.sh
	bash -c 'PROJECT_ROOT=$$PWD; source scripts/bot_env.sh; .venv-bot/bin/python benchmarks/benchmark_kakao.py'

benchmark-console:
	bash scripts/ensure_services.sh
	.venv-api/bin/python benchmarks/benchmark_console.py

benchmark-dashboard:
	bash scripts/ensure_services.sh
	.venv-api/bin/python benchmarks/benchmark_dashboard.py

# Needs the stack running (make start) in another terminal; files real complaints into its database.
benchmark-widget:
	.venv-api/bin/python benchmarks/benchmark_widget.py

"""What the test suites share: server processes on free ports, the real API as a process, a throwaway
PostgreSQL, the API tests' data and staff, Rasa trackers for the action tests, and the bot's servers with the
trained model.

Importable as `tests.support` because pytest.ini puts the project root on the path (`pythonpath = .`).
Modules that import `api` need .venv-api, those that import `rasa_sdk` need .venv-bot.
"""

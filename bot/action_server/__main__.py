"""`python -m bot.action_server --actions actions --port N`: rasa_sdk's action server (the arguments of
`rasa run actions`), bound to ACTION_HOST (loopback unless set; rasa_sdk reads SANIC_HOST) and answering only
calls that carry ACTION_SERVER_TOKEN (caller_check). It refuses to start without the token."""

import os
import sys

from bot.action_server import caller_check

if __name__ == "__main__":
    token = os.environ.get("ACTION_SERVER_TOKEN")
    if not token:
        sys.exit(
            "bot.action_server: set ACTION_SERVER_TOKEN (the Rasa server sends it; scripts/start.sh makes one "
            "in var/action-token)"
        )
    os.environ["SANIC_HOST"] = os.environ.get("ACTION_HOST") or "127.0.0.1"
    caller_check.install(token)

    from rasa_sdk.__main__ import main

    sys.argv[0] = "rasa_sdk"
    main()

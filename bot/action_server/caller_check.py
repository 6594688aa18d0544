"""The action server answers only the Rasa server: every call but /health must carry the shared secret
ACTION_SERVER_TOKEN in the X-Action-Token header, which Rasa sends from endpoints.yml
(`action_endpoint.headers`). rasa_sdk 3.6 checks no credentials itself; its plugin hook
(attach_sanic_app_extensions) is where the check is added to its Sanic app.
"""

from __future__ import annotations

import hmac

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Request, response
from sanic.response import HTTPResponse

HEADER = "X-Action-Token"
OPEN_PATHS = ("/health",)  # readiness checks reveal nothing

hookimpl = pluggy.HookimplMarker("rasa_sdk")


class CallerCheck:
    def __init__(self, token: str):
        if not token:
            raise ValueError("an empty shared secret would let anyone in")
        self._token = token.encode()

    def allows(self, request: Request) -> bool:
        if request.path in OPEN_PATHS:
            return True
        return hmac.compare_digest(request.headers.get(HEADER, "").encode(), self._token)

    async def check(self, request: Request) -> HTTPResponse | None:
        if self.allows(request):
            return None
        return response.json({"error": "the action server answers the Rasa server only"}, status=401)

    @hookimpl
    def attach_sanic_app_extensions(self, app) -> None:
        app.register_middleware(self.check, "request")


def install(token: str) -> None:
    plugin_manager().register(CallerCheck(token))

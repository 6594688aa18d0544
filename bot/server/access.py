"""Keep the Rasa server's HTTP API internal: `rasa run` binds to loopback unless RASA_HOST names another
interface, and the HTTP API (`--enable-api`: /conversations, /model, /status ...) is served only with a token.

The token comes from RASA_TOKEN and is added to the arguments inside this process, so it never shows in
the process list (`ps`) as a command-line option would. Callers send it as `Authorization: Bearer <token>` or,
as Rasa itself reads it, `?token=<token>`.
Channel webhooks (/webhooks/...) need no token: citizens' channels reach them (through the reverse proxy,
deploy/nginx/minwon.conf).
"""

from __future__ import annotations

import functools
import hmac
import inspect
from typing import List, Mapping, Optional, Sequence

from rasa import server as rasa_server

LOOPBACK = "127.0.0.1"


def _has_option(args: Sequence[str], *names: str) -> bool:
    return any(a in names or a.startswith(tuple(f"{n}=" for n in names if n.startswith("--"))) for a in args)


def is_server_run(args: Sequence[str]) -> bool:
    """`rasa run ...` but not `rasa run actions` (the action server has its own entry point)."""
    return len(args) > 0 and args[0] == "run" and not (len(args) > 1 and args[1] == "actions")


def run_arguments(args: Sequence[str], env: Mapping[str, str]) -> List[str]:
    """Rasa's arguments (after `rasa`) with the interface and the API token filled in from the environment."""
    args = list(args)
    if not is_server_run(args):
        return args
    if not _has_option(args, "-i", "--interface"):
        args += ["--interface", env.get("RASA_HOST") or LOOPBACK]
    if "--enable-api" in args and not _has_option(args, "--auth-token", "--jwt-secret"):
        token = env.get("RASA_TOKEN")
        if not token:
            raise SystemExit(
                "bot.server: --enable-api needs RASA_TOKEN (Rasa's HTTP API must not be open; the API "
                "sends the same token); scripts/start.sh makes one in var/rasa-token"
            )
        args.append(f"--auth-token={token}")  # one argument: a token may start with "-"
    return args


_requires_auth = rasa_server.requires_auth


def requires_auth(app, token: Optional[str] = None):
    """Rasa's token check, which also takes the token as `Authorization: Bearer <token>`: a header stays out of
    access logs, where a query string lands. Compared in constant time; anything else goes to Rasa's check
    (`?token=`, JWT)."""
    rasa_check = _requires_auth(app, token)

    def decorator(f):
        checked = rasa_check(f)

        @functools.wraps(f)
        async def decorated(request, *args, **kwargs):
            header = request.headers.get("Authorization", "")
            if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
                result = f(request, *args, **kwargs)
                return await result if inspect.isawaitable(result) else result
            return await checked(request, *args, **kwargs)

        return decorated

    return decorator


def apply() -> None:
    rasa_server.requires_auth = requires_auth

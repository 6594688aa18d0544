"""Console sessions: an HttpOnly, Secure, SameSite=Strict cookie carrying the backend's opaque staff token
(same expiry and revocation as the JSON API), and a CSRF token bound to that session."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from starlette.exceptions import HTTPException

from api.handoffs import service as handoffs
from api.staff.models import Staff
from api.staff.service import TOKEN_PREFIX, resolve_token

SESSION_COOKIE = "console_session"
LOGIN_CSRF_COOKIE = "console_login_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOGIN_PATH = "/console/login"


@dataclass
class ConsoleUser:
    staff: Staff
    token: str
    csrf: str

    @property
    def is_admin(self) -> bool:
        return self.staff.role == "admin"

    def can_see(self, department_id: str | None) -> bool:
        return handoffs.can_see(self.staff, department_id)


def csrf_for(request: Request, token: str) -> str:
    secret = request.app.state.settings.session_secret.get_secret_value()
    return hmac.new(secret.encode(), b"console-csrf:" + token.encode(), hashlib.sha256).hexdigest()


def login_redirect(request: Request, expired: bool) -> HTTPException:
    target = LOGIN_PATH + ("?expired=1" if expired else "")
    # htmx follows HX-Redirect with a full page load; a plain request follows Location.
    return HTTPException(303, "로그인이 필요합니다.", headers={"Location": target, "HX-Redirect": target})


def current_user(request: Request) -> ConsoleUser:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise login_redirect(request, expired=False)
    staff = None
    if token.startswith(TOKEN_PREFIX) and token.isascii() and len(token) < 200:
        state = request.app.state
        with state.db.reader() as session:
            staff = resolve_token(
                session, token, secret=state.settings.session_secret.get_secret_value(), now=state.clock()
            )
    if staff is None:
        raise login_redirect(request, expired=True)
    return ConsoleUser(staff=staff, token=token, csrf=csrf_for(request, token))


async def check_csrf(request: Request, user: ConsoleUser) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), user.csrf.encode()):
        raise HTTPException(403, "보안 확인 값(CSRF)이 맞지 않습니다. 화면을 새로 고친 뒤 다시 시도해 주십시오.")


def set_session_cookie(response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, path="/console", secure=True, httponly=True, samesite="strict"
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/console", secure=True, httponly=True, samesite="strict")


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def set_login_csrf_cookie(response: Response, value: str) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE, value, max_age=3600, path="/console", secure=True, httponly=True, samesite="strict"
    )

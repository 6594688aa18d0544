"""FastAPI dependencies: database sessions, clock, county, and who is calling (principal)."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.county import County
from api.db import Database
from api.errors import ApiError, forbidden, unauthorized
from api.settings import Settings
from api.staff.models import Staff
from api.staff.service import resolve_token
from api.textclean import clean_text

bearer = HTTPBearer(auto_error=False, description="직원 로그인 토큰 또는 챗봇 서비스 토큰")


# Cheap dependencies are `async def` on purpose: a sync dependency costs a thread-pool hop per request,
# which dominated the latency of the citizen lookup under load.


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_county(request: Request) -> County:
    return request.app.state.county


async def get_database(request: Request) -> Database:
    return request.app.state.db


async def get_now(request: Request) -> datetime:
    return request.app.state.clock()


async def read_db(request: Request) -> AsyncIterator[Session]:
    # Creating a session does no I/O; the connection is taken in the (threaded) endpoint.
    session = request.app.state.db.read_session()
    try:
        yield session
    finally:
        # Closed right here, not via the thread pool: a write transaction left open must never wait
        # for a free worker thread while those threads wait for its lock (SQLite deadlock).
        session.close()


async def write_db(request: Request) -> AsyncIterator[Session]:
    # Routes commit explicitly; anything left uncommitted (errors) is rolled back by close().
    session = request.app.state.db.write_session()
    try:
        yield session
    finally:
        session.close()


def client_ip(request: Request) -> str:  # plain helper, not a dependency
    if request.app.state.settings.trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for")
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return request.client.host if request.client else "unknown"


@dataclass
class Principal:
    kind: Literal["anonymous", "service", "staff"]
    staff: Staff | None = None
    token: str | None = None

    @property
    def role(self) -> str:
        return self.staff.role if self.staff else self.kind

    @property
    def actor(self) -> str:
        return f"staff:{self.staff.id}" if self.staff else self.kind

    @property
    def is_admin(self) -> bool:
        return self.staff is not None and self.staff.role == "admin"

    def can_see_department(self, department_id: str) -> bool:
        return self.staff is not None and (self.staff.role == "admin" or self.staff.department_id == department_id)


async def get_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    if credentials is None:
        if request.headers.get("authorization"):
            raise unauthorized("인증 정보 형식이 올바르지 않습니다. 'Bearer 토큰' 형식으로 보내 주십시오.")
        return Principal("anonymous")
    token = credentials.credentials.strip()
    settings: Settings = request.app.state.settings
    service = settings.api_service_token.get_secret_value() if settings.api_service_token else None
    if service and hmac.compare_digest(token.encode(), service.encode()):
        return Principal("service", token=token)
    if token.startswith("stf_") and token.isascii() and len(token) < 200:
        staff = await run_in_threadpool(_staff_for_token, request, token)
        if staff is not None:
            return Principal("staff", staff=staff, token=token)
    raise unauthorized("인증 정보가 올바르지 않거나 만료되었습니다. 다시 로그인해 주십시오.")


def _staff_for_token(request: Request, token: str) -> Staff | None:
    settings: Settings = request.app.state.settings
    with request.app.state.db.reader() as session:
        return resolve_token(
            session, token, secret=settings.session_secret.get_secret_value(), now=request.app.state.clock()
        )


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require(*allowed: str) -> Callable[[Principal], Principal]:
    """Allow the given principal kinds/roles: 'service', 'officer', 'manager', 'admin', 'staff' (= any staff)."""

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if principal.kind == "anonymous":
            raise unauthorized()
        if principal.kind == "service":
            if "service" in allowed:
                return principal
            raise forbidden("챗봇 서비스 인증으로는 이 기능을 사용할 수 없습니다.")
        if "staff" in allowed or principal.role in allowed:
            return principal
        raise forbidden("이 작업을 할 권한이 없습니다. 부서장 또는 관리자에게 문의해 주십시오.")

    return dependency


ReadDB = Annotated[Session, Depends(read_db)]
WriteDB = Annotated[Session, Depends(write_db)]
Now = Annotated[datetime, Depends(get_now)]
CountyDep = Annotated[County, Depends(get_county)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]

ServiceOnly = Annotated[Principal, Depends(require("service"))]
AnyStaff = Annotated[Principal, Depends(require("staff"))]
ManagerOrAdmin = Annotated[Principal, Depends(require("manager", "admin"))]
AdminOnly = Annotated[Principal, Depends(require("admin"))]
ServiceOrStaff = Annotated[Principal, Depends(require("service", "staff"))]


def access_reason(request: Request, reason: str | None) -> str | None:
    """Reason for revealing personal data: `reason` query parameter or X-Access-Reason header."""
    value = reason if reason is not None else request.headers.get("x-access-reason")
    if value is None:
        return None
    value = clean_text(value)
    if len(value) < 2 or len(value) > 300:
        raise ApiError(422, "열람 사유(reason)는 2자 이상 300자 이하로 입력해 주십시오.")
    return value

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from api.deps import AdminOnly, AnyStaff, CountyDep, ManagerOrAdmin, Now, ReadDB, SettingsDep, WriteDB, client_ip
from api.errors import ApiError
from api.staff import service
from api.staff.models import Staff
from api.staff.schemas import LoginRequest, LoginResponse, StaffCreate, StaffOut

auth_router = APIRouter(prefix="/auth", tags=["staff"])
router = APIRouter(prefix="/staff", tags=["staff"])


@auth_router.post("/login", response_model=LoginResponse, summary="직원 로그인 (토큰 발급)")
def login(body: LoginRequest, request: Request, session: WriteDB, settings: SettingsDep, now: Now):
    if request.app.state.login_limiter.hit(client_ip(request)) is not None:
        raise ApiError(429, "로그인 시도가 너무 많습니다. 잠시 후 다시 시도해 주십시오.", "rate_limited")
    staff = service.authenticate(session, body.username, body.password)
    if staff is None:
        raise ApiError(401, "아이디 또는 비밀번호가 올바르지 않습니다.", "bad_credentials")
    token, row = service.open_session(
        session,
        staff,
        secret=settings.session_secret.get_secret_value(),
        ttl_minutes=settings.session_ttl_minutes,
        now=now,
    )
    session.commit()
    return LoginResponse(access_token=token, expires_at=row.expires_at, staff=StaffOut.model_validate(staff))


@auth_router.post("/logout", status_code=204, summary="로그아웃 (토큰 폐기)")
def logout(principal: AnyStaff, session: WriteDB, settings: SettingsDep, now: Now):
    service.revoke_token(session, principal.token, secret=settings.session_secret.get_secret_value(), now=now)
    session.commit()
    return Response(status_code=204)


@auth_router.get("/me", response_model=StaffOut, summary="로그인한 직원 정보")
def me(principal: AnyStaff):
    return StaffOut.model_validate(principal.staff)


@router.get("", response_model=list[StaffOut], summary="직원 목록 (부서장: 자기 부서, 관리자: 전체)")
def list_staff(
    principal: ManagerOrAdmin, session: ReadDB, department_id: Annotated[str | None, Query(max_length=40)] = None
):
    query = select(Staff).order_by(Staff.id)
    if not principal.is_admin:
        department_id = principal.staff.department_id
    if department_id:
        query = query.where(Staff.department_id == department_id)
    return [StaffOut.model_validate(s) for s in session.scalars(query)]


@router.post("", response_model=StaffOut, status_code=201, summary="직원 계정 생성 (관리자)")
def create_staff(body: StaffCreate, principal: AdminOnly, session: WriteDB, county: CountyDep, now: Now):
    staff = service.create_staff(
        session,
        username=body.username,
        display_name=body.display_name,
        role=body.role,
        department_id=body.department_id,
        password=body.password,
        now=now,
        known_departments=set(county.departments),
    )
    session.commit()
    return StaffOut.model_validate(staff)

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.errors import ApiError, conflict
from api.staff.models import ROLES, Staff, StaffSession
from api.staff.passwords import hash_password, verify_password

TOKEN_PREFIX = "stf_"


def token_hash(secret: str, token: str) -> str:
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def create_staff(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    department_id: str | None,
    password: str,
    now: datetime,
    known_departments: set[str],
) -> Staff:
    if role not in ROLES:
        raise ApiError(422, "역할은 officer, manager, admin 중 하나여야 합니다.")
    if role == "admin":
        department_id = None
    elif department_id not in known_departments:
        raise ApiError(422, "담당자와 부서장은 등록된 부서에 소속되어야 합니다.")
    if session.scalar(select(Staff.id).where(Staff.username == username)) is not None:
        raise conflict("이미 사용 중인 아이디입니다.", "username_taken")
    staff = Staff(
        username=username,
        display_name=display_name,
        role=role,
        department_id=department_id,
        password_hash=hash_password(password),
        is_active=True,
        created_at=now,
    )
    session.add(staff)
    session.flush()
    return staff


def staff_count(session: Session) -> int:
    return session.scalar(select(func.count(Staff.id))) or 0


def authenticate(session: Session, username: str, password: str) -> Staff | None:
    staff = session.scalar(select(Staff).where(Staff.username == username))
    ok = verify_password(staff.password_hash if staff else None, password)
    if staff is None or not ok or not staff.is_active:
        return None
    return staff


def open_session(
    session: Session, staff: Staff, *, secret: str, ttl_minutes: int, now: datetime
) -> tuple[str, StaffSession]:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = StaffSession(
        token_hash=token_hash(secret, token),
        staff_id=staff.id,
        created_at=now,
        expires_at=now + timedelta(minutes=ttl_minutes),
    )
    session.add(row)
    session.flush()
    return token, row


def resolve_token(session: Session, token: str, *, secret: str, now: datetime) -> Staff | None:
    row = session.execute(
        select(StaffSession, Staff)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .where(StaffSession.token_hash == token_hash(secret, token))
    ).first()
    if row is None:
        return None
    sess, staff = row
    if sess.revoked_at is not None or sess.expires_at <= now or not staff.is_active:
        return None
    return staff


def revoke_token(session: Session, token: str, *, secret: str, now: datetime) -> None:
    row = session.scalar(select(StaffSession).where(StaffSession.token_hash == token_hash(secret, token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now

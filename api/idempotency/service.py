"""Idempotent POSTs: the first response for (scope, key) is stored and replayed for every retry."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any

from fastapi.responses import JSONResponse
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from api.errors import ApiError, conflict
from api.idempotency.models import IdempotencyRecord

_KEY_RE = re.compile(r"^[A-Za-z0-9._:\-]{1,200}$")


def validate_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not _KEY_RE.match(key):
        raise ApiError(422, "Idempotency-Key 헤더는 영문, 숫자, '-', '_', '.', ':'로 된 200자 이하 값이어야 합니다.")
    return key


def fingerprint(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


_FIND = select(IdempotencyRecord).where(
    IdempotencyRecord.scope == bindparam("scope"), IdempotencyRecord.key == bindparam("key")
)


def find(session: Session, scope: str, key: str) -> IdempotencyRecord | None:
    return session.scalar(_FIND, {"scope": scope, "key": key})


def replay(session: Session, record: IdempotencyRecord, request_hash: str) -> JSONResponse:
    stored_hash, status_code, body = record.request_hash, record.status_code, record.response_body
    # End the (writer) transaction now: a replay writes nothing and must not hold the lock.
    session.rollback()
    if stored_hash != request_hash:
        raise conflict(
            "같은 Idempotency-Key로 다른 내용의 요청이 이미 처리되었습니다. 새 요청에는 새 키를 사용해 주십시오.",
            "idempotency_key_reused",
        )
    return JSONResponse(status_code=status_code, content=json.loads(body), headers={"Idempotent-Replayed": "true"})


def save(
    session: Session,
    *,
    scope: str,
    key: str,
    request_hash: str,
    status_code: int,
    body: Any,
    resource_id: str,
    now: datetime,
) -> None:
    session.add(
        IdempotencyRecord(
            scope=scope,
            key=key,
            request_hash=request_hash,
            status_code=status_code,
            response_body=json.dumps(body, ensure_ascii=False),
            resource_id=resource_id,
            created_at=now,
        )
    )
    session.flush()

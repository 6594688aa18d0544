from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.common_schemas import Channel
from api.deps import AnyStaff, CountyDep, Now, ReadDB, ServiceOnly, SettingsDep, WriteDB, access_reason, client_ip
from api.handoffs import chat, service
from api.handoffs.chat import citizen_token
from api.handoffs.conversation_resume import resume_conversation
from api.handoffs.models import Handoff
from api.handoffs.schemas import HandoffClose, HandoffCreate, HandoffCreated, HandoffDetail, HandoffPage
from api.idempotency import service as idem
from api.privacy.service import record_access

router = APIRouter(prefix="/handoffs", tags=["handoffs"])

HandoffId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.post("", status_code=201, response_model=HandoffCreated, summary="상담원 연결 요청 (챗봇 서비스)")
def create_handoff(
    body: HandoffCreate,
    principal: ServiceOnly,
    session: WriteDB,
    county: CountyDep,
    now: Now,
    settings: SettingsDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
):
    """Idempotent by conversation_id + Idempotency-Key. Without a key, an open request for the same
    conversation is returned instead of opening a second one."""
    key = idem.validate_key(idempotency_key)
    request_hash = idem.fingerprint(body.model_dump(mode="json"))
    scoped_key = f"{body.conversation_id}:{key}" if key else None
    secret = settings.session_secret.get_secret_value()
    try:
        if scoped_key and (existing := idem.find(session, "handoffs", scoped_key)) is not None:
            return _replay(session, existing, request_hash, secret)
        if not key:
            open_one = session.scalar(
                select(Handoff)
                .where(Handoff.conversation_id == body.conversation_id, Handoff.status != "closed")
                .order_by(Handoff.id.desc())
                .limit(1)
            )
            if open_one is not None:
                return service.created_view(open_one, county, secret)
        handoff = service.create(session, body, county, now)
        created = service.created_view(handoff, county, secret)
        if scoped_key:
            # The stored replay leaves the citizen's chat token out; _replay derives it again.
            idem.save(
                session,
                scope="handoffs",
                key=scoped_key,
                request_hash=request_hash,
                status_code=201,
                body=created.model_dump(mode="json", exclude={"citizen_token"}),
                resource_id=str(handoff.id),
                now=now,
            )
        session.commit()
        return created
    except IntegrityError:
        session.rollback()
        if scoped_key and (existing := idem.find(session, "handoffs", scoped_key)) is not None:
            return _replay(session, existing, request_hash, secret)
        raise


def _replay(session, record, request_hash: str, secret: str):
    handoff_id = int(record.resource_id)
    stored = idem.replay(session, record, request_hash)  # 409 when the body differs
    content = {**json.loads(stored.body), "citizen_token": citizen_token(secret, service.get(session, handoff_id))}
    return JSONResponse(status_code=stored.status_code, content=content, headers={"Idempotent-Replayed": "true"})


@router.get("", response_model=HandoffPage, summary="상담 연결 대기열 (직원; 개인정보 마스킹)")
def list_handoffs(
    principal: AnyStaff,
    session: ReadDB,
    county: CountyDep,
    status: Literal["open", "claimed", "closed"] | None = None,
    channel: Channel | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
):
    items, total = service.list_handoffs(session, principal.staff, county, status, limit, offset, channel)
    return HandoffPage(items=items, total=total)


@router.get(
    "/{handoff_id}",
    response_model=HandoffDetail,
    summary="상담 연결 상세 (reason을 주면 대화·연락처 원문 표시·접근기록)",
)
def get_handoff(
    handoff_id: HandoffId,
    request: Request,
    principal: AnyStaff,
    session: WriteDB,
    now: Now,
    county: CountyDep,
    reason: Annotated[str | None, Query(max_length=300)] = None,
):
    handoff = service.get_for_staff(session, handoff_id, principal.staff, county)
    why = access_reason(request, reason)
    reveal = why is not None and handoff.anonymised_at is None
    view = service.detail_view(handoff, reveal)
    if reveal:
        record_access(
            session,
            staff_id=principal.staff.id,
            resource_type="handoff",
            resource_id=str(handoff.id),
            fields=service.PERSONAL_FIELDS,
            reason=why,
            client_ip=client_ip(request),
            now=now,
        )
        session.commit()
    return view


@router.post("/{handoff_id}/claim", response_model=HandoffDetail, summary="상담 요청 맡기")
def claim_handoff(handoff_id: HandoffId, principal: AnyStaff, session: WriteDB, county: CountyDep, now: Now):
    handoff = service.get_for_staff(session, handoff_id, principal.staff, county, lock=True)
    service.claim(handoff, principal.staff.id, now)
    chat.note_claimed(session, handoff, now)
    session.commit()
    return service.detail_view(handoff, reveal=False)


@router.post("/{handoff_id}/close", response_model=HandoffDetail, summary="상담 요청 종료")
def close_handoff(
    handoff_id: HandoffId,
    body: HandoffClose,
    principal: AnyStaff,
    session: WriteDB,
    now: Now,
    settings: SettingsDep,
    county: CountyDep,
    background: BackgroundTasks,
):
    handoff = service.get_for_staff(session, handoff_id, principal.staff, county, lock=True)
    # A chat that already went back to the chatbot (nobody answered in time) must not be resumed twice.
    paused = handoff.handed_back_at is None
    live = chat.is_live(handoff)
    service.close(handoff, principal.staff.id, principal.is_admin, body.note, now)
    if live:
        chat.hand_back(session, handoff, "closed", county, now)
    session.commit()
    # The chatbot paused this conversation when the officer took over; it may answer again now.
    if paused:
        background.add_task(resume_conversation, settings, handoff.conversation_id)
    return service.detail_view(handoff, reveal=False)

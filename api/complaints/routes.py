from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from sqlalchemy.exc import IntegrityError

from api.common_schemas import Channel
from api.complaints import service
from api.complaints.lifecycle import Status
from api.complaints.receipts import normalize_receipt, receipt_or_404
from api.complaints.schemas import (
    Assign,
    ComplaintCreate,
    ComplaintCreated,
    ComplaintDetail,
    ComplaintPage,
    LookupRequest,
    LookupResponse,
    StatusChange,
    Transfer,
)
from api.deps import (
    AnyStaff,
    CountyDep,
    CurrentPrincipal,
    ManagerOrAdmin,
    Now,
    ReadDB,
    ServiceOrStaff,
    SettingsDep,
    WriteDB,
    access_reason,
    client_ip,
)
from api.errors import ApiError
from api.idempotency import service as idem
from api.privacy.service import record_access

router = APIRouter(prefix="/complaints", tags=["complaints"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key", max_length=200, description="재시도해도 민원이 한 번만 접수되도록 요청마다 고유한 값"
    ),
]


@router.post(
    "",
    status_code=201,
    response_model=ComplaintCreated,
    summary="민원 접수 (챗봇 서비스·직원)",
    responses={409: {"description": "같은 Idempotency-Key로 다른 내용을 보냄"}},
)
def create_complaint(
    body: ComplaintCreate,
    principal: ServiceOrStaff,
    session: WriteDB,
    county: CountyDep,
    settings: SettingsDep,
    now: Now,
    idempotency_key: IdempotencyKey = None,
):
    key = idem.validate_key(idempotency_key)
    scope = f"complaints:{principal.actor}"
    # The transcript grows with every turn of a retry (the bot re-sends a complaint the API did not answer):
    # the same complaint under the same key is the same request, whatever the conversation said since.
    request_hash = idem.fingerprint(body.model_dump(mode="json", exclude={"transcript"}))
    ctx = service.Context(county=county, settings=settings, now=now, actor=principal.actor, staff=principal.staff)
    try:
        if key and (existing := idem.find(session, scope, key)) is not None:
            return idem.replay(session, existing, request_hash)
        complaint = service.create_complaint(session, body, ctx)
        created = service.created_view(county, complaint, settings)
        if key:
            idem.save(
                session,
                scope=scope,
                key=key,
                request_hash=request_hash,
                status_code=201,
                body=created.model_dump(mode="json"),
                resource_id=complaint.receipt_number,
                now=now,
            )
        session.commit()
        return created
    except IntegrityError:
        # A concurrent retry with the same key committed first: answer with its response.
        session.rollback()
        if key and (existing := idem.find(session, scope, key)) is not None:
            return idem.replay(session, existing, request_hash)
        raise


@router.post(
    "/lookup",
    response_model=LookupResponse,
    summary="민원 처리 현황 조회 (접수번호+전화번호; 챗봇 서비스는 전화번호만으로 목록 조회 가능)",
    responses={404: {"description": "일치하는 민원 없음"}, 429: {"description": "조회 횟수 초과"}},
)
async def lookup(body: LookupRequest, request: Request, principal: CurrentPrincipal) -> Response:
    if principal.kind != "service":
        # The bot relays many citizens from one address, so only direct callers are limited per IP.
        retry_after = request.app.state.lookup_limiter.hit(client_ip(request))
        if retry_after is not None:
            raise ApiError(
                429,
                "조회 요청이 너무 많습니다. 잠시 후 다시 시도해 주십시오.",
                "rate_limited",
                headers={"Retry-After": str(int(retry_after) + 1)},
            )
    if body.receipt_number is None and principal.kind != "service":
        raise ApiError(
            403, "전화번호만으로는 조회할 수 없습니다. 접수번호와 전화번호를 함께 입력해 주십시오.", "receipt_required"
        )
    if body.receipt_number is None and len(body.phone) == 4:
        raise ApiError(422, "전화번호만으로 조회할 때는 전화번호 전체를 입력해 주십시오.", "full_phone_required")
    # One indexed read without an ORM session (service.lookup_*), run on the event loop: a thread-pool hop per
    # lookup cost more than the query itself under load (see scripts/bench_api.py).
    # County, clock and database straight from app.state: each extra dependency costs more than its work here.
    state = request.app.state
    county = state.county
    today = service.local_date(state.clock(), county.timezone)
    if body.receipt_number is None:
        complaints = service.lookup_by_phone(state.db, body.phone)
    else:
        complaints = [service.lookup_by_receipt(state.db, normalize_receipt(body.receipt_number), body.phone)]
    result = LookupResponse(complaints=[service.public_status(county, c, today) for c in complaints])
    # Already a validated LookupResponse: serialise it once instead of letting FastAPI validate it again.
    return Response(LookupResponse.__pydantic_serializer__.to_json(result), media_type="application/json")


@router.get("", response_model=ComplaintPage, summary="민원 목록 (직원; 개인정보 마스킹)")
def list_complaints(
    principal: AnyStaff,
    session: ReadDB,
    county: CountyDep,
    settings: SettingsDep,
    now: Now,
    status: Status | None = None,
    department_id: Annotated[str | None, Query(max_length=40)] = None,
    overdue: bool | None = None,
    due_soon: bool | None = None,
    assigned_to_me: bool = False,
    channel: Channel | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
):
    ctx = service.Context(county=county, settings=settings, now=now, actor=principal.actor, staff=principal.staff)
    items, total = service.list_complaints(
        session,
        ctx,
        department_id=department_id,
        status=status,
        overdue=overdue,
        due_soon=due_soon,
        assigned_to_me=assigned_to_me,
        channel=channel,
        limit=limit,
        offset=offset,
    )
    return ComplaintPage(items=items, total=total)


@router.get(
    "/{receipt_number}",
    response_model=ComplaintDetail,
    summary="민원 상세 (직원; reason을 주면 개인정보 원문 표시·접근기록)",
)
def get_complaint(
    receipt_number: str,
    request: Request,
    principal: AnyStaff,
    session: WriteDB,
    county: CountyDep,
    settings: SettingsDep,
    now: Now,
    reason: Annotated[str | None, Query(max_length=300, description="개인정보 열람 사유")] = None,
):
    ctx = service.Context(county=county, settings=settings, now=now, actor=principal.actor, staff=principal.staff)
    complaint = service.get_for_staff(session, receipt_or_404(receipt_number), ctx)
    why = access_reason(request, reason)
    reveal = why is not None and complaint.anonymised_at is None
    view = service.detail_view(complaint, ctx, reveal)
    if reveal:
        record_access(
            session,
            staff_id=principal.staff.id,
            resource_type="complaint",
            resource_id=complaint.receipt_number,
            fields=service.PERSONAL_FIELDS,
            reason=why,
            client_ip=client_ip(request),
            now=now,
        )
        session.commit()
    return view


def _mutate(receipt_number: str, principal, session, county, settings, now, action):
    ctx = service.Context(county=county, settings=settings, now=now, actor=principal.actor, staff=principal.staff)
    complaint = service.get_for_staff(session, receipt_or_404(receipt_number), ctx, lock=True)
    action(complaint, ctx)
    session.commit()
    session.refresh(complaint)
    return service.detail_view(complaint, ctx, reveal=False)


@router.post(
    "/{receipt_number}/status", response_model=ComplaintDetail, summary="처리 단계 변경 (담당자·부서장·관리자)"
)
def change_status(
    receipt_number: str,
    body: StatusChange,
    principal: AnyStaff,
    session: WriteDB,
    county: CountyDep,
    settings: SettingsDep,
    now: Now,
):
    return _mutate(
        receipt_number,
        principal,
        session,
        county,
        settings,
        now,
        lambda c, ctx: service.change_status(session, c, body, ctx),
    )


@router.post("/{receipt_number}/assign", response_model=ComplaintDetail, summary="담당자 배정·재배정 (부서장·관리자)")
def assign(
    receipt_number: str,
    body: Assign,
    principal: ManagerOrAdmin,
    session: WriteDB,
    county: CountyDep,
    settings: SettingsDep,
    now: Now,
):
    return _mutate(
        receipt_number, principal, session, county, settings, now, lambda c, ctx: service.assign(session, c, body, ctx)
    )


@router.post(
    "/{receipt_number}/transfer", response_model=ComplaintDetail, summary="이송: 다른 부서 또는 기관 (부서장·관리자)"
)
def transfer(
    receipt_number: str,
    body: Transfer,
    principal: ManagerOrAdmin,
    session: WriteDB,
    county: CountyDep,
    settings: SettingsDep,
    now: Now,
):
    return _mutate(
        receipt_number,
        principal,
        session,
        county,
        settings,
        now,
        lambda c, ctx: service.transfer(session, c, body, ctx),
    )

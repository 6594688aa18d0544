"""Service standard JSON API: the published compensation standard; per misconduct report its procedure's
progress and the compensation decision; the dashboard's figures."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Request

from api.complaints import service as complaints
from api.complaints.receipts import receipt_or_404
from api.deps import AnyStaff, CountyDep, ManagerOrAdmin, Now, ReadDB, ServiceOnly, SettingsDep, WriteDB
from api.service_standard import dashboard, satisfaction, service
from api.service_standard.compensation import CASES, OWNER_LABELS, REWARD
from api.service_standard.dashboard_scope import filters_for
from api.service_standard.schemas import (
    CaseRuleOut,
    ChatRatingCreate,
    ChatRatingOut,
    DecisionCreate,
    DecisionOut,
    StageOut,
)
from api.working_days import local_date

router = APIRouter(tags=["service standard"])


@router.get("/compensation/cases", response_model=list[CaseRuleOut], summary="보상 기준 (공개)")
def compensation_cases() -> list[CaseRuleOut]:
    return [
        CaseRuleOut(
            case=case, label=rule.label, amount=rule.amount, reward=REWARD, department_training=rule.department_training
        )
        for case, rule in CASES.items()
    ]


def _complaint(session, receipt: str, principal, county, settings, now):
    number = receipt_or_404(receipt)
    ctx = complaints.Context(county=county, settings=settings, now=now, actor=principal.actor, staff=principal.staff)
    return complaints.get_for_staff(session, number, ctx)


@router.get("/complaints/{receipt}/compensation", summary="보상 절차 진행과 결정 (직원)")
def compensation_status(
    receipt: str, principal: AnyStaff, session: ReadDB, county: CountyDep, settings: SettingsDep, now: Now
) -> dict:
    complaint = _complaint(session, receipt, principal, county, settings, now)
    today = local_date(now, county.timezone)
    stages = [
        StageOut(
            key=r.stage.key,
            label=r.stage.label,
            owner=OWNER_LABELS[r.stage.owner],
            due_date=r.due,
            state=r.state,
            overdue=r.overdue,
        )
        for r in service.procedure(complaint, today)
    ]
    decision = service.decision_for(session, complaint)
    return {
        "receipt_number": complaint.receipt_number,
        "stages": stages,
        "decision": service.describe(decision) if decision else None,
    }


@router.post(
    "/complaints/{receipt}/compensation",
    status_code=201,
    response_model=DecisionOut,
    summary="보상 결정 기록 (주관부서 직원·관리자; 민원인에게 문자 안내)",
)
def decide_compensation(
    receipt: str,
    body: DecisionCreate,
    principal: AnyStaff,
    session: WriteDB,
    county: CountyDep,
    settings: SettingsDep,
    now: Now,
) -> DecisionOut:
    complaint = _complaint(session, receipt, principal, county, settings, now)
    decision, notified = service.record_decision(
        session, complaint, body.case, body.method, body.note, principal.staff, county, now
    )
    session.commit()
    return DecisionOut(receipt_number=complaint.receipt_number, citizen_notified=notified, **service.describe(decision))


@router.get("/dashboard", summary="서비스 기준 통계 (부서장·관리자; start, end=YYYY-MM-DD, department)")
def dashboard_figures(request: Request, principal: ManagerOrAdmin, county: CountyDep, now: Now) -> dict:
    today = local_date(now, county.timezone)
    f = filters_for(principal.staff, request.query_params, today, county.departments)
    charts = dashboard.all_charts(request.app.state.db, county, f, today)
    return {
        "start": f.start,
        "end": f.end,
        "department_id": f.department_id,
        "charts": [dataclasses.asdict(chart) for chart in charts],
    }


@router.post(
    "/chat-ratings",
    status_code=201,
    response_model=ChatRatingOut,
    summary="챗봇 상담 만족도 (챗봇 서비스; 대화마다 한 번)",
)
def rate_chat(body: ChatRatingCreate, principal: ServiceOnly, session: WriteDB, now: Now) -> ChatRatingOut:
    rating = satisfaction.rate_chat(session, body.conversation_id, body.channel.value, body.score, body.comment, now)
    session.commit()
    return ChatRatingOut(conversation_id=rating.conversation_id, score=rating.score, created_at=rating.created_at)

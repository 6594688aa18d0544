"""Console screens for the service standard: compensation for misconduct reports, the satisfaction report, praise
and 민원마일리지, the dashboard, and the review of officers' category corrections for retraining."""

from __future__ import annotations

import dataclasses
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from api.complaints import service as complaints
from api.complaints.deadlines import Kind
from api.complaints.models import Complaint
from api.complaints.receipts import receipt_or_404
from api.console.pages import error_page, render, staff_context
from api.console.session import ConsoleUser, check_csrf, current_user
from api.errors import ApiError
from api.service_standard import corrections, dashboard, mileage, satisfaction, service
from api.service_standard.compensation import CASES, METHOD_LABELS, REWARD, Case
from api.service_standard.csv_export import csv_response
from api.service_standard.dashboard_scope import filters_for
from api.service_standard.models import RoutingExample
from api.settings import PROJECT_ROOT
from api.textclean import clean_text
from api.working_days import local_date

router = APIRouter(prefix="/console", include_in_schema=False)
User = Annotated[ConsoleUser, Depends(current_user)]
# Chart.js comes from the npm registry at install time (scripts/setup_web_assets.sh), as htmx does.
CHARTJS_FILE = PROJECT_ROOT / "var" / "web-assets" / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"


@router.get("/compensation", response_class=HTMLResponse)
def compensation_list(request: Request, user: User) -> HTMLResponse:
    """Misconduct reports the user may see, newest first, with the stage in progress and any decision."""
    ctx = staff_context(request, user)
    with request.app.state.db.reader() as session:
        query = select(Complaint).where(Complaint.kind == Kind.MISCONDUCT.value)
        if not user.is_admin:
            query = query.where(Complaint.department_id == user.staff.department_id)
        reports = session.scalars(query.order_by(Complaint.id.desc()).limit(200)).all()
        rows = []
        for complaint in reports:
            progress = service.procedure(complaint, ctx.today)
            current = next((r for r in progress if r.state == "current"), None)
            rows.append(dict(c=complaint, current=current, decision=service.decision_for(session, complaint)))
    return render(request, "compensation_list.html", user=user, rows=rows, cases=CASES, reward=REWARD)


def _detail(
    request: Request,
    user: ConsoleUser,
    receipt: str,
    *,
    error: str | None = None,
    done: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    ctx = staff_context(request, user)
    try:
        with request.app.state.db.reader() as session:
            complaint = complaints.get_for_staff(session, receipt_or_404(receipt), ctx)
            if complaint.kind != Kind.MISCONDUCT.value:
                raise ApiError(404, "불친절·부당 처리 신고 민원이 아닙니다.", "not_found")
            decision = service.decision_for(session, complaint)
            data = dict(
                c=complaint,
                stages=service.procedure(complaint, ctx.today),
                decision=service.describe(decision) if decision else None,
                can_decide=user.is_admin or user.staff.department_id == ctx.county.misconduct_department,
                decidable=complaint.status in service.DECIDABLE,
            )
    except ApiError as exc:
        return error_page(request, user, exc)
    return render(
        request,
        "compensation.html",
        status_code=status_code,
        user=user,
        error=error,
        done=done,
        cases=CASES,
        methods=METHOD_LABELS,
        reward=REWARD,
        **data,
    )


@router.get("/compensation/{receipt}", response_class=HTMLResponse)
def compensation_page(request: Request, receipt: str, user: User) -> HTMLResponse:
    done = "보상 결정을 기록했습니다." if request.query_params.get("done") else None
    return _detail(request, user, receipt, done=done)


@router.post("/compensation/{receipt}", response_class=HTMLResponse)
async def compensation_decide(request: Request, receipt: str, user: User) -> Response:
    await check_csrf(request, user)
    form = await request.form()
    case, method = str(form.get("case") or ""), str(form.get("method") or "")
    note = clean_text(str(form.get("note") or ""), multiline=True)[:1000] or None
    ctx = staff_context(request, user)
    try:
        if case not in {c.value for c in Case}:
            raise ApiError(422, "보상 사유를 목록에서 골라 주십시오.")
        with request.app.state.db.writer() as session:
            complaint = complaints.get_for_staff(session, receipt_or_404(receipt), ctx, lock=True)
            service.record_decision(session, complaint, case, method, note, user.staff, ctx.county, ctx.now)
            number = complaint.receipt_number
    except ApiError as exc:
        return _detail(request, user, receipt, error=exc.detail, status_code=exc.status_code)
    return RedirectResponse(f"/console/compensation/{number}?done=1", status_code=303)


# --- satisfaction report --------------------------------------------------------------------------


def _year(request: Request, this_year: int) -> int:
    """The year asked for, from 2000 to this one; anything else (other digits, '²', 5,000 nines) is this year."""
    raw = request.query_params.get("year", "")
    if len(raw) == 4 and raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= this_year:
        return int(raw)
    return this_year


def _report_scope(request: Request, user: ConsoleUser) -> tuple[int, str | None]:
    """The year asked for (this year by default) and the department: all for administrators, their own for
    managers; officers have no report."""
    if user.staff.role == "officer":
        raise ApiError(403, "만족도 조사 결과는 부서장과 관리자가 볼 수 있습니다.", "forbidden")
    state = request.app.state
    year = _year(request, local_date(state.clock(), state.county.timezone).year)
    return year, None if user.is_admin else user.staff.department_id


def _report(request: Request, user: ConsoleUser):
    year, department_id = _report_scope(request, user)
    with request.app.state.db.reader() as session:
        rows = satisfaction.yearly_report(session, year, request.app.state.county.timezone, department_id)
    return year, rows


@router.get("/satisfaction", response_class=HTMLResponse)
def satisfaction_report(request: Request, user: User) -> HTMLResponse:
    try:
        year, rows = _report(request, user)
    except ApiError as exc:
        return error_page(request, user, exc)
    county = request.app.state.county
    return render(
        request,
        "satisfaction.html",
        user=user,
        year=year,
        rows=rows,
        departments=county.departments,
        scores=satisfaction.SCORE_LABELS,
        months=range(1, 13),
    )


@router.get("/satisfaction.csv")
def satisfaction_csv(request: Request, user: User) -> Response:
    try:
        year, rows = _report(request, user)
    except ApiError as exc:
        return error_page(request, user, exc)
    departments = request.app.state.county.departments
    header = (
        ["부서", "응답 수", "평균"]
        + [f"{s}점" for s in satisfaction.SCORE_LABELS]
        + [f"{m}월 평균" for m in range(1, 13)]
    )
    lines = [header] + [
        [departments[r.department_id].name if r.department_id in departments else r.department_id, r.count, r.mean]
        + [r.distribution[s] for s in satisfaction.SCORE_LABELS]
        + [r.month_mean(m) for m in range(1, 13)]
        for r in rows
    ]
    return csv_response(lines, f"satisfaction-{year}.csv")


# --- praise and 민원마일리지 --------------------------------------------------------------------------


@router.get("/mileage", response_class=HTMLResponse)
def mileage_page(request: Request, user: User) -> HTMLResponse:
    """Officers see their own mileage and praise; managers their department's ranking; administrators all."""
    state = request.app.state
    county, tz = state.county, state.county.timezone
    today = local_date(state.clock(), tz)
    year, quarter_raw = _year(request, today.year), request.query_params.get("quarter", "")
    quarter = int(quarter_raw) if quarter_raw in ("1", "2", "3", "4") else (today.month - 1) // 3 + 1
    department_id = None if user.is_admin else user.staff.department_id
    own = user.staff.id if user.staff.role == "officer" else None
    with state.db.reader() as session:
        ranking = mileage.quarter_mileage(session, year, quarter, tz, department_id)
        praise = mileage.praise_by_month(session, year, tz, department_id, own)
    if own is not None:
        ranking = [row for row in ranking if row.staff_id == own]
    names = {row.staff_id: row.name for row in ranking}
    praise_rows = sorted(praise.items(), key=lambda item: (item[0][0] or "", item[0][1] or 0))
    return render(
        request,
        "mileage.html",
        user=user,
        year=year,
        quarter=quarter,
        ranking=ranking,
        praise=praise_rows,
        names=names,
        departments=county.departments,
        months=range(1, 13),
        rules=mileage,
    )


# --- dashboard ------------------------------------------------------------------------------------


def _dashboard(request: Request, user: ConsoleUser):
    state = request.app.state
    today = local_date(state.clock(), state.county.timezone)
    f = filters_for(user.staff, request.query_params, today, state.county.departments)
    return f, dashboard.all_charts(state.db, state.county, f, today)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, user: User) -> HTMLResponse:
    try:
        f, charts = _dashboard(request, user)
    except ApiError as exc:
        return error_page(request, user, exc)
    query = urlencode({"start": f.start.isoformat(), "end": f.end.isoformat(), "department": f.department_id or ""})
    return render(
        request,
        "dashboard.html",
        user=user,
        f=f,
        charts=charts,
        query=query,
        departments=request.app.state.county.departments,
        chart_data=[dataclasses.asdict(chart) for chart in charts],
    )


@router.get("/dashboard/{key}.csv")
def dashboard_csv(request: Request, key: str, user: User) -> Response:
    try:
        f, charts = _dashboard(request, user)
        chart = next((c for c in charts if c.key == key), None)
        if chart is None:
            raise ApiError(404, "그런 통계가 없습니다.", "not_found")
    except ApiError as exc:
        return error_page(request, user, exc)
    return csv_response(chart.rows(), f"{key}-{f.start.isoformat()}-{f.end.isoformat()}.csv")


@router.get("/assets/chart.umd.min.js")
def chartjs() -> Response:
    if not CHARTJS_FILE.exists():
        return Response(
            "/* chart.js missing: run scripts/setup_web_assets.sh */", media_type="text/javascript", status_code=404
        )
    return FileResponse(CHARTJS_FILE, media_type="text/javascript", headers={"Cache-Control": "max-age=3600"})


# --- learning from corrections -------------------------------------------------------------------


def _admin_only(user: ConsoleUser) -> None:
    if not user.is_admin:
        raise ApiError(403, "분류 학습 사례는 관리자가 검토합니다.", "forbidden")


@router.get("/corrections", response_class=HTMLResponse)
def corrections_page(request: Request, user: User, done: str | None = None) -> HTMLResponse:
    state = request.app.state
    try:
        _admin_only(user)
    except ApiError as exc:
        return error_page(request, user, exc)
    with state.db.reader() as session:
        examples = session.scalars(
            select(RoutingExample).order_by(RoutingExample.status != "pending", RoutingExample.id.desc()).limit(300)
        ).all()
    names = {c.id: c.name for c in state.county.categories.values()}
    notice = {"accepted": "학습 사례로 채택했습니다.", "rejected": "제외했습니다."}.get(done or "")
    return render(request, "corrections.html", user=user, examples=examples, names=names, done=notice)


@router.post("/corrections/{example_id}", response_class=HTMLResponse)
async def corrections_review(request: Request, example_id: int, user: User) -> Response:
    await check_csrf(request, user)
    form = await request.form()
    decision = form.get("decision")
    text = clean_text(str(form.get("text") or ""))
    state = request.app.state
    try:
        _admin_only(user)
        if decision not in ("accept", "reject"):
            raise ApiError(422, "채택 또는 제외를 골라 주십시오.")
        with state.db.writer() as session:
            corrections.review(session, example_id, decision == "accept", text, user.staff.id, state.clock())
    except ApiError as exc:
        return error_page(request, user, exc)
    return RedirectResponse(f"/console/corrections?done={decision}ed", status_code=303)


@router.get("/corrections/export.yml")
def corrections_export(request: Request, user: User) -> Response:
    try:
        _admin_only(user)
    except ApiError as exc:
        return error_page(request, user, exc)
    with request.app.state.db.reader() as session:
        body = corrections.export_nlu_yaml(session)
    return Response(
        body.encode("utf-8"),
        media_type="application/x-yaml; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="corrections_nlu.yml"'},
    )

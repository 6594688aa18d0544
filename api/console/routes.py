"""Staff console pages (server-rendered, Korean): /console/..."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from api.complaints import service as complaints
from api.complaints.receipts import normalize_receipt, receipt_or_404
from api.console import actions, export, intake, pages, queue
from api.console.pages import render
from api.console.session import (
    LOGIN_CSRF_COOKIE,
    ConsoleUser,
    check_csrf,
    clear_session_cookie,
    current_user,
    new_login_csrf,
    set_login_csrf_cookie,
    set_session_cookie,
)
from api.deps import client_ip
from api.errors import ApiError
from api.handoffs import chat
from api.handoffs import service as handoffs
from api.handoffs.conversation_resume import resume_conversation
from api.privacy.models import AccessLog
from api.privacy.service import record_access
from api.settings import PROJECT_ROOT
from api.staff.models import Staff
from api.staff.service import authenticate, open_session, revoke_token
from api.textclean import clean_text

router = APIRouter(prefix="/console", include_in_schema=False)
User = Annotated[ConsoleUser, Depends(current_user)]
HandoffId = Annotated[int, PathParam(ge=1, le=2_147_483_647)]
# htmx comes from the npm registry at install time (scripts/setup_web_assets.sh), never from the repository.
HTMX_FILE = PROJECT_ROOT / "var" / "web-assets" / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
STATIC_DIR = Path(__file__).resolve().parent / "static"
DONE_MESSAGES = {
    "take": "민원을 맡았습니다.",
    "assign": "담당자를 배정했습니다.",
    "status": "처리 단계를 바꾸었습니다.",
    "transfer": "이송했습니다.",
    "answer": "답변을 등록했습니다. 민원인이 처리 현황 조회에서 볼 수 있으며 문자로도 안내됩니다.",
    "note": "메모를 저장했습니다.",
    "flag": "특이민원 표시를 바꾸었습니다.",
    "callback": "회신 내용을 기록했습니다.",
    "created": "민원을 접수했습니다.",
    "claim": "상담을 맡았습니다.",
    "close": "상담을 종료했습니다.",
}


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: clean_text(v, multiline=True) for k, v in form.items() if isinstance(v, str)}


# --- session -----------------------------------------------------------------------------------


@router.get("", response_class=RedirectResponse)
def console_home() -> RedirectResponse:
    return RedirectResponse("/console/queue", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, expired: bool = False) -> HTMLResponse:
    token = new_login_csrf()
    message = "로그인 시간이 지나 자동으로 로그아웃되었습니다. 다시 로그인해 주십시오." if expired else None
    response = render(request, "login.html", user=None, login_csrf=token, message=message)
    set_login_csrf_cookie(response, token)
    return response


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await _form(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or form.get("csrf_token") != expected:
        return render(
            request,
            "login.html",
            status_code=403,
            user=None,
            login_csrf=expected or "",
            message="보안 확인 값이 맞지 않습니다. 로그인 화면을 새로 고친 뒤 다시 시도해 주십시오.",
        )
    state = request.app.state
    if state.login_limiter.hit(client_ip(request)) is not None:
        return render(
            request,
            "login.html",
            status_code=429,
            user=None,
            login_csrf=expected,
            message="로그인 시도가 너무 많습니다. 잠시 후 다시 시도해 주십시오.",
        )
    username, password = form.get("username", "")[:50], form.get("password", "")[:200]

    def open_():
        with state.db.writer() as session:
            staff = authenticate(session, username, password) if username and password else None
            if staff is None:
                return None
            token, _ = open_session(
                session,
                staff,
                secret=state.settings.session_secret.get_secret_value(),
                ttl_minutes=state.settings.session_ttl_minutes,
                now=state.clock(),
            )
            return token

    token = await run_in_threadpool(open_)
    if token is None:
        return render(
            request,
            "login.html",
            status_code=401,
            user=None,
            login_csrf=expected,
            username=username,
            message="아이디 또는 비밀번호가 맞지 않습니다.",
        )
    response = RedirectResponse("/console/queue", status_code=303)
    set_session_cookie(response, token, state.settings.session_ttl_minutes * 60)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console")
    return response


@router.post("/logout")
async def logout(request: Request, user: User) -> Response:
    await check_csrf(request, user)
    state = request.app.state
    with state.db.writer() as session:
        revoke_token(session, user.token, secret=state.settings.session_secret.get_secret_value(), now=state.clock())
    response = RedirectResponse("/console/login", status_code=303)
    clear_session_cookie(response)
    return response


# --- queue ---------------------------------------------------------------------------------------


def _queue_data(request: Request, user: ConsoleUser) -> dict:
    state = request.app.state
    f = queue.QueueFilter.parse(request.query_params, state.county)
    ctx = pages.staff_context(request, user)
    with state.db.reader() as session:
        rows, total = queue.complaint_rows(
            session, f, user, state.county, ctx.today, state.settings.due_soon_working_days
        )
        open_handoffs = queue.open_handoffs(session, user, state.county)
        last_board_check = queue.board_last_checked(session)
        officers = [] if user.staff.role == "officer" else actions.assignable_staff(session, user)
    return dict(
        officers=officers,
        user=user,
        f=f,
        rows=rows,
        total=total,
        handoffs=open_handoffs,
        waiting=queue.waiting_citizens(open_handoffs),
        page_size=queue.PAGE_SIZE,
        query=urlencode(f.query_items()),
        last_board_check=last_board_check,
        handoff_reasons=pages.HANDOFF_REASONS,
        handoff_status=pages.HANDOFF_STATUS,
        done=DONE_MESSAGES.get(request.query_params.get("done", "")),
        bulk=None,
    )


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, user: User) -> HTMLResponse:
    return render(request, "queue.html", **_queue_data(request, user))


@router.get("/queue/rows", response_class=HTMLResponse)
def queue_rows(request: Request, user: User) -> HTMLResponse:
    """The live part of the queue (polled by htmx): waiting handoffs and the complaint table."""
    return render(request, "_queue_live.html", **_queue_data(request, user))


@router.get("/queue.csv")
def queue_csv(request: Request, user: User) -> Response:
    state = request.app.state
    f = queue.QueueFilter.parse(request.query_params, state.county)
    ctx = pages.staff_context(request, user)
    with state.db.reader() as session:
        rows, _ = queue.complaint_rows(
            session, f, user, state.county, ctx.today, state.settings.due_soon_working_days, limit=None
        )
    filename = f"minwon-{ctx.today.isoformat()}.csv"
    return Response(
        export.to_csv(rows, state.county.timezone).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/bulk", response_class=HTMLResponse)
async def bulk(request: Request, user: User) -> HTMLResponse:
    """Assign or close several complaints at once; each is done (or refused) on its own."""
    await check_csrf(request, user)
    raw = await request.form()
    receipts = [normalize_receipt(v) for v in raw.getlist("receipt") if isinstance(v, str)][:200]
    form = await _form(request)
    action = form.get("bulk_action")
    results = []
    for receipt in filter(None, receipts):
        try:
            with request.app.state.db.writer() as session:
                ctx = pages.staff_context(request, user)
                complaint = complaints.get_for_staff(session, receipt, ctx, lock=True)
                if action == "assign":
                    actions.assign(session, complaint, form.get("assignee_id"), None, ctx)
                elif action == "close":
                    actions.change_status(
                        session,
                        complaint,
                        {"to": "closed", "result": form.get("result"), "public_note": form.get("result")},
                        ctx,
                    )
                else:
                    raise ApiError(422, "일괄 작업(배정 또는 처리 완료)을 선택해 주십시오.")
            results.append((receipt, True, "완료"))
        except ApiError as exc:
            results.append((receipt, False, exc.detail))
    data = _queue_data(request, user)
    data["bulk"] = results if results else [("", False, "선택한 민원이 없습니다.")]
    return render(request, "queue.html", **data)


# --- complaint page -------------------------------------------------------------------------------


def _complaint_page(
    request: Request,
    user: ConsoleUser,
    receipt: str,
    *,
    reveal_reason: str | None = None,
    error: ApiError | None = None,
) -> HTMLResponse:
    state = request.app.state
    ctx = pages.staff_context(request, user)
    try:
        with state.db.writer() as session:
            number = receipt_or_404(receipt)
            data = pages.complaint_context(session, number, user, ctx, reveal=reveal_reason is not None)
            if data["revealed"]:
                record_access(
                    session,
                    staff_id=user.staff.id,
                    resource_type="complaint",
                    resource_id=data["c"].receipt_number,
                    fields=complaints.PERSONAL_FIELDS,
                    reason=reveal_reason,
                    client_ip=client_ip(request),
                    now=ctx.now,
                )
    except ApiError as exc:
        return pages.error_page(request, user, exc)
    return _detail_page(request, user, "complaint.html", error, data)


def _detail_page(
    request: Request, user: ConsoleUser, template: str, error: ApiError | None, data: dict
) -> HTMLResponse:
    """A complaint or handoff page: the refusal of an action taken on it, or the notice of one done."""
    return render(
        request,
        template,
        status_code=error.status_code if error else 200,
        user=user,
        error=error.detail if error else None,
        done=DONE_MESSAGES.get(request.query_params.get("done", "")),
        **data,
    )


@router.get("/complaints/{receipt}", response_class=HTMLResponse)
def complaint_page(request: Request, receipt: str, user: User) -> HTMLResponse:
    return _complaint_page(request, user, receipt)


def _reason(form: dict) -> str:
    reason = (form.get("reason") or "").strip()
    if not 2 <= len(reason) <= 300:
        raise ApiError(422, "개인정보를 보려면 열람 사유를 2자 이상 300자 이하로 입력해 주십시오.")
    return reason


@router.post("/complaints/{receipt}/reveal", response_class=HTMLResponse)
async def reveal_complaint(request: Request, receipt: str, user: User) -> HTMLResponse:
    await check_csrf(request, user)
    form = await _form(request)
    try:
        reason = _reason(form)
    except ApiError as exc:
        return _complaint_page(request, user, receipt, error=exc)
    return _complaint_page(request, user, receipt, reveal_reason=reason)


COMPLAINT_ACTIONS = {
    "take": lambda s, c, f, ctx: actions.take(s, c, ctx),
    "assign": lambda s, c, f, ctx: actions.assign(s, c, f.get("assignee_id"), f.get("note"), ctx),
    "status": lambda s, c, f, ctx: actions.change_status(s, c, f, ctx),
    "transfer": lambda s, c, f, ctx: actions.transfer(s, c, f, ctx),
    "answer": lambda s, c, f, ctx: actions.public_answer(s, c, f, ctx),
    "note": lambda s, c, f, ctx: actions.add_note(s, c, f, ctx.staff, ctx.now),
    "flag": lambda s, c, f, ctx: actions.set_flag(s, c, f, ctx.staff, ctx.now),
    "callback": lambda s, c, f, ctx: actions.record_callback(s, c, f, ctx.staff, ctx.now),
}


@router.post("/complaints/{receipt}/{action}", response_class=HTMLResponse)
async def complaint_action(request: Request, receipt: str, action: str, user: User) -> Response:
    await check_csrf(request, user)
    if action not in COMPLAINT_ACTIONS:
        return pages.error_page(request, user, ApiError(404, "알 수 없는 작업입니다."))
    form = await _form(request)
    ctx = pages.staff_context(request, user)
    try:
        with request.app.state.db.writer() as session:
            complaint = complaints.get_for_staff(session, receipt_or_404(receipt), ctx, lock=True)
            COMPLAINT_ACTIONS[action](session, complaint, form, ctx)
            visible = user.can_see(complaint.department_id)
            number = complaint.receipt_number
    except ApiError as exc:
        if exc.status_code == 403 or exc.code == "not_found":
            return pages.error_page(request, user, exc)
        return _complaint_page(request, user, receipt, error=exc)
    if not visible:  # transferred out of this officer's department
        return RedirectResponse(f"/console/queue?done={action}", status_code=303)
    return RedirectResponse(f"/console/complaints/{number}?done={action}", status_code=303)


# --- handoffs --------------------------------------------------------------------------------------


def _handoff_page(
    request: Request,
    user: ConsoleUser,
    handoff_id: int,
    *,
    reveal_reason: str | None = None,
    error: ApiError | None = None,
) -> HTMLResponse:
    state = request.app.state
    try:
        with state.db.writer() as session:
            handoff = handoffs.get_for_staff(session, handoff_id, user.staff, state.county)
            data = pages.handoff_context(session, handoff, state.county, reveal=reveal_reason is not None)
            if data["revealed"]:
                record_access(
                    session,
                    staff_id=user.staff.id,
                    resource_type="handoff",
                    resource_id=str(handoff.id),
                    fields=handoffs.PERSONAL_FIELDS,
                    reason=reveal_reason,
                    client_ip=client_ip(request),
                    now=state.clock(),
                )
    except ApiError as exc:
        return pages.error_page(request, user, exc)
    return _detail_page(request, user, "handoff.html", error, data)


@router.get("/handoffs/{handoff_id}", response_class=HTMLResponse)
def handoff_page(request: Request, handoff_id: HandoffId, user: User) -> HTMLResponse:
    return _handoff_page(request, user, handoff_id)


@router.post("/handoffs/{handoff_id}/reveal", response_class=HTMLResponse)
async def reveal_handoff(request: Request, handoff_id: HandoffId, user: User) -> HTMLResponse:
    await check_csrf(request, user)
    form = await _form(request)
    try:
        reason = _reason(form)
    except ApiError as exc:
        return _handoff_page(request, user, handoff_id, error=exc)
    return _handoff_page(request, user, handoff_id, reveal_reason=reason)


def _close_handoff(session, handoff, user: ConsoleUser, note: str | None, ctx: complaints.Context) -> None:
    live = chat.is_live(handoff)
    handoffs.close(handoff, user.staff.id, user.is_admin, note, ctx.now)
    if live:  # the citizen's widget says goodbye and the chatbot takes over again
        chat.hand_back(session, handoff, "closed", ctx.county, ctx.now)


def _live_chat(
    request: Request, user: ConsoleUser, handoff_id: int, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    state = request.app.state
    try:
        # The page polls every 2 s: read, and take the write lock only for the officer's first look.
        with state.db.reader() as session:
            handoff = handoffs.get_for_staff(session, handoff_id, user.staff, state.county)
            logged = chat.first_view_logged(session, handoff, user.staff.id)
            page = chat.staff_page(session, handoff, 0)
        if not logged:
            # One access-log row per officer and chat, as the JSON API does; polls are not new looks.
            with state.db.writer() as session:
                chat.log_first_view(
                    session, handoff, user.staff.id, "실시간 상담 응대", client_ip(request), state.clock()
                )
    except ApiError as exc:
        return HTMLResponse(f'<p class="notice err">{escape(exc.detail)}</p>', status_code=exc.status_code)
    return render(
        request,
        "_live_chat.html",
        status_code=status_code,
        user=user,
        chat=page,
        error=error,
        hand_back_labels=pages.HAND_BACK_REASONS,
    )


@router.get("/handoffs/{handoff_id}/chat", response_class=HTMLResponse)
def live_chat(request: Request, handoff_id: HandoffId, user: User) -> HTMLResponse:
    """The live chat with a citizen in the web widget (polled by the handoff page)."""
    return _live_chat(request, user, handoff_id)


@router.post("/handoffs/{handoff_id}/reply", response_class=HTMLResponse)
async def live_reply(request: Request, handoff_id: HandoffId, user: User) -> Response:
    await check_csrf(request, user)
    form = await _form(request)
    state = request.app.state
    try:
        text = actions.text(form.get("text"), 2000, "답변")
        with state.db.writer() as session:
            handoff = handoffs.get_for_staff(session, handoff_id, user.staff, state.county, lock=True)
            chat.log_first_view(session, handoff, user.staff.id, "실시간 상담 응대", client_ip(request), state.clock())
            chat.add_officer_message(session, handoff, user.staff.id, user.is_admin, text, state.clock())
    except ApiError as exc:
        if request.headers.get("hx-request"):
            return _live_chat(request, user, handoff_id, error=exc.detail, status_code=200)
        return _handoff_page(request, user, handoff_id, error=exc)
    if request.headers.get("hx-request"):
        return _live_chat(request, user, handoff_id)
    return RedirectResponse(f"/console/handoffs/{handoff_id}", status_code=303)


@router.post("/handoffs/{handoff_id}/{action}", response_class=HTMLResponse)
async def handoff_action(request: Request, handoff_id: HandoffId, action: str, user: User) -> Response:
    await check_csrf(request, user)
    form = await _form(request)
    state = request.app.state
    ctx = pages.staff_context(request, user)
    try:
        with state.db.writer() as session:
            handoff = handoffs.get_for_staff(session, handoff_id, user.staff, state.county, lock=True)
            # A chat that already went back to the chatbot (nobody answered in time) must not be resumed twice.
            paused = handoff.handed_back_at is None
            if action == "claim":
                handoffs.claim(handoff, user.staff.id, ctx.now)
                chat.note_claimed(session, handoff, ctx.now)
            elif action == "close":
                _close_handoff(session, handoff, user, actions.text(form.get("note"), 2000, "처리 내용", False), ctx)
            elif action == "convert":
                complaint = intake.create_from_handoff(session, handoff, form, ctx)
                _close_handoff(session, handoff, user, f"민원으로 전환: 접수번호 {complaint.receipt_number}", ctx)
                number, department_id = complaint.receipt_number, complaint.department_id
            else:
                raise ApiError(404, "알 수 없는 작업입니다.")
            conversation_id = handoff.conversation_id
    except ApiError as exc:
        if exc.status_code == 403:
            return pages.error_page(request, user, exc)
        return _handoff_page(request, user, handoff_id, error=exc)
    if action in ("close", "convert") and paused:
        # The chatbot paused this conversation when the officer took over; it may answer again now.
        await run_in_threadpool(resume_conversation, state.settings, conversation_id)
    if action == "convert":
        target = f"/console/complaints/{number}?done=created"
        if not user.can_see(department_id):
            target = "/console/queue?done=created"
        return RedirectResponse(target, status_code=303)
    return RedirectResponse(f"/console/handoffs/{handoff_id}?done={action}", status_code=303)


# --- intake ---------------------------------------------------------------------------------------


def _intake_page(
    request: Request,
    user: ConsoleUser,
    *,
    error: str | None = None,
    status_code: int = 200,
    form: dict | None = None,
    board=None,
    created: str | None = None,
) -> HTMLResponse:
    state = request.app.state
    with state.db.reader() as session:
        last = queue.board_last_checked(session)
    now_local = state.clock().astimezone(state.county.timezone).strftime("%Y-%m-%dT%H:%M")
    return render(
        request,
        "intake.html",
        status_code=status_code,
        user=user,
        error=error,
        form=form or {},
        sources=pages.INTAKE_SOURCES,
        categories=state.county.categories.values(),
        townships=state.county.townships.values(),
        last_board_check=last,
        board=board,
        created=created,
        now_local=now_local,
    )


@router.get("/intake", response_class=HTMLResponse)
def intake_page(request: Request, user: User) -> HTMLResponse:
    return _intake_page(request, user)


@router.post("/intake", response_class=HTMLResponse)
async def intake_create(request: Request, user: User) -> Response:
    await check_csrf(request, user)
    form = await _form(request)
    ctx = pages.staff_context(request, user)
    try:
        with request.app.state.db.writer() as session:
            complaint = intake.create(session, form, ctx)
            number, department_id = complaint.receipt_number, complaint.department_id
    except ApiError as exc:
        return _intake_page(request, user, error=exc.detail, status_code=exc.status_code, form=form)
    if user.can_see(department_id):
        return RedirectResponse(f"/console/complaints/{number}?done=created", status_code=303)
    dept = request.app.state.county.departments[department_id].name
    return _intake_page(request, user, created=f"접수번호 {number}(으)로 접수되어 소관 부서인 {dept}에 배정되었습니다.")


@router.post("/intake/board", response_class=HTMLResponse)
async def intake_board(request: Request, user: User) -> HTMLResponse:
    """Import a board export (uploaded CSV or pasted text), or record that the board was checked."""
    await check_csrf(request, user)
    raw = await request.form()
    form = await _form(request)
    upload = raw.get("export_file")
    export_text = form.get("export_text", "")
    if upload is not None and not isinstance(upload, str):
        content = await upload.read(2_000_000)
        try:
            export_text = content.decode("utf-8-sig") if content else export_text
        except UnicodeDecodeError:
            try:
                export_text = content.decode("cp949")
            except UnicodeDecodeError:
                return _intake_page(
                    request,
                    user,
                    status_code=422,
                    error="파일을 읽을 수 없습니다. UTF-8 또는 CP949 CSV로 내보내 주십시오.",
                )
    ctx = pages.staff_context(request, user)
    try:
        with request.app.state.db.writer() as session:
            if form.get("checked_only") == "yes" and not export_text.strip():
                intake.record_check(session, ctx)
                result = intake.BoardImport(created=[], skipped=0, problems=[])
            else:
                result = intake.import_board(session, export_text, form, ctx)
    except ApiError as exc:
        return _intake_page(request, user, error=exc.detail, status_code=exc.status_code)
    return _intake_page(request, user, board=result)


# --- access log and assets ---------------------------------------------------------------------------


@router.get("/access-log", response_class=HTMLResponse)
def access_log(request: Request, user: User) -> HTMLResponse:
    """Administrators see every reveal; officers and managers see their own."""
    with request.app.state.db.reader() as session:
        query = select(AccessLog, Staff.display_name).join(Staff, Staff.id == AccessLog.staff_id)
        if not user.is_admin:
            query = query.where(AccessLog.staff_id == user.staff.id)
        entries = session.execute(query.order_by(AccessLog.id.desc()).limit(200)).all()
    return render(request, "access_log.html", user=user, entries=entries, field_labels=pages.ACCESS_FIELDS)


@router.get("/assets/htmx.min.js")
def htmx_js() -> Response:
    if not HTMX_FILE.exists():
        return Response(
            "/* htmx missing: run scripts/setup_web_assets.sh */", media_type="text/javascript", status_code=404
        )
    return FileResponse(HTMX_FILE, media_type="text/javascript", headers={"Cache-Control": "max-age=3600"})


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    path = STATIC_DIR / name
    if "/" in name or not path.is_file():
        raise ApiError(404, "요청하신 파일을 찾을 수 없습니다.")
    return FileResponse(path, headers={"Cache-Control": "max-age=300"})

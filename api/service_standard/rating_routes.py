"""The citizen's rating page for a closed complaint: no login, reached through the per-complaint link in the
closing SMS; one rating per complaint."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.console.pages import render
from api.errors import ApiError
from api.service_standard import satisfaction
from api.textclean import clean_text

router = APIRouter(prefix="/rate", include_in_schema=False)
# The page is reached by a secret link: keep it out of caches, referrers and search engines.
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _page(request: Request, status_code: int = 200, **context) -> HTMLResponse:
    response = render(
        request,
        "rating.html",
        status_code=status_code,
        scores=satisfaction.SCORE_LABELS,
        comment_max=satisfaction.COMMENT_MAX,
        **context,
    )
    response.headers.update(HEADERS)
    return response


@router.get("/{token}", response_class=HTMLResponse)
def rating_page(request: Request, token: str) -> HTMLResponse:
    try:
        with request.app.state.db.reader() as session:
            invitation = satisfaction.find(session, token)
            receipt, rated = invitation.complaint.receipt_number, invitation.rating is not None
    except ApiError as exc:
        return _page(request, exc.status_code, message=exc.detail)
    if rated:
        return _page(request, receipt=receipt, thanks="이 민원은 이미 평가해 주셨습니다. 참여해 주셔서 감사합니다.")
    return _page(request, receipt=receipt, token=token)


@router.post("/{token}", response_class=HTMLResponse)
async def submit_rating(request: Request, token: str) -> HTMLResponse:
    form = await request.form()
    score = form.get("score")
    comment = clean_text(str(form.get("comment") or ""), multiline=True)
    state = request.app.state
    try:
        with state.db.writer() as session:
            invitation = satisfaction.find(session, token)
            receipt = invitation.complaint.receipt_number
            satisfaction.rate(session, invitation, score if isinstance(score, str) else None, comment, state.clock())
    except ApiError as exc:
        if exc.code == "already_rated":
            return _page(request, exc.status_code, receipt=receipt, thanks=exc.detail)
        if exc.code == "not_found":
            return _page(request, exc.status_code, message=exc.detail)
        return _page(request, exc.status_code, receipt=receipt, token=token, error=exc.detail, comment=comment)
    return _page(request, receipt=receipt, thanks="소중한 의견 감사합니다. 더 나은 민원 서비스를 위해 반영하겠습니다.")

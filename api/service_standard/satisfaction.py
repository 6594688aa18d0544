"""Citizens' satisfaction with closed complaints: the per-complaint rating link sent with the closing SMS, one
rating per complaint, and the yearly survey report per department (고객만족도 조사, done continuously)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.complaints.lifecycle import Status
from api.complaints.models import Complaint
from api.errors import ApiError
from api.service_standard.corrections import scrub
from api.service_standard.models import ChatRating, ComplaintRating, RatingInvite

SCORE_LABELS = {1: "매우 불만족", 2: "불만족", 3: "보통", 4: "만족", 5: "매우 만족"}
COMMENT_MAX = 1000
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, complaint: Complaint, now: datetime) -> str | None:
    """A fresh token for the complaint's rating link; None when one was already issued (a complaint closes once)."""
    if session.get(RatingInvite, complaint.id) is not None:
        return None
    token = secrets.token_urlsafe(16)
    session.add(RatingInvite(complaint_id=complaint.id, token_hash=_hash(token), created_at=now))
    session.flush()
    return token


def rating_path(token: str) -> str:
    return f"/rate/{token}"


@dataclass
class Invitation:
    complaint: Complaint
    rating: ComplaintRating | None


def find(session: Session, token: str) -> Invitation:
    complaint = None
    if _TOKEN.fullmatch(token or ""):
        complaint = session.scalar(
            select(Complaint)
            .join(RatingInvite, RatingInvite.complaint_id == Complaint.id)
            .where(RatingInvite.token_hash == _hash(token))
        )
    if complaint is None or complaint.status != Status.CLOSED.value:
        raise ApiError(404, "평가 주소가 올바르지 않습니다. 문자로 받으신 주소를 다시 확인해 주십시오.", "not_found")
    rating = session.scalar(select(ComplaintRating).where(ComplaintRating.complaint_id == complaint.id))
    return Invitation(complaint, rating)


def rate(
    session: Session, invitation: Invitation, score: int | str | None, comment: str | None, now: datetime
) -> ComplaintRating:
    """Store the rating for an invitation that find() returned."""
    if invitation.rating is not None:
        raise ApiError(409, "이 민원은 이미 평가해 주셨습니다. 참여해 주셔서 감사합니다.", "already_rated")
    try:
        score = int(score)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        score = 0
    if score not in SCORE_LABELS:
        raise ApiError(422, "만족도를 1점부터 5점 중에서 골라 주십시오.", "invalid_score")
    if comment and len(comment) > COMMENT_MAX:
        raise ApiError(422, f"의견은 {COMMENT_MAX:,}자 이내로 적어 주십시오.", "comment_too_long")
    # Managers read the comments in the report: a phone or receipt number written into one is not kept.
    comment = scrub(comment or "", (invitation.complaint.citizen_name,)) or None
    rating = ComplaintRating(
        complaint_id=invitation.complaint.id,
        department_id=invitation.complaint.department_id,
        score=score,
        comment=comment,
        created_at=now,
    )
    session.add(rating)
    try:
        session.flush()
    except IntegrityError:  # the same link submitted twice at once: the first one counts
        raise ApiError(409, "이 민원은 이미 평가해 주셨습니다. 참여해 주셔서 감사합니다.", "already_rated") from None
    return rating


@dataclass
class DepartmentYear:
    department_id: str
    count: int = 0
    total: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: {s: 0 for s in SCORE_LABELS})
    monthly: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    comments: list[tuple[datetime, int, str]] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        return round(self.total / self.count, 2) if self.count else None

    def month_mean(self, month: int) -> float | None:
        scores = self.monthly.get(month)
        return round(sum(scores) / len(scores), 2) if scores else None


def yearly_report(session: Session, year: int, tz: ZoneInfo, department_id: str | None = None) -> list[DepartmentYear]:
    """Ratings of a calendar year (Korean time) per department: mean, distribution, mean per month, comments."""
    start, end = datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    query = select(ComplaintRating).where(ComplaintRating.created_at >= start, ComplaintRating.created_at < end)
    if department_id:
        query = query.where(ComplaintRating.department_id == department_id)
    report: dict[str, DepartmentYear] = {}
    for rating in session.scalars(query.order_by(ComplaintRating.created_at)):
        row = report.setdefault(rating.department_id, DepartmentYear(rating.department_id))
        row.count += 1
        row.total += rating.score
        row.distribution[rating.score] += 1
        row.monthly[rating.created_at.astimezone(tz).month].append(rating.score)
        if rating.comment:
            row.comments.append((rating.created_at, rating.score, rating.comment))
    return sorted(report.values(), key=lambda r: r.department_id)


def rate_chat(
    session: Session, conversation_id: str, channel: str, score: int, comment: str | None, now: datetime
) -> ChatRating:
    """The end-of-chat rating; a second one for the same conversation is refused (the bot asks once)."""
    rating = ChatRating(
        conversation_id=conversation_id,
        channel=channel,
        score=score,
        comment=scrub(comment or "") or None,
        created_at=now,
    )
    session.add(rating)
    try:
        session.flush()
    except IntegrityError:
        raise ApiError(409, "이 상담은 이미 평가되었습니다.", "already_rated") from None
    return rating

"""The officer's queue: filters, text/receipt search and the default order (urgent and priority citizens,
then overdue, then oldest), for complaints and for waiting handoffs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, defer

from api.common_schemas import Channel
from api.complaints import deadlines
from api.complaints.lifecycle import LABELS, TERMINAL, Status
from api.complaints.models import Complaint
from api.complaints.receipts import normalize_receipt
from api.console.models import INTAKE_SOURCES, BoardCheck, ComplaintFlag, ComplaintIntake
from api.console.session import ConsoleUser
from api.county import County
from api.handoffs.models import Handoff
from api.handoffs.service import visible_to
from api.privacy.masking import mask_name
from api.staff.models import Staff
from api.working_days import add_working_days

PAGE_SIZE = 50
OPEN_STATES = [s.value for s in Status if s not in TERMINAL]
CHANNEL_LABELS = {
    "web": "홈페이지",
    "kakao": "카카오톡",
    "phone": "전화",
    "visit": "방문",
    "mail": "우편·팩스·전자우편",
    "rest": "기타 연동(REST)",
}


@dataclass
class QueueFilter:
    """Filters from the query string. Unknown values are dropped and reported, never an error page."""

    state: str = "open"  # open | all | callback | <Status>
    channel: str = ""
    category: str = ""
    priority: str = ""  # urgent | elderly
    due: str = ""  # overdue | due_soon
    date_from: date | None = None
    date_to: date | None = None
    township: str = ""
    department: str = ""
    q: str = ""
    page: int = 1
    problems: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, params, county: County) -> "QueueFilter":
        f = cls()
        get = lambda name: (params.get(name) or "").strip()[:200]  # noqa: E731
        state = get("state") or "open"
        if state in ("open", "all", "callback") or state in Status.__members__.values():
            f.state = state
        else:
            f.problems.append("처리 상태 값이 올바르지 않아 진행 중인 민원을 보여 드립니다.")
        if get("channel") in {c.value for c in Channel}:
            f.channel = get("channel")
        if get("category") in county.categories:
            f.category = get("category")
        if get("priority") in ("urgent", "elderly"):
            f.priority = get("priority")
        if get("due") in ("overdue", "due_soon"):
            f.due = get("due")
        if get("township"):
            township = county.township(get("township"))
            if township:
                f.township = township.name
        if get("department") in county.departments:
            f.department = get("department")
        for name in ("date_from", "date_to"):
            if get(name):
                try:
                    setattr(f, name, date.fromisoformat(get(name)))
                except ValueError:
                    f.problems.append("날짜는 2026-03-02 형식으로 입력해 주십시오.")
        f.q = get("q")
        try:
            f.page = min(max(1, int(get("page") or 1)), 10_000)
        except ValueError:
            f.page = 1
        return f

    def query_items(self) -> dict[str, str]:
        """The active filters as query parameters (for links, CSV export and polling)."""
        items = {
            "state": self.state,
            "channel": self.channel,
            "category": self.category,
            "priority": self.priority,
            "due": self.due,
            "township": self.township,
            "department": self.department,
            "q": self.q,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in items.items() if v}


def callback_pending_ids(session: Session) -> list[int]:
    """Complaints whose phone memo still waits for a callback (a short list, on an indexed column)."""
    return list(
        session.scalars(
            select(ComplaintIntake.complaint_id).where(
                ComplaintIntake.callback_needed.is_(True), ComplaintIntake.callback_done_at.is_(None)
            )
        )
    )


def _text_match(column, q: str):
    # Korean has no letter case: a plain LIKE is the same match and much cheaper than ILIKE, which folds the case
    # of every row. Both can use the PostgreSQL trigram indexes (migration 0004).
    if q.lower() == q.upper():
        return column.contains(q, autoescape=True)
    return column.ilike("%" + q.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%", escape="/")


def conditions(
    f: QueueFilter, user: ConsoleUser, county: County, today: date, due_soon_days: int, pending_callbacks: list[int]
) -> list:
    """The WHERE clause of the queue. Every condition is on the complaints table itself, so the planner can use
    its indexes (the status index for the open queue, the trigram indexes for a text search)."""
    conds = []
    if not user.is_admin:
        conds.append(Complaint.department_id == user.staff.department_id)
    elif f.department:
        conds.append(Complaint.department_id == f.department)
    if f.state == "open":
        # A phone memo still waiting for its callback stays in the queue even when the complaint is closed.
        conds.append(
            or_(Complaint.status.in_(OPEN_STATES), Complaint.id.in_(pending_callbacks))
            if pending_callbacks
            else Complaint.status.in_(OPEN_STATES)
        )
    elif f.state == "callback":
        conds.append(Complaint.id.in_(pending_callbacks))
    elif f.state != "all":
        conds.append(Complaint.status == f.state)
    if f.channel:
        conds.append(Complaint.channel == f.channel)
    if f.category:
        conds.append(Complaint.category == f.category)
    if f.priority == "urgent":
        conds.append(Complaint.urgent_safety.is_(True))
    elif f.priority == "elderly":
        conds.append(Complaint.elderly_or_disabled.is_(True))
    if f.due == "overdue":
        conds.append(and_(Complaint.status.in_(OPEN_STATES), Complaint.due_date < today))
    elif f.due == "due_soon":
        horizon = add_working_days(today, due_soon_days)
        conds.append(
            and_(Complaint.status.in_(OPEN_STATES), Complaint.due_date >= today, Complaint.due_date <= horizon)
        )
    if f.date_from:
        conds.append(Complaint.received_date >= f.date_from)
    if f.date_to:
        conds.append(Complaint.received_date <= f.date_to)
    if f.township:
        conds.append(Complaint.township == f.township)
    if f.q:
        receipt = normalize_receipt(f.q)
        if receipt:
            conds.append(Complaint.receipt_number == receipt)
        else:
            conds.append(or_(_text_match(Complaint.description, f.q), _text_match(Complaint.location, f.q)))
    return conds


def default_order(today: date):
    overdue = case((and_(Complaint.status.in_(OPEN_STATES), Complaint.due_date < today), 0), else_=1)
    return (
        Complaint.urgent_safety.desc(),
        Complaint.elderly_or_disabled.desc(),
        overdue,
        Complaint.received_at.asc(),
        Complaint.id.asc(),
    )


@dataclass
class QueueRow:
    receipt_number: str
    status: str
    status_label: str
    category_name: str
    department_name: str
    channel_label: str
    source_label: str | None
    township: str | None
    citizen_name: str | None
    excerpt: str
    received_at: datetime
    due_date: date
    overdue: bool
    due_soon: bool
    urgent: bool
    elderly: bool
    callback_pending: bool
    flagged: bool
    assignee: str | None


def _with_intake_and_flag():
    return (
        select(
            Complaint,
            ComplaintIntake.source,
            ComplaintIntake.callback_needed,
            ComplaintIntake.callback_done_at,
            ComplaintFlag.complaint_id,
        )
        .outerjoin(ComplaintIntake, ComplaintIntake.complaint_id == Complaint.id)
        .outerjoin(ComplaintFlag, ComplaintFlag.complaint_id == Complaint.id)
    )


def complaint_rows(
    session: Session,
    f: QueueFilter,
    user: ConsoleUser,
    county: County,
    today: date,
    due_soon_days: int,
    limit: int | None = PAGE_SIZE,
) -> tuple[list[QueueRow], int]:
    """One page of the queue (every match for limit=None, the CSV export) and the number of matches. A page is
    ordered and counted in one narrow pass (ids and sort keys only, the count as a window), then only its rows
    are read in full."""
    conds = conditions(f, user, county, today, due_soon_days, callback_pending_ids(session))
    if limit is None:
        rows = session.execute(_with_intake_and_flag().where(*conds).order_by(*default_order(today))).all()
        total = len(rows)
    else:
        ranked = (
            select(Complaint.id, func.count().over().label("total"))
            .where(*conds)
            .order_by(*default_order(today))
            .limit(limit)
            .offset((f.page - 1) * limit)
        )
        page = session.execute(ranked).all()
        if page:
            total = page[0].total
        elif f.page > 1:  # past the last page: count the matches for the pager
            total = session.scalar(select(func.count(Complaint.id)).where(*conds)) or 0
        else:
            total = 0
        position = {row.id: i for i, row in enumerate(page)}
        rows = session.execute(_with_intake_and_flag().where(Complaint.id.in_(position))).all() if page else []
        rows.sort(key=lambda row: position[row[0].id])
    assignee_ids = {c.assignee_id for c, *_ in rows if c.assignee_id}
    names = (
        dict(session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(assignee_ids))).all())
        if assignee_ids
        else {}
    )
    return [
        to_row(c, source, cb_needed, cb_done, flag, county, today, due_soon_days, names)
        for c, source, cb_needed, cb_done, flag in rows
    ], total


def to_row(
    c: Complaint,
    source,
    cb_needed,
    cb_done,
    flag,
    county: County,
    today: date,
    due_soon_days: int,
    names: dict[int, str],
) -> QueueRow:
    status = Status(c.status)
    text = " ".join(c.description.split())
    return QueueRow(
        receipt_number=c.receipt_number,
        status=c.status,
        status_label=LABELS[status],
        category_name=county.categories[c.category].name if c.category in county.categories else c.category,
        department_name=county.departments[c.department_id].name
        if c.department_id in county.departments
        else c.department_id,
        channel_label=CHANNEL_LABELS.get(c.channel, c.channel),
        source_label=INTAKE_SOURCES.get(source) if source else None,
        township=c.township,
        citizen_name=mask_name(c.citizen_name),
        excerpt=text[:80] + ("…" if len(text) > 80 else ""),
        received_at=c.received_at,
        due_date=c.due_date,
        overdue=deadlines.is_overdue(status, c.due_date, today),
        due_soon=deadlines.is_due_soon(status, c.due_date, today, due_soon_days),
        urgent=c.urgent_safety,
        elderly=c.elderly_or_disabled,
        callback_pending=bool(cb_needed and cb_done is None),
        flagged=flag is not None,
        assignee=names.get(c.assignee_id),
    )


# --- handoffs ---------------------------------------------------------------------------------


HANDOFF_SCAN = 500


def open_handoffs(session: Session, user: ConsoleUser, county: County) -> list[Handoff]:
    """Open and claimed handoffs this user may see, flagged first, then oldest, from the most recent ones."""
    # "open or claimed" rather than "not closed": the status index then finds the few unclosed ones among every
    # handoff ever made; the queue never shows a transcript, so it is not read.
    recent = session.scalars(
        select(Handoff)
        .options(defer(Handoff.transcript))
        .where(Handoff.status.in_(("open", "claimed")), *visible_to(user.staff, county))
        .order_by(Handoff.created_at.desc(), Handoff.id.desc())
        .limit(HANDOFF_SCAN)
    ).all()
    return sorted(recent, key=lambda h: (not h.flagged, h.status != "open", h.created_at, h.id))


def waiting_citizens(handoffs: list[Handoff]) -> list[Handoff]:
    """Citizens waiting right now: opened in office hours and not yet taken by anyone."""
    return [h for h in handoffs if h.status == "open" and h.in_office_hours]


def board_last_checked(session: Session) -> datetime | None:
    return session.scalar(select(func.max(BoardCheck.checked_at)))

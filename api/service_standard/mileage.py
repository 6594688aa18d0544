"""민원마일리지: points per officer and quarter, the standard's basis for choosing 우수공무원.

How it is computed (also shown on the console page), so that it cannot be gamed:
- A complaint counts for the officer it is assigned to when it is closed (처리 완료) within the quarter, and only
  with a public answer: the result the citizen reads in the status check, at least ANSWER_MIN_CHARS characters
  without spaces. Rejected and transferred complaints earn nothing, so closing is never a shortcut.
- CLOSED_ON_TIME points for a complaint closed by its legal deadline, CLOSED_LATE after it.
- SPEED_POINTS per working day closed before the deadline, at most SPEED_CAP_DAYS days; none for a complaint
  the officer filed themselves (a phone memo they could time), so only citizens' complaints earn speed.
- PRAISE_POINTS per praise that names the officer (linked only when the name matches exactly one person), at
  most PRAISE_CAP praises a quarter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.complaints.lifecycle import Status
from api.complaints.models import Complaint
from api.praises.models import Praise
from api.staff.models import Staff
from api.working_days import local_date, working_days_between

ANSWER_MIN_CHARS = 10
CLOSED_ON_TIME = 10
CLOSED_LATE = 5
SPEED_POINTS = 2
SPEED_CAP_DAYS = 5
PRAISE_POINTS = 5
PRAISE_CAP = 10


def quarter_bounds(year: int, quarter: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1-4")
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=tz)
    end = datetime(year + 1, 1, 1, tzinfo=tz) if quarter == 4 else datetime(year, 3 * quarter + 1, 1, tzinfo=tz)
    return start, end


def has_public_answer(result: str | None) -> bool:
    return len("".join((result or "").split())) >= ANSWER_MIN_CHARS


def complaint_points(received: date, due: date, closed: date, self_filed: bool) -> tuple[int, int]:
    """(points, working days closed before the deadline) for one answered, closed complaint."""
    early = working_days_between(closed, due)
    points = CLOSED_ON_TIME if early >= 0 else CLOSED_LATE
    if early > 0 and not self_filed:
        points += SPEED_POINTS * min(early, SPEED_CAP_DAYS)
    return points, max(early, 0)


@dataclass
class Mileage:
    staff_id: int
    name: str
    department_id: str | None
    closed: int = 0
    unanswered: int = 0
    days_early: int = 0
    praise: int = 0
    complaint_points: int = 0

    @property
    def praise_points(self) -> int:
        return PRAISE_POINTS * min(self.praise, PRAISE_CAP)

    @property
    def total(self) -> int:
        return self.complaint_points + self.praise_points


def quarter_mileage(
    session: Session, year: int, quarter: int, tz: ZoneInfo, department_id: str | None = None
) -> list[Mileage]:
    """Every officer's and manager's mileage for the quarter, highest first (ties by name)."""
    start, end = quarter_bounds(year, quarter, tz)
    people = select(Staff).where(Staff.role.in_(("officer", "manager")))
    if department_id:
        people = people.where(Staff.department_id == department_id)
    rows = {s.id: Mileage(s.id, s.display_name, s.department_id) for s in session.scalars(people)}
    closed = session.execute(
        select(
            Complaint.assignee_id,
            Complaint.received_date,
            Complaint.due_date,
            Complaint.closed_at,
            Complaint.result,
            Complaint.created_by,
        ).where(
            Complaint.status == Status.CLOSED.value,
            Complaint.closed_at >= start,
            Complaint.closed_at < end,
            Complaint.assignee_id.in_(list(rows) or [0]),
        )
    )
    for assignee, received, due, closed_at, result, created_by in closed:
        row = rows[assignee]
        if not has_public_answer(result):
            row.unanswered += 1
            continue
        points, early = complaint_points(received, due, local_date(closed_at, tz), created_by == f"staff:{assignee}")
        row.closed += 1
        row.days_early += early
        row.complaint_points += points
    praise = session.execute(
        select(Praise.staff_id, func.count(Praise.id))
        .where(Praise.created_at >= start, Praise.created_at < end, Praise.staff_id.in_(list(rows) or [0]))
        .group_by(Praise.staff_id)
    )
    for staff_id, count in praise:
        rows[staff_id].praise = count
    return sorted(rows.values(), key=lambda m: (-m.total, m.name))


def praise_by_month(
    session: Session, year: int, tz: ZoneInfo, department_id: str | None = None, staff_id: int | None = None
) -> dict[tuple[str | None, int | None], dict[int, int]]:
    """Praise of a year per (department, officer) and month (officer None: praise of the department only)."""
    start, end = datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    query = select(Praise.department_id, Praise.staff_id, Praise.created_at).where(
        Praise.created_at >= start, Praise.created_at < end
    )
    if department_id:
        query = query.where(Praise.department_id == department_id)
    if staff_id:
        query = query.where(Praise.staff_id == staff_id)
    counts: dict[tuple[str | None, int | None], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for dept, officer, created in session.execute(query):
        counts[(dept, officer)][created.astimezone(tz).month] += 1
    return counts

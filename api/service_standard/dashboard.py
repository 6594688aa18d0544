"""The service-standard dashboard's figures (민원의 유형과 발생 원인 분석), one function per chart, for a period and
optionally one department. The console draws them with Chart.js, offers each as CSV, and /api/v1/dashboard
returns the same numbers."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from sqlalchemy import Date, case, cast, func, select
from sqlalchemy.orm import Session

from api.complaints.lifecycle import LABELS, TERMINAL, Status
from api.complaints.models import Complaint, ComplaintEvent
from api.console.models import ComplaintFlag
from api.county import County
from api.db import Database
from api.handoffs.models import Handoff
from api.service_standard.compensation import STAGES, current_stage
from api.service_standard.models import ChatRating, ComplaintRating
from api.service_standard.service import overdue_reports
from api.working_days import working_days_between

CHANNELS = {"web": "홈페이지", "kakao": "카카오톡", "phone": "전화", "visit": "방문", "mail": "우편·서면"}
HANDOFF_REASONS = {
    "request_human": "직원 연결 요청",
    "fallback": "챗봇이 이해하지 못함",
    "abuse": "욕설·폭언",
    "threat": "위협",
    "sexual_harassment": "성희롱",
    "api_unavailable": "시스템 장애",
    "repetition": "같은 질문 반복",
}
BOT_CHANNELS = ("web", "kakao")
# The console's transfer writes "(분야 정정: 도로·교통 → 환경·청소)" into the event note.
_CORRECTION = re.compile(r"분야 정정: (.+?) → (.+?)\)")
_WORD = re.compile(r"[가-힣]{2,}")
_PARTICLES = (
    "에서는",
    "에서",
    "으로",
    "에게",
    "까지",
    "부터",
    "이나",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "의",
    "도",
    "로",
    "와",
    "과",
    "만",
)
_STOPWORDS = {
    "있습니다",
    "합니다",
    "주세요",
    "부탁드립니다",
    "했습니다",
    "없습니다",
    "있는데",
    "너무",
    "계속",
    "그리고",
    "그런데",
    "때문에",
    "해주세요",
    "확인",
    "민원",
    "요청",
    "문의",
    "입니다",
    "있어요",
    "해요",
    "있어서",
    "같습니다",
    "위험합니다",
    "바랍니다",
    "생겨",
}


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # bar | line | doughnut
    labels: list[str]
    series: dict[str, list[float | int | None]]
    unit: str = "건"
    note: str = ""

    def rows(self) -> list[list]:
        """Table form for the CSV: one row per label, one column per series."""
        return [["항목", *self.series]] + [
            [label, *(values[i] for values in self.series.values())] for i, label in enumerate(self.labels)
        ]


@dataclass
class Filters:
    start: date
    end: date  # inclusive
    department_id: str | None = None
    tz_offset: timedelta = field(default=timedelta(hours=9))
    tz_name: str = "Asia/Seoul"

    @property
    def months(self) -> list[str]:
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day.strftime("%Y-%m"))
            day = (day + timedelta(days=32)).replace(day=1)
        return months

    def utc_bounds(self) -> tuple[datetime, datetime]:
        start = datetime.combine(self.start, datetime.min.time()) - self.tz_offset
        end = datetime.combine(self.end + timedelta(days=1), datetime.min.time()) - self.tz_offset
        return start.replace(tzinfo=timezone.utc), end.replace(tzinfo=timezone.utc)


def _complaint_scope(f: Filters):
    conditions = [Complaint.received_date >= f.start, Complaint.received_date <= f.end]
    if f.department_id:
        conditions.append(Complaint.department_id == f.department_id)
    return conditions


def _month(session: Session, column):
    """SQL for 'YYYY-MM' of a date column."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _monthly(session: Session, f: Filters, column, names: dict[str, str], key: str, title: str) -> Chart:
    month = _month(session, Complaint.received_date).label("month")
    counted = select(month, column.label("value")).where(*_complaint_scope(f)).subquery()
    rows = session.execute(
        select(counted.c.month, counted.c.value, func.count()).group_by(counted.c.month, counted.c.value)
    )
    months = f.months
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for month_key, value, count in rows:
        series[names.get(value, value or "미상")][months.index(month_key)] += count
    ordered = dict(sorted(series.items(), key=lambda item: -sum(item[1])))
    return Chart(key, title, "bar", months, ordered)


def by_category(session, county: County, f: Filters) -> Chart:
    names = {c.id: c.name for c in county.categories.values()}
    return _monthly(session, f, Complaint.category, names, "category", "분야별 민원 (월별)")


def by_department(session, county: County, f: Filters) -> Chart:
    names = {d.id: d.name for d in county.departments.values()}
    return _monthly(session, f, Complaint.department_id, names, "department", "부서별 민원 (월별)")


def by_township(session, county: County, f: Filters) -> Chart:
    return _monthly(session, f, Complaint.township, {}, "township", "읍·면별 민원 (월별)")


def by_channel(session, county: County, f: Filters) -> Chart:
    return _monthly(session, f, Complaint.channel, CHANNELS, "channel", "접수 경로별 민원 (월별)")


def closed_within_deadline(session, county: County, f: Filters) -> Chart:
    """Of the complaints closed in each month, the share closed by their deadline (Korean dates)."""
    start, end = f.utc_bounds()
    conditions = [Complaint.status == Status.CLOSED.value, Complaint.closed_at >= start, Complaint.closed_at < end]
    if f.department_id:
        conditions.append(Complaint.department_id == f.department_id)
    local = _local_day(session, f)
    closed = (
        select(local(Complaint.closed_at).label("day"), Complaint.due_date.label("due")).where(*conditions).subquery()
    )
    on_time_case = case((closed.c.day <= closed.c.due, 1), else_=0)
    months = f.months
    total, on_time = [0] * len(months), [0] * len(months)
    for day, count, in_time in session.execute(
        select(closed.c.day, func.count(), func.sum(on_time_case)).group_by(closed.c.day)
    ):
        i = months.index(_as_date(day).strftime("%Y-%m"))
        total[i] += count
        on_time[i] += int(in_time or 0)
    share = [round(100 * o / t, 1) if t else None for o, t in zip(on_time, total)]
    return Chart("deadline", "처리기한 안에 완료한 비율 (월별)", "line", months, {"기한 내 완료율": share}, unit="%")


@lru_cache(maxsize=65536)
def _working_days(start: date, end: date) -> int:
    return working_days_between(start, end)


def stage_times(session, county: County, f: Filters) -> Chart:
    """Average working days a complaint spends in each stage, against the standard's days for it."""
    local = _local_day(session, f)
    next_at = func.lead(ComplaintEvent.created_at).over(
        partition_by=ComplaintEvent.complaint_id, order_by=ComplaintEvent.id
    )
    timeline = (
        select(
            ComplaintEvent.to_status.label("status"), ComplaintEvent.created_at.label("at"), next_at.label("next_at")
        )
        .join(Complaint, Complaint.id == ComplaintEvent.complaint_id)
        .where(*_complaint_scope(f))
        .where(ComplaintEvent.action.in_(("created", "assign", "transition", "transfer")))
    ).subquery()
    # Korean dates computed once per row, so the grouping repeats no expression (PostgreSQL compares them as text).
    spans = (
        select(timeline.c.status, local(timeline.c.at).label("start"), local(timeline.c.next_at).label("end")).where(
            timeline.c.next_at.is_not(None)
        )
    ).subquery()
    rows = session.execute(
        select(spans.c.status, spans.c.start, spans.c.end, func.count()).group_by(
            spans.c.status, spans.c.start, spans.c.end
        )
    )
    days, counts = defaultdict(int), defaultdict(int)
    for status, start, end, count in rows:
        start, end = _as_date(start), _as_date(end)
        days[status] += _working_days(start, end) * count
        counts[status] += count
    statuses = [s for s in Status if s not in TERMINAL]
    labels = [LABELS[s] for s in statuses]
    average = [round(days[s.value] / counts[s.value], 2) if counts[s.value] else None for s in statuses]
    standard = [current_stage(s).days for s in statuses]
    return Chart(
        "stages",
        "단계별 평균 처리 시간과 표준 (근무일)",
        "bar",
        labels,
        {"평균(근무일)": average, "표준(근무일)": standard},
        unit="근무일",
        note="담당자 배정과 확인·조사는 합쳐서 2근무일이 표준입니다.",
    )


def _local_day(session: Session, f: Filters):
    """SQL for a timestamp's Korean date (Korea keeps no summer time, so a fixed offset is exact)."""
    if session.get_bind().dialect.name == "postgresql":
        return lambda column: cast(func.timezone(f.tz_name, column), Date)
    hours = int(f.tz_offset.total_seconds() // 3600)
    return lambda column: func.date(column, f"+{hours} hours")


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def overdue_now(session, county: County, f: Filters, today: date) -> Chart:
    conditions = [Complaint.status.notin_([s.value for s in TERMINAL]), Complaint.due_date < today]
    if f.department_id:
        conditions.append(Complaint.department_id == f.department_id)
    rows = session.execute(
        select(Complaint.department_id, func.count()).where(*conditions).group_by(Complaint.department_id)
    )
    names = {d.id: d.name for d in county.departments.values()}
    counts = sorted(((names.get(d, d), n) for d, n in rows), key=lambda r: -r[1])
    return Chart(
        "overdue",
        f"지금 처리기한이 지난 민원 ({today.isoformat()} 기준)",
        "bar",
        [c[0] for c in counts],
        {"기한 경과": [c[1] for c in counts]},
    )


def handoffs(session, county: County, f: Filters) -> Chart:
    """Handoffs to a person by reason; the rate is handoffs per chatbot conversation that ended in a complaint or a
    handoff (the bot's complaints plus handoffs). Handoffs belong to no department, so this is county-wide."""
    start, end = f.utc_bounds()
    reasons = dict(
        session.execute(
            select(Handoff.reason, func.count())
            .where(Handoff.created_at >= start, Handoff.created_at < end)
            .group_by(Handoff.reason)
        ).all()
    )
    bot_complaints = (
        session.scalar(
            select(func.count())
            .select_from(Complaint)
            .where(
                Complaint.received_date >= f.start,
                Complaint.received_date <= f.end,
                Complaint.channel.in_(BOT_CHANNELS),
            )
        )
        or 0
    )
    total = sum(reasons.values())
    rate = round(100 * total / (total + bot_complaints), 1) if total + bot_complaints else 0.0
    ordered = sorted(reasons.items(), key=lambda r: -r[1])
    return Chart(
        "handoffs",
        f"상담원 연결 사유 (연결 비율 {rate}%)",
        "doughnut",
        [HANDOFF_REASONS.get(r, r) for r, _ in ordered],
        {"연결 건수": [n for _, n in ordered]},
        note=f"챗봇 대화 중 상담원 연결 비율: {rate}% (연결 {total}건, 챗봇 접수 민원 {bot_complaints}건, 군 전체)",
    )


def special_complaints(session, county: County, f: Filters) -> Chart:
    start, end = f.utc_bounds()
    conditions = [ComplaintFlag.flagged_at >= start, ComplaintFlag.flagged_at < end]
    if f.department_id:
        conditions.append(Complaint.department_id == f.department_id)
    months = f.months
    counts = [0] * len(months)
    flags = select(ComplaintFlag.flagged_at).join(Complaint, Complaint.id == ComplaintFlag.complaint_id)
    for (flagged_at,) in session.execute(flags.where(*conditions)):
        counts[months.index((flagged_at + f.tz_offset).strftime("%Y-%m"))] += 1
    return Chart("special", "특이민원 (월별)", "bar", months, {"특이민원": counts})


def ratings(session, county: County, f: Filters) -> Chart:
    start, end = f.utc_bounds()
    conditions = [ComplaintRating.created_at >= start, ComplaintRating.created_at < end]
    if f.department_id:
        conditions.append(ComplaintRating.department_id == f.department_id)
    local = _local_day(session, f)
    rated = select(local(ComplaintRating.created_at).label("day"), ComplaintRating.score).where(*conditions).subquery()
    months = f.months
    totals, counts = [0] * len(months), [0] * len(months)
    for day, total, count in session.execute(
        select(rated.c.day, func.sum(rated.c.score), func.count()).group_by(rated.c.day)
    ):
        i = months.index(_as_date(day).strftime("%Y-%m"))
        totals[i] += int(total)
        counts[i] += count
    mean = [round(t / c, 2) if c else None for t, c in zip(totals, counts)]
    series = {"평균 점수": mean, "응답 수": counts}
    if not f.department_id:  # a chat belongs to no department: county-wide only
        chats = (
            select(local(ChatRating.created_at).label("day"), ChatRating.score)
            .where(ChatRating.created_at >= start, ChatRating.created_at < end)
            .subquery()
        )
        chat_totals, chat_counts = [0] * len(months), [0] * len(months)
        for day, total, count in session.execute(
            select(chats.c.day, func.sum(chats.c.score), func.count()).group_by(chats.c.day)
        ):
            i = months.index(_as_date(day).strftime("%Y-%m"))
            chat_totals[i] += int(total)
            chat_counts[i] += count
        series["챗봇 상담 평균"] = [round(t / c, 2) if c else None for t, c in zip(chat_totals, chat_counts)]
    return Chart(
        "ratings",
        "만족도 평균 (1~5점, 월별)",
        "line",
        months,
        series,
        unit="점",
        note="처리 완료 문자의 평가와, 민원을 접수하거나 조회한 챗봇 상담 끝의 평가입니다.",
    )


def _stem(word: str) -> str:
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def top_topics(session, county: County, f: Filters, today: date, per_category: int = 5) -> Chart:
    """The words that recur most in this month's complaints per category (particles stripped), so a department
    sees what the complaints are about, not only how many there are."""
    month_start = today.replace(day=1)
    conditions = [Complaint.received_date >= month_start, Complaint.received_date <= today]
    if f.department_id:
        conditions.append(Complaint.department_id == f.department_id)
    words: dict[str, Counter] = defaultdict(Counter)
    for category, text in session.execute(
        select(Complaint.category, Complaint.description).where(*conditions).order_by(Complaint.id.desc()).limit(5000)
    ):
        stems = {_stem(w) for w in _WORD.findall(text or "")}
        words[category].update(s for s in stems if s not in _STOPWORDS)
    names = {c.id: c.name for c in county.categories.values()}
    labels, counts = [], []
    for category, counter in sorted(words.items(), key=lambda item: -sum(item[1].values())):
        for word, n in counter.most_common(per_category):
            if n >= 2:
                labels.append(f"{names.get(category, category)} · {word}")
                counts.append(n)
    return Chart(
        "topics", f"이번 달 분야별 자주 나온 말 ({month_start.strftime('%Y-%m')})", "bar", labels, {"민원 수": counts}
    )


def routing_quality(session, county: County, f: Filters) -> Chart:
    """The share of complaints whose category an officer corrected, by the category the complaint came with."""
    by_name = {c.name: c.id for c in county.categories.values()}
    corrected: Counter = Counter()
    moved_in: Counter = Counter()
    notes = session.execute(
        select(ComplaintEvent.note)
        .join(Complaint, Complaint.id == ComplaintEvent.complaint_id)
        .where(*_complaint_scope(f), ComplaintEvent.action == "transfer", ComplaintEvent.note.contains("분야 정정:"))
    )
    for (note,) in notes:
        match = _CORRECTION.search(note or "")
        if match:
            corrected[by_name.get(match.group(1), match.group(1))] += 1
            moved_in[by_name.get(match.group(2), match.group(2))] += 1
    current = dict(
        session.execute(
            select(Complaint.category, func.count()).where(*_complaint_scope(f)).group_by(Complaint.category)
        ).all()
    )
    names = {c.id: c.name for c in county.categories.values()}
    rows = []
    for category in sorted(set(current) | set(corrected)):
        filed = current.get(category, 0) - moved_in[category] + corrected[category]
        if filed > 0:
            rows.append((names.get(category, category), round(100 * corrected[category] / filed, 1)))
    return Chart(
        "routing",
        "담당자가 분야를 바로잡은 비율 (처음 분야별)",
        "bar",
        [r[0] for r in rows],
        {"정정 비율": [r[1] for r in rows]},
        unit="%",
    )


def overdue_compensation_stages(session, county: County, f: Filters, today: date) -> Chart:
    """Misconduct reports whose procedure stage is past its deadline, by stage (the reminders' subject)."""
    counts = Counter(row.stage.key for _, row in overdue_reports(session, today))
    stages = [s for s in STAGES if s.days]
    return Chart(
        "compensation",
        "불친절 신고 처리 단계 기한 경과 (지금)",
        "bar",
        [s.label for s in stages],
        {"기한 경과": [counts[s.key] for s in stages]},
    )


CHARTS: tuple[tuple[Callable, bool], ...] = (
    (by_category, False),
    (by_department, False),
    (by_township, False),
    (by_channel, False),
    (closed_within_deadline, False),
    (stage_times, False),
    (overdue_now, True),
    (overdue_compensation_stages, True),
    (handoffs, False),
    (special_complaints, False),
    (ratings, False),
    (top_topics, True),
    (routing_quality, False),
)


def all_charts(db: Database, county: County, f: Filters, today: date) -> list[Chart]:
    """Every chart, a few at a time on their own read sessions: the database does the work, so a year's figures
    come in about the time of the slowest query rather than the sum of all."""

    def one(entry: tuple[Callable, bool]) -> Chart:
        chart, needs_today = entry
        with db.reader() as session:
            return chart(session, county, f, today) if needs_today else chart(session, county, f)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, CHARTS))

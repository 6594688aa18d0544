"""Seed a database with many complaints and handoffs for the console benchmark (development data only).

    .venv-api/bin/python benchmarks/seed_console.py --database-url postgresql://... \
        [--complaints 100000 --handoffs 20000]

Rows are written with bulk Core inserts, not through the service: the point is volume with a realistic shape
(departments, categories, townships, ~12% still open, some overdue, priority citizens, history rows).
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import insert, select

from api.complaints import deadlines
from api.complaints.models import Complaint, ComplaintEvent, ReceiptCounter
from api.county import load_county
from api.db import Database, upgrade_database
from api.handoffs.models import Handoff
from api.settings import Settings

WORDS = [
    "도로",
    "포트홀",
    "가로등",
    "쓰레기",
    "불법 주차",
    "소음",
    "악취",
    "상수도",
    "누수",
    "버스",
    "정류장",
    "보도블록",
    "공원",
    "놀이터",
    "하천",
    "제설",
    "신호등",
    "농로",
    "축사",
    "가로수",
    "배수로",
    "민원 서류",
    "주민등록",
    "복지",
]
OPEN = ["received", "assigned", "investigating", "reviewed", "remedied"]
CLOSED = ["closed", "closed", "closed", "rejected", "transferred"]
BATCH = 5000


def _description(rng: random.Random) -> str:
    words = rng.sample(WORDS, 4)
    return (
        f"{words[0]} 관련 민원입니다. {words[1]} 문제가 계속되어 불편합니다. "
        f"{words[2]}와(과) {words[3]}도 함께 확인해 주시기 바랍니다. " * rng.randint(1, 3)
    ).strip()


def seed(url: str, complaints: int, handoffs: int, today: date, seed_value: int = 14) -> None:
    upgrade_database(url)
    settings = Settings(_env_file=None, database_url=url)
    county = load_county(settings.county_config, settings.categories_path)
    db = Database(url)
    rng = random.Random(seed_value)
    categories = list(county.categories)
    townships = list(county.townships)
    now = datetime.combine(today, datetime.min.time(), timezone.utc) + timedelta(hours=1)
    with db.writer() as session:
        session.execute(insert(ReceiptCounter), [{"year": today.year, "last_value": complaints}])
        rows, events = [], []
        for i in range(1, complaints + 1):
            received = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            received_day = received.date()
            status = rng.choice(OPEN) if rng.random() < 0.12 else rng.choice(CLOSED)
            category = rng.choice(categories)
            kind = rng.choice(["inquiry", "suggestion", "grievance"])
            days = deadlines.processing_days(kind, None)
            digits = f"010{rng.randint(10_000_000, 99_999_999)}"
            rows.append(
                dict(
                    id=i,
                    receipt_number=f"{today.year}-{i:06d}",
                    channel=rng.choice(["web", "kakao", "phone", "visit"]),
                    category=category,
                    department_id=county.routing[category].department_id,
                    kind=kind,
                    processing_days=days,
                    description=_description(rng),
                    location=f"{rng.choice(townships)} {rng.randint(1, 999)}번지",
                    township=rng.choice(townships),
                    citizen_name=rng.choice(["홍길동", "김영희", "이철수", "박민수"]),
                    phone=f"{digits[:3]}-{digits[3:7]}-{digits[7:]}",
                    phone_digits=digits,
                    consent_at=received,
                    consent_version="2026-01",
                    elderly_or_disabled=rng.random() < 0.05,
                    urgent_safety=rng.random() < 0.01,
                    status=status,
                    received_at=received,
                    received_date=received_day,
                    due_date=deadlines.due_date(received_day, days),
                    status_changed_at=received,
                    closed_at=received + timedelta(days=3) if status in CLOSED else None,
                    created_by="service",
                )
            )
            events.append(
                dict(
                    complaint_id=i,
                    action="created",
                    from_status=None,
                    to_status="received",
                    actor="service",
                    public_note="민원이 접수되었습니다.",
                    created_at=received,
                )
            )
            if status != "received":
                events.append(
                    dict(
                        complaint_id=i,
                        action="transition",
                        from_status="received",
                        to_status=status,
                        actor="service",
                        note="벤치마크 데이터",
                        created_at=received + timedelta(hours=5),
                    )
                )
            if len(rows) >= BATCH:
                session.execute(insert(Complaint), rows)
                session.execute(insert(ComplaintEvent), events)
                rows, events = [], []
        if rows:
            session.execute(insert(Complaint), rows)
            session.execute(insert(ComplaintEvent), events)
        hand = []
        for i in range(1, handoffs + 1):
            created = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            open_one = rng.random() < 0.01
            hand.append(
                dict(
                    id=i,
                    conversation_id=f"bench-{i}",
                    channel=rng.choice(["web", "kakao"]),
                    reason="request_human",
                    transcript=[{"sender": "user", "text": _description(rng), "timestamp": created.isoformat()}],
                    form_data={"complaint_category": rng.choice(categories)},
                    callback=None,
                    flagged=rng.random() < 0.02,
                    status="open" if open_one else "closed",
                    in_office_hours=True,
                    created_at=created,
                    closed_at=None if open_one else created + timedelta(minutes=20),
                )
            )
            if len(hand) >= BATCH:
                session.execute(insert(Handoff), hand)
                hand = []
        if hand:
            session.execute(insert(Handoff), hand)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            # Explicit ids were inserted: move the sequences past them, and refresh the planner's statistics.
            for table in ("complaints", "complaint_events", "handoffs"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--handoffs", type=int, default=20_000)
    args = parser.parse_args()
    seed(args.database_url, args.complaints, args.handoffs, date.today())
    print(f"seeded {args.complaints} complaints and {args.handoffs} handoffs")


if __name__ == "__main__":
    main()


def seed_service_standard(url: str, seed_value: int = 15) -> None:
    """On top of seed(): what the service-standard dashboard reads — ratings of ~30% of closed complaints, 특이민원
    flags on 1%, officers' category corrections on 3% (transfer events with the console's note), praise."""
    from api.console.models import ComplaintFlag
    from api.praises.models import Praise
    from api.service_standard.models import ComplaintRating
    from api.staff.models import Staff

    settings = Settings(_env_file=None, database_url=url)
    county = load_county(settings.county_config, settings.categories_path)
    names = {c.id: c.name for c in county.categories.values()}
    db = Database(url)
    rng = random.Random(seed_value)
    with db.writer() as session:
        staff = Staff(
            username="bench.seed",
            display_name="벤치마크",
            role="admin",
            department_id=None,
            password_hash="-",
            is_active=True,
            created_at=datetime.now(timezone.utc),
        )
        session.add(staff)
        session.flush()
        closed = session.execute(
            select(
                Complaint.id,
                Complaint.department_id,
                Complaint.category,
                Complaint.closed_at,
                Complaint.received_at,
                Complaint.status,
            )
        ).all()
        ratings, flags, events, praise = [], [], [], []
        for cid, dept, category, closed_at, received, status in closed:
            if status == "closed" and rng.random() < 0.3:
                ratings.append(
                    dict(
                        complaint_id=cid,
                        department_id=dept,
                        score=rng.choice([1, 2, 3, 4, 4, 5, 5, 5]),
                        comment=rng.choice([None, None, "빠르게 처리해 주셔서 감사합니다."]),
                        created_at=closed_at + timedelta(hours=2),
                    )
                )
            if rng.random() < 0.01:
                flags.append(dict(complaint_id=cid, reason="반복 민원", flagged_by=staff.id, flagged_at=received))
            if rng.random() < 0.03:
                other = rng.choice([c for c in names if c != category])
                events.append(
                    dict(
                        complaint_id=cid,
                        action="transfer",
                        from_status="received",
                        to_status="received",
                        actor="service",
                        note=f"이송 (분야 정정: {names[other]} → {names[category]})",
                        created_at=received + timedelta(hours=1),
                    )
                )
            if rng.random() < 0.02:
                praise.append(
                    dict(
                        target=county.departments[dept].name,
                        department_id=dept,
                        message="친절했습니다",
                        channel="kakao",
                        created_at=received,
                    )
                )
        for table, rows in (
            (ComplaintRating, ratings),
            (ComplaintFlag, flags),
            (ComplaintEvent, events),
            (Praise, praise),
        ):
            for i in range(0, len(rows), BATCH):
                session.execute(insert(table), rows[i : i + BATCH])
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    db.dispose()

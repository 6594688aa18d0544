"""Staff console speed on a large PostgreSQL database (a script that prints figures, not a test).

    make benchmark-console        # = .venv-api/bin/python benchmarks/benchmark_console.py

Starts a throwaway PostgreSQL, seeds 100,000 complaints and 20,000 handoffs (benchmarks/seed_console.py), then
renders through the whole app (in process, cookie session, templates) the queue page with its default filter,
a complaint page, and a text search, as a department officer and as an administrator; prints p50/p95 in ms.
Targets (issue 14): queue and complaint page p95 <= 300 ms, text search p95 <= 500 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from api.complaints.models import Complaint  # noqa: E402
from api.main import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from api.staff.models import Staff  # noqa: E402
from api.staff.passwords import hash_password  # noqa: E402
from benchmarks.seed_console import WORDS, seed  # noqa: E402
from tests.support.postgres import TemporaryPostgres  # noqa: E402

PASSWORD = "bench-password-2026"


def _login(client: TestClient, username: str) -> None:
    page = client.get("/console/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/console/login", data={"csrf_token": token, "username": username, "password": PASSWORD})
    assert response.status_code == 303, (response.status_code, response.text[response.text.find("notice") :][:200])


def _time(client: TestClient, urls: list[str], headers: dict | None = None) -> list[float]:
    times = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def run(url: str, runs: int) -> None:
    settings = Settings(_env_file=None, database_url=url, app_env="test", auto_migrate=False)
    clock = lambda: datetime(2026, 12, 4, 2, 0, tzinfo=timezone.utc)  # noqa: E731
    app = create_app(settings, clock=clock)
    county = app.state.county
    department = "construction_roads"
    with app.state.db.writer() as session:
        hashed = hash_password(PASSWORD)
        for username, role, dept in (("bench.officer", "officer", department), ("bench.admin", "admin", None)):
            session.add(
                Staff(
                    username=username,
                    display_name=username,
                    role=role,
                    department_id=dept,
                    password_hash=hashed,
                    is_active=True,
                    created_at=clock() - timedelta(days=1),
                )
            )
    rng = random.Random(7)
    browser = dict(base_url="https://testserver", follow_redirects=False)
    with TestClient(app, **browser) as officer, TestClient(app, **browser) as admin:
        _login(officer, "bench.officer")
        _login(admin, "bench.admin")
        with app.state.db.reader() as session:
            own = session.scalars(
                select(Complaint.receipt_number).where(Complaint.department_id == department).limit(5000)
            ).all()
            every = session.scalars(select(Complaint.receipt_number).limit(20000)).all()
        results = []
        for who, client, receipts in (("officer", officer, own), ("admin", admin, every)):
            _time(client, ["/console/queue"] * 3)  # warm-up
            results.append((who, "queue (default filter)", _time(client, ["/console/queue"] * runs), 300))
            results.append(
                (
                    who,
                    "complaint page",
                    _time(client, [f"/console/complaints/{rng.choice(receipts)}" for _ in range(runs)]),
                    300,
                )
            )
            results.append(
                (
                    who,
                    "text search",
                    _time(client, [f"/console/queue?q={rng.choice(WORDS)}&state=all" for _ in range(runs)]),
                    500,
                )
            )
    app.state.db.dispose()
    print(f"\nConsole benchmark: {county.office_name}, PostgreSQL, {runs} requests each, rendered in process")
    print(f"{'user':8} {'page':24} {'p50 ms':>8} {'p95 ms':>8} {'target':>7}")
    for who, name, times, target in results:
        p95 = _p95(times)
        verdict = "ok" if p95 <= target else "OVER"
        print(f"{who:8} {name:24} {statistics.median(times):8.1f} {p95:8.1f} {'<=' + str(target):>7} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--handoffs", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with TemporaryPostgres() as pg:
        # A UTF-8 character type, as a production database has: with LC_CTYPE C, pg_trgm sees no word characters
        # in Hangul and the trigram indexes of the text search (migration 0004) stay empty.
        pg.admin("CREATE DATABASE console_bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'")
        url = pg.url("console_bench")
        start = time.perf_counter()
        seed(url, args.complaints, args.handoffs, date(2026, 12, 4))
        took = time.perf_counter() - start
        print(f"seeded {args.complaints} complaints and {args.handoffs} handoffs in {took:.0f} s")
        run(url, args.runs)


if __name__ == "__main__":
    main()

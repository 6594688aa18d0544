"""Service-standard dashboard speed on a large PostgreSQL database (a script that prints figures, not a test).

    .venv-api/bin/python benchmarks/benchmark_dashboard.py [--complaints 100000 --runs 30]

Starts a throwaway PostgreSQL, seeds 100,000 complaints of one year and 20,000 handoffs (benchmarks/seed_console.py)
with ratings, 특이민원 flags, category corrections and praise, then renders the dashboard for the whole year through
the app (in process, cookie session, templates; every chart's figures computed) as an administrator (all
departments) and as a manager (one department), and times /api/v1/dashboard; prints p50/p95 in ms.
Target (issue 15): the dashboard for a year at p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore")

from fastapi.testclient import TestClient  # noqa: E402

from api.main import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from api.staff.models import Staff  # noqa: E402
from api.staff.passwords import hash_password  # noqa: E402
from api.staff.service import open_session  # noqa: E402
from benchmarks.benchmark_console import PASSWORD, _login, _p95, _time  # noqa: E402
from benchmarks.seed_console import seed, seed_service_standard  # noqa: E402
from tests.support.postgres import TemporaryPostgres  # noqa: E402

TARGET_MS = 1000
YEAR = "start=2025-12-05&end=2026-12-04"


def run(url: str, runs: int) -> None:
    settings = Settings(_env_file=None, database_url=url, app_env="test", auto_migrate=False)
    now = datetime(2026, 12, 4, 2, 0, tzinfo=timezone.utc)
    app = create_app(settings, clock=lambda: now)
    with app.state.db.writer() as session:
        hashed = hash_password(PASSWORD)
        accounts = (("bench.manager", "manager", "construction_roads"), ("bench.admin", "admin", None))
        for username, role, dept in accounts:
            session.add(
                Staff(
                    username=username,
                    display_name=username,
                    role=role,
                    department_id=dept,
                    password_hash=hashed,
                    is_active=True,
                    created_at=now - timedelta(days=1),
                )
            )
        session.flush()
        admin_staff = session.query(Staff).filter_by(username="bench.admin").one()
        token, _ = open_session(
            session, admin_staff, secret=settings.session_secret.get_secret_value(), ttl_minutes=600, now=now
        )
    bearer = {"Authorization": f"Bearer {token}"}
    results = []
    with (
        TestClient(app, base_url="https://testserver", follow_redirects=False) as admin,
        TestClient(app, base_url="https://testserver", follow_redirects=False) as manager,
    ):
        _login(admin, "bench.admin")
        _login(manager, "bench.manager")
        _time(admin, [f"/console/dashboard?{YEAR}"] * 2)  # warm-up
        results.append(("admin", "dashboard page, a year", _time(admin, [f"/console/dashboard?{YEAR}"] * runs)))
        results.append(("manager", "dashboard page, a year", _time(manager, [f"/console/dashboard?{YEAR}"] * runs)))
        results.append(
            ("admin", "/api/v1/dashboard, a year", _time(admin, [f"/api/v1/dashboard?{YEAR}"] * runs, bearer))
        )
    app.state.db.dispose()
    print(f"\nDashboard benchmark: PostgreSQL, {runs} requests each, rendered in process")
    print(f"{'user':8} {'request':28} {'p50 ms':>8} {'p95 ms':>8} {'target':>7}")
    for who, name, times in results:
        p95 = _p95(times)
        verdict = "ok" if p95 <= TARGET_MS else "OVER"
        print(f"{who:8} {name:28} {statistics.median(times):8.1f} {p95:8.1f} {'<=' + str(TARGET_MS):>7} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--handoffs", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with TemporaryPostgres() as pg:
        pg.admin("CREATE DATABASE dashboard_bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'")
        url = pg.url("dashboard_bench")
        start = time.perf_counter()
        seed(url, args.complaints, args.handoffs, date(2026, 12, 4))
        seed_service_standard(url)
        seconds = time.perf_counter() - start
        print(f"seeded {args.complaints} complaints and {args.handoffs} handoffs in {seconds:.0f} s")
        run(url, args.runs)


if __name__ == "__main__":
    main()

"""Development only: create demo staff when no staff exists yet.

    .venv-api/bin/python -m api.staff.seed_demo

Accounts (all with password DEMO_PASSWORD below):
  admin                      administrator
  <department_id>.manager    department manager, e.g. construction_roads.manager
  <department_id>.officer    officer, e.g. construction_roads.officer
Refuses to run when APP_ENV=production or when any staff account exists.
"""

from __future__ import annotations

import sys

from api.cli import open_app_context
from api.db import utcnow
from api.staff.models import Staff
from api.staff.passwords import hash_password
from api.staff.service import staff_count

DEMO_PASSWORD = "demo-yeoncheon-2026"


def seed(session, county, now) -> int:
    # One hash shared by all demo accounts: hashing ~40 times with argon2 would take seconds.
    hashed = hash_password(DEMO_PASSWORD)
    rows = [
        Staff(
            username="admin",
            display_name="데모 관리자",
            role="admin",
            department_id=None,
            password_hash=hashed,
            is_active=True,
            created_at=now,
        )
    ]
    for dept in county.departments.values():
        rows.append(
            Staff(
                username=f"{dept.id}.manager",
                display_name=f"{dept.name} 부서장",
                role="manager",
                department_id=dept.id,
                password_hash=hashed,
                is_active=True,
                created_at=now,
            )
        )
        rows.append(
            Staff(
                username=f"{dept.id}.officer",
                display_name=f"{dept.name} 담당자",
                role="officer",
                department_id=dept.id,
                password_hash=hashed,
                is_active=True,
                created_at=now,
            )
        )
    session.add_all(rows)
    return len(rows)


def main() -> int:
    with open_app_context() as (db, county, settings):
        if settings.app_env == "production":
            print("Refusing to seed demo staff with APP_ENV=production.", file=sys.stderr)
            return 2
        with db.writer() as session:
            if staff_count(session) > 0:
                print("Staff accounts already exist; nothing seeded.")
                return 0
            count = seed(session, county, utcnow())
    print(f"Seeded {count} demo staff accounts; password: {DEMO_PASSWORD} (development only).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Create the first administrator account.

    .venv-api/bin/python -m api.staff.create_admin --username admin --name "관리자"

The password is read from the ADMIN_PASSWORD environment variable, or asked for on the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from api.cli import open_app_context
from api.db import utcnow
from api.errors import ApiError
from api.staff.service import create_staff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create an administrator account.")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--name", default="관리자")
    args = parser.parse_args(argv)
    password = os.environ.get("ADMIN_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            print("Set ADMIN_PASSWORD or run on a terminal to type the password.", file=sys.stderr)
            return 2
        password = getpass.getpass("Password (10+ chars): ")
        if password != getpass.getpass("Repeat: "):
            print("Passwords differ.", file=sys.stderr)
            return 2
    if len(password) < 10:
        print("Password must have at least 10 characters.", file=sys.stderr)
        return 2
    with open_app_context() as (db, county, _settings):
        try:
            with db.writer() as session:
                staff = create_staff(
                    session,
                    username=args.username,
                    display_name=args.name,
                    role="admin",
                    department_id=None,
                    password=password,
                    now=utcnow(),
                    known_departments=set(county.departments),
                )
                staff_id = staff.id
        except ApiError as exc:
            print(f"Not created: {exc.detail}", file=sys.stderr)
            return 1
    print(f"Administrator '{args.username}' created (id {staff_id}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

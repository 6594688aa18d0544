"""Notification worker.

    .venv-api/bin/python -m api.notifications.worker --once     # enqueue notices and stage reminders, deliver, exit
    .venv-api/bin/python -m api.notifications.worker --loop     # the same every --interval seconds

Run --loop as a service (or --once from cron every minute) so departments hear of a new complaint
well within the hour.
"""

from __future__ import annotations

import argparse
import logging
import time

from api.cli import open_app_context
from api.county import County
from api.db import Database, utcnow
from api.notifications.providers import load_provider
from api.notifications.sender import RunStats, drain
from api.notifications.service import enqueue_progress_notices
from api.service_standard.service import enqueue_stage_reminders
from api.settings import Settings

log = logging.getLogger("api.notifications")


def run_once(db: Database, county: County, settings: Settings, provider=None) -> tuple[int, RunStats]:
    provider = provider or load_provider(settings.sms_provider)
    with db.writer() as session:
        now = utcnow()
        due = enqueue_progress_notices(session, county, now, settings.progress_notice_days)
        # Misconduct reports with a procedure stage past its deadline: a reminder to the stage's owner.
        enqueue_stage_reminders(session, county, now)
    return due, drain(db, provider)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Deliver queued notifications.")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true")
    mode.add_argument("--loop", action="store_true")
    parser.add_argument("--interval", type=float, default=30.0)
    args = parser.parse_args(argv)
    with open_app_context() as (db, county, settings):
        provider = load_provider(settings.sms_provider)
        while True:
            due, stats = run_once(db, county, settings, provider)
            log.info(
                "outbox: %d open complaints past %d days checked, %d claimed, %d sent, %d failed",
                due,
                settings.progress_notice_days,
                stats.claimed,
                stats.sent,
                stats.failed,
            )
            if args.once:
                return 0
            time.sleep(args.interval)


if __name__ == "__main__":
    raise SystemExit(main())

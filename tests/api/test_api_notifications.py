"""Outbox: what is enqueued when, delivery, retry with backoff, no double send, 30-day notices, CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from api.notifications.models import OutboxMessage
from api.notifications.providers import LoggingProvider, load_provider
from api.notifications.sender import LEASE, backoff, claim_batch, drain, process_once
from api.notifications.service import enqueue_progress_notices
from tests.support.api_helpers import RecordingProvider, create_complaint
from tests.support.processes import PROJECT_ROOT


def outbox(app):
    with app.state.db.reader() as s:
        return s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_receipt_enqueues_department_and_citizen_notices(client, app):
    create_complaint(client, kind="grievance")  # 7 working days: SMS
    create_complaint(client, kind="statutory", processing_days=3)  # < 5 working days: no SMS
    rows = outbox(app)
    assert [(m.kind, m.template) for m in rows] == [
        ("department", "dept_new"),
        ("sms", "citizen_received"),
        ("department", "dept_new"),
    ]
    assert rows[1].recipient == "010-1234-5678" and "2026-000001" in rows[1].body
    assert all(m.status == "pending" for m in rows)


def test_progress_and_result_texts(client, app, people):
    rn = create_complaint(client)["receipt_number"]
    mgr = people.headers("manager")
    client.post(f"/api/v1/complaints/{rn}/assign", json={"assignee_id": people.ids["officer"]}, headers=mgr)
    client.post(f"/api/v1/complaints/{rn}/status", json={"to": "investigating"}, headers=mgr)
    client.post(f"/api/v1/complaints/{rn}/status", json={"to": "reviewed"}, headers=mgr)
    client.post(f"/api/v1/complaints/{rn}/status", json={"to": "closed", "result": "보수 완료"}, headers=mgr)
    templates = [m.template for m in outbox(app) if m.kind == "sms"]
    assert templates[0] == "citizen_received" and templates[-1] == "citizen_result"
    assert templates.count("citizen_progress") == 3
    assert len({m.dedupe_key for m in outbox(app)}) == len(outbox(app))


def test_logging_provider_masks_phone(client, app, caplog):
    create_complaint(client)
    caplog.set_level("INFO", logger="api.notifications")
    stats = drain(app.state.db, LoggingProvider(), now=app.state.clock())
    assert stats.sent == 2 and all(m.status == "sent" and m.sent_at for m in outbox(app))
    assert "010-****-5678" in caplog.text and "1234-5678" not in caplog.text


def test_failed_sends_are_retried_with_backoff_and_never_lost(client, app):
    create_complaint(client)
    db, now = app.state.db, app.state.clock()
    provider = RecordingProvider(fail_times=2)
    first = process_once(db, provider, now=now)
    assert (first.claimed, first.sent, first.failed) == (2, 0, 2)
    rows = outbox(app)
    assert all(m.status == "pending" and m.attempts == 1 and m.last_error for m in rows)
    assert all(m.next_attempt_at == now + backoff(1) for m in rows)
    # Not retried before the backoff has passed.
    assert process_once(db, provider, now=now + timedelta(seconds=5)).claimed == 0
    second = process_once(db, provider, now=now + backoff(1))
    assert second.failed == 2
    third = process_once(db, provider, now=now + backoff(1) + backoff(2))
    assert third.sent == 2
    assert sorted(provider.sent) == sorted(m.dedupe_key for m in outbox(app))
    assert all(m.status == "sent" and m.attempts == 3 for m in outbox(app))
    # Nothing is sent again afterwards.
    assert process_once(db, provider, now=now + timedelta(days=1)).claimed == 0
    assert backoff(30) == timedelta(hours=1)


def test_concurrent_workers_never_send_twice(client, app):
    for i in range(15):
        create_complaint(client, phone=f"010-5555-{i:04d}")  # 30 messages
    provider = RecordingProvider(delay=0.002)
    now = app.state.clock()
    errors = []

    def worker():
        try:
            drain(app.state.db, provider, now=now, batch_size=3)
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    counts = Counter(provider.sent)
    assert len(counts) == 30 and set(counts.values()) == {1}
    assert all(m.status == "sent" for m in outbox(app))


def test_stale_claim_is_recovered_after_lease(client, app):
    create_complaint(client, kind="statutory", processing_days=3)  # one department notice
    now = app.state.clock()
    _, claimed = claim_batch(app.state.db, now)  # a worker claims, then dies before sending
    assert len(claimed) == 1
    provider = RecordingProvider()
    assert process_once(app.state.db, provider, now=now + timedelta(minutes=1)).claimed == 0
    assert process_once(app.state.db, provider, now=now + LEASE).sent == 1
    assert provider.sent == [claimed[0].dedupe_key]


def test_thirty_day_progress_notice_is_enqueued_once(client, app, people):
    open_rn = create_complaint(client)["receipt_number"]
    closed_rn = create_complaint(client)["receipt_number"]
    mgr = people.headers("manager")
    client.post(
        f"/api/v1/complaints/{closed_rn}/transfer", json={"agency": "경기도청", "reason": "도 소관"}, headers=mgr
    )
    later = app.state.clock() + timedelta(days=31)
    for _ in range(2):
        with app.state.db.writer() as s:
            enqueue_progress_notices(s, app.state.county, later)
    notices = [m for m in outbox(app) if m.template == "citizen_30day"]
    assert len(notices) == 1 and open_rn in notices[0].body
    with app.state.db.writer() as s:
        enqueue_progress_notices(s, app.state.county, app.state.clock() + timedelta(days=29))
    assert len([m for m in outbox(app) if m.template == "citizen_30day"]) == 1


def test_provider_is_pluggable_by_dotted_path():
    assert isinstance(load_provider("api.notifications.providers.LoggingProvider"), LoggingProvider)
    assert isinstance(load_provider("tests.support.api_helpers.RecordingProvider"), RecordingProvider)


def test_worker_cli_once(client, app, settings):
    create_complaint(client)
    env = {**os.environ, "DATABASE_URL": settings.database_url, "APP_ENV": "test", "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "api.notifications.worker", "--once"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert all(m.status == "sent" for m in outbox(app))
    assert "010-1234-5678" not in result.stderr + result.stdout

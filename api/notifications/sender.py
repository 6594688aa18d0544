"""Outbox delivery: claim rows atomically, send outside the transaction, record the outcome.

Guarantees: a message is never lost (failures go back to pending with backoff, without limit) and is
not sent twice (a row is claimed by exactly one worker with a claim token; only the claim holder may
mark it sent). A worker that dies mid-send leaves the row 'sending'; it is reclaimed after the lease.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from api.db import Database, utcnow
from api.notifications.models import OutboxMessage
from api.notifications.providers import OutgoingMessage, Provider

log = logging.getLogger("api.notifications")

BASE_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
LEASE = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    return min(BASE_BACKOFF * (2 ** max(0, attempts - 1)), MAX_BACKOFF)


@dataclass
class RunStats:
    claimed: int = 0
    sent: int = 0
    failed: int = 0


def _claimable(now: datetime):
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at <= now - LEASE),
    )


def claim_batch(db: Database, now: datetime, limit: int = 50) -> tuple[str, list[OutgoingMessage]]:
    token = secrets.token_hex(16)
    with db.writer() as session:
        # SKIP LOCKED lets PostgreSQL workers take disjoint batches; SQLite serialises writers anyway.
        ids = session.scalars(
            select(OutboxMessage.id)
            .where(_claimable(now))
            .order_by(OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        if not ids:
            return token, []
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), _claimable(now))
            .values(status="sending", claim_token=token, claimed_at=now, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.claim_token == token).order_by(OutboxMessage.id)
        ).all()
        return token, [
            OutgoingMessage(
                id=r.id,
                dedupe_key=r.dedupe_key,
                kind=r.kind,
                template=r.template,
                recipient=r.recipient,
                body=r.body,
                attempt=r.attempts,
            )
            for r in rows
        ]


def process_once(
    db: Database, provider: Provider, now: datetime | None = None, limit: int = 50, clock=utcnow
) -> RunStats:
    now = now or clock()
    stats = RunStats()
    token, batch = claim_batch(db, now, limit)
    stats.claimed = len(batch)
    for message in batch:
        try:
            provider_id = provider.send(message)
        except Exception as exc:  # any provider failure is retried later
            stats.failed += 1
            log.warning(
                "notification %s failed (attempt %d): %s", message.dedupe_key, message.attempt, type(exc).__name__
            )
            with db.writer() as session:
                session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == message.id, OutboxMessage.claim_token == token)
                    .values(
                        status="pending",
                        claim_token=None,
                        next_attempt_at=now + backoff(message.attempt),
                        last_error=f"{type(exc).__name__}: {str(exc)[:500]}",
                    )
                )
            continue
        stats.sent += 1
        with db.writer() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id, OutboxMessage.claim_token == token)
                .values(
                    status="sent", claim_token=None, sent_at=clock(), provider_message_id=provider_id, last_error=None
                )
            )
    return stats


def drain(db: Database, provider: Provider, now: datetime | None = None, batch_size: int = 50) -> RunStats:
    """Process until nothing is claimable at `now`."""
    total = RunStats()
    while True:
        stats = process_once(db, provider, now=now, limit=batch_size)
        total.claimed += stats.claimed
        total.sent += stats.sent
        total.failed += stats.failed
        if stats.claimed == 0 or stats.sent == 0:
            return total

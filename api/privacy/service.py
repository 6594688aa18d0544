from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from api.privacy.models import AccessLog


def record_access(
    session: Session,
    *,
    staff_id: int,
    resource_type: str,
    resource_id: str,
    fields: list[str],
    reason: str,
    client_ip: str | None,
    now: datetime,
) -> AccessLog:
    entry = AccessLog(
        staff_id=staff_id,
        resource_type=resource_type,
        resource_id=resource_id,
        fields=",".join(fields),
        reason=reason[:300],
        client_ip=client_ip,
        accessed_at=now,
    )
    session.add(entry)
    return entry

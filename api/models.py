"""Imports every ORM model so Base.metadata is complete (Alembic, tests)."""

from api.complaints.models import Complaint, ComplaintEvent, ReceiptCounter  # noqa: F401
from api.console.models import BoardCheck, ComplaintFlag, ComplaintIntake, ComplaintNote  # noqa: F401
from api.db import Base  # noqa: F401
from api.handoffs.models import Handoff, HandoffMessage  # noqa: F401
from api.idempotency.models import IdempotencyRecord  # noqa: F401
from api.notifications.models import OutboxMessage  # noqa: F401
from api.praises.models import Praise  # noqa: F401
from api.privacy.models import AccessLog  # noqa: F401
from api.service_standard.models import (  # noqa: F401
    ChatRating,
    CompensationDecision,
    ComplaintRating,
    RatingInvite,
    RoutingExample,
)
from api.staff.models import Staff, StaffSession  # noqa: F401

# Indexes the migrations create on PostgreSQL only (pg_trgm GIN indexes for the console's text search, 0004). They
# are not in the models, so Alembic's comparison of the models with a database leaves them out.
POSTGRESQL_ONLY_INDEXES = frozenset({"ix_complaints_description_trgm", "ix_complaints_location_trgm"})


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object hook (migrations/env.py, the migration test)."""
    return not (type_ == "index" and reflected and name in POSTGRESQL_ONLY_INDEXES)

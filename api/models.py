"""Imports every ORM model so Base.metadata is complete (Alembic, tests)."""
from api.complaints.models import Complaint, ComplaintEvent, ReceiptCounter  # noqa: F401
from api.console.models import BoardCheck, ComplaintFlag, ComplaintIntake, ComplaintNote  # noqa: F401
from api.db import Base  # noqa: F401
from api.handoffs.models import Handoff, HandoffMessage  # noqa: F401
from api.idempotency.models import IdempotencyRecord  # noqa: F401
from api.notifications.models import OutboxMessage  # noqa: F401
from api.praises.models import Praise  # noqa: F401
from api.privacy.models import AccessLog  # noqa: F401
from api.staff.models import Staff, StaffSession  # noqa: F401

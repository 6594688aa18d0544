"""SMS / department-notice providers. A real provider is plugged in with SMS_PROVIDER=package.module.Class.

A provider's send() returns a provider message id (or None) on success and raises on failure.
It receives the message's dedupe_key, which a real gateway should pass on as its client message id,
so that a retried send after a crash mid-request is deduplicated at the gateway too.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Protocol

from api.privacy.masking import mask_phone

log = logging.getLogger("api.notifications")


@dataclass(frozen=True)
class OutgoingMessage:
    id: int
    dedupe_key: str
    kind: str  # "sms" to a citizen's phone, "department" to a department id
    template: str
    recipient: str | None
    body: str
    attempt: int


class Provider(Protocol):
    def send(self, message: OutgoingMessage) -> str | None: ...


class LoggingProvider:
    """Default: writes the message to the log (phone masked) and reports success."""

    def send(self, message: OutgoingMessage) -> str | None:
        to = mask_phone(message.recipient) if message.kind == "sms" else message.recipient
        log.info("notification %s to %s [%s]: %s", message.dedupe_key, to, message.template, message.body)
        return f"log-{message.id}"


def load_provider(dotted_path: str) -> Provider:
    module_name, _, attr = dotted_path.rpartition(".")
    if not module_name:
        raise ValueError(f"SMS_PROVIDER must be a dotted path, got {dotted_path!r}")
    target = getattr(importlib.import_module(module_name), attr)
    return target() if isinstance(target, type) else target

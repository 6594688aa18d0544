"""What the Kakao channel remembers per citizen between requests: the last turn (so that a retried request
is answered from it instead of being processed again), answers that have not reached the citizen yet, and
the further pages of a long answer.

A turn is "the same request again" when the same citizen sends the same utterance while the earlier one
has not been answered on time (still running, answered late, or its callback not yet through), or within
`retry_window` seconds of an on-time answer (Kakao or the network repeating a request). A citizen who
answers two different questions with the same words ("모름", "모름") a few seconds apart is not a retry.

Held in the Rasa server's memory (one process): lost on a restart, like Kakao's own one-minute callbacks.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

# Turn states: who is going to bring the answer to the citizen.
RUNNING = "running"  # the request is still waiting for it
CALLBACK = "callback"  # the callback sender
CARRIED = "carried"  # the citizen's next request (late without a callback, or the callback failed)
DELIVERED = "delivered"  # nobody: the citizen has it


def user_ref(user_id: str) -> str:
    """The form of a Kakao user key that may appear in logs."""
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:12]


def request_key(user_id: str, utterance: str) -> str:
    return hashlib.sha256(f"{user_id}\x00{utterance}".encode("utf-8")).hexdigest()


@dataclass
class Turn:
    key: str
    task: "asyncio.Task[List[Dict[str, Any]]]"
    state: str = RUNNING
    answered_at: Optional[float] = None
    # The SkillResponse the citizen got (or gets) for this turn, repeated for a retry.
    response: Optional[Dict[str, Any]] = None
    callback_url: Optional[str] = None
    callback_deadline: float = 0.0
    callback_task: Optional["asyncio.Task[None]"] = None


@dataclass
class Citizen:
    last: Optional[Turn] = None
    carried: List[Turn] = field(default_factory=list)
    pages: List[Dict[str, Any]] = field(default_factory=list)
    seen: float = field(default_factory=time.monotonic)


class TurnBook:
    def __init__(self, retry_window: float = 3.0, max_citizens: int = 20000, idle_seconds: float = 3600.0):
        self.retry_window = retry_window
        self.max_citizens = max_citizens
        self.idle_seconds = idle_seconds
        self._citizens: "OrderedDict[str, Citizen]" = OrderedDict()

    def citizen(self, user_id: str) -> Citizen:
        now = time.monotonic()
        citizen = self._citizens.pop(user_id, None) or Citizen()
        citizen.seen = now
        self._citizens[user_id] = citizen
        self._forget_idle(now)
        return citizen

    def retry_of(self, citizen: Citizen, key: str) -> Optional[Turn]:
        turn = citizen.last
        if turn is None or turn.key != key:
            return None
        if turn.state != DELIVERED:
            return turn
        if turn.answered_at is not None and time.monotonic() - turn.answered_at <= self.retry_window:
            return turn
        return None

    def _forget_idle(self, now: float) -> None:
        # Oldest first; a citizen with an unfinished turn is kept however long it takes.
        while self._citizens:
            user_id, citizen = next(iter(self._citizens.items()))
            idle = now - citizen.seen > self.idle_seconds
            if not (idle or len(self._citizens) > self.max_citizens):
                return
            if citizen.last is not None and not citizen.last.task.done() and not idle:
                return
            del self._citizens[user_id]

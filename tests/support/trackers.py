"""Trackers and events built like the ones Rasa sends to the action server, and a runner for one action
(.venv-bot: rasa_sdk)."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def user_event(
    text: str,
    intent: str = "",
    entities: Optional[List[Dict[str, Any]]] = None,
    ts: Optional[float] = None,
    channel: str = "rest",
) -> Dict[str, Any]:
    return {
        "event": "user",
        "timestamp": ts or time.time(),
        "text": text,
        "input_channel": channel,
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text},
    }


def bot_event(text: str, ts: Optional[float] = None) -> Dict[str, Any]:
    return {"event": "bot", "timestamp": ts or time.time(), "text": text, "data": {}}


def slot_event(name: str, value: Any) -> Dict[str, Any]:
    return {"event": "slot", "timestamp": time.time(), "name": name, "value": value}


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    intent: str = "",
    entities: Optional[List[Dict[str, Any]]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    sender_id: Optional[str] = None,
    active_loop: Optional[str] = None,
    latest_message: Optional[Dict[str, Any]] = None,
    channel: str = "rest",
) -> Tracker:
    latest = latest_message or {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    evs = list(events) if events is not None else [user_event(text, intent, entities, channel=channel)]
    return Tracker(
        sender_id=sender_id or f"test-{uuid.uuid4().hex[:12]}",
        slots=dict(slots or {}),
        latest_message=latest,
        events=evs,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run_action(action, tracker: Tracker, domain: Optional[Dict[str, Any]] = None):
    """Run a (sync or async) rasa_sdk action; return (messages, events)."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, domain or {})
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return dispatcher.messages, result


def texts_of(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def slots_of(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for e in events:
        if e.get("event") == "slot":
            out[e["name"]] = e["value"]
    return out


def entity(name: str, value: str) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": len(value), "extractor": "test"}


def unique_phone() -> str:
    n = uuid.uuid4().int % 10_000_0000
    return f"010-{2000 + n // 10000 % 8000:04d}-{n % 10000:04d}"

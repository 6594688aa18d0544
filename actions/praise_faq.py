"""action_record_praise and action_answer_faq."""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import county, texts, validation
from actions.api_client import ApiError, acall, get_client
from actions.common import channel_of, latest_text

log = logging.getLogger(__name__)

# "김민수 주무관", "박 팀장님", "이영희 선생님"
_PERSON = re.compile(r"([가-힣]{1,4})\s?(주무관|팀장|과장|계장|실장|소장|면장|읍장|선생|직원|공무원)(?:님)?")
_NOT_A_NAME = {"그", "그분", "저", "이", "우리", "담당", "어떤", "한", "여자", "남자", "젊은", "친절한", "어느"}


def praise_target(text: str) -> Optional[str]:
    """'건설과 김민수 주무관' from free text; None when neither a department nor a person is named."""
    dept = county.department_in_text(text)
    person = None
    for match in _PERSON.finditer(text):
        name, title = match.group(1), match.group(2)
        if name in _NOT_A_NAME or (dept and name in dept.name):
            continue
        person = f"{name} {title}" if title not in ("직원", "공무원") else f"{name} 직원"
        break
    parts = [p for p in (dept.name if dept else None, person) if p]
    return " ".join(parts)[:100] if parts else None


class ActionRecordPraise(Action):
    def name(self) -> Text:
        return "action_record_praise"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = validation.clean_text(latest_text(tracker), 2000)
        target = praise_target(text)
        if target is None and len(text) < 15:
            dispatcher.utter_message(text=texts.PRAISE_ASK_DETAILS)
            return []
        dept = county.department_in_text(text)
        try:
            await acall(
                get_client().create_praise,
                target=target or texts.praise_default_target(),
                message=text,
                channel=channel_of(tracker),
                department_id=dept.id if dept else None,
            )
        except ApiError:
            log.warning("praise could not be recorded", exc_info=True)
            dispatcher.utter_message(text=texts.praise_not_recorded())
            return []
        dispatcher.utter_message(text=texts.praise_thanks(target))
        return []


# --- FAQ ------------------------------------------------------------------------------------------


# FAQ topics answered from the county configuration (texts.py words them); documents come from its faq list.
_RENDERERS: Dict[str, Callable[[], str]] = {
    "office_hours": lambda: texts.faq_office_hours(county.county_info()),
    "location": lambda: texts.faq_location(county.county_info()),
    "township_office": lambda: texts.faq_township_offices(county.townships()),
    "department_contact": lambda: texts.faq_department_contacts(county.departments()),
}


def faq_key(latest_message: Dict[str, Any]) -> Optional[str]:
    """'faq/passport' from the ResponseSelector's output, or None."""
    selector = (latest_message or {}).get("response_selector") or {}
    faq = selector.get("faq") or selector.get("default") or {}
    response = faq.get("response") or {}
    key = response.get("intent_response_key")
    if isinstance(key, str) and key.startswith("faq/"):
        return key
    utter = response.get("utter_action")
    if isinstance(utter, str) and utter.startswith("utter_faq/"):
        return utter[len("utter_") :]
    return None


def render_faq(key: str) -> Optional[str]:
    topic = key.split("/", 1)[1] if "/" in key else key
    renderer = _RENDERERS.get(topic)
    if renderer:
        return renderer()
    doc = county.faq_documents().get(topic)
    return texts.faq_document(doc) if doc else None


class ActionAnswerFaq(Action):
    def name(self) -> Text:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        key = faq_key(tracker.latest_message)
        if key is None:
            dispatcher.utter_message(response="utter_default")
            return []
        try:
            text = render_faq(key)
        except (KeyError, TypeError):
            log.exception("FAQ %s could not be rendered from the county config", key)
            text = None
        if text:
            dispatcher.utter_message(text=text)
        else:
            dispatcher.utter_message(response=f"utter_{key}")
        return []

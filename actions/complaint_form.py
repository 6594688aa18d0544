"""complaint_form: validation and the questions whose wording depends on data.

Order: complaint_category -> category_confirmed -> description -> location -> township -> privacy_consent
-> (only after consent) citizen_name -> phone -> summary_confirmed. A refusal of consent ends the form with an
explanation; action_submit_complaint then files nothing. At the summary the citizen may name any field to
correct ("아 주소를 잘못 말했어요"): that field is emptied, asked again, and the summary shown again.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import county, texts, validation
from actions.common import (
    FORM_SLOTS_AFTER_CONSENT,
    FORM_SLOTS_BEFORE_CONSENT,
    UNKNOWN,
    is_unknown,
    latest_intent,
    latest_text,
    now_iso,
)
from civic_rules.contracts import category_of_intent

log = logging.getLogger(__name__)

MIN_DESCRIPTION = 5

_YES = re.compile(
    r"^(?:네|예|넵|넹|응|어|ㅇㅇ|ㅇㅋ|오케이|좋아요|좋습니다|동의|동의합니다|동의해요|동의함"
    r"|맞아요|맞습니다|맞음|그래요|그럼요|물론|ok|okay|yes)\b",
    re.I,
)
_NO = re.compile(r"(?:동의\s*(?:하지\s*않|안|않|못)|비동의|미동의|거부|싫|아니|아뇨|안\s*할|no\b)", re.I)


def parse_yes_no(value: Any) -> Optional[bool]:
    """True/False from a bool slot value or from short Korean text; None when unclear."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if _NO.search(text):
        return False
    if _YES.match(text):
        return True
    return None


# Which field a correction at the summary is about. Phone before place: "번호" is never a place.
CORRECTABLE = [
    ("phone", re.compile(r"전화|번호|연락처|핸드폰|휴대폰|폰")),
    ("citizen_name", re.compile(r"이름|성함|성명")),
    ("township", re.compile(r"읍\s*[·.,/]?\s*면|읍(?:을|이|은)|면(?:을|이|은)\b|행정복지센터")),
    ("location", re.compile(r"주소|장소|위치|어디")),
    ("complaint_category", re.compile(r"분야|부서|종류")),
    ("description", re.compile(r"내용|설명|사연")),
]


def correction_field(text: str) -> Optional[str]:
    return next((field for field, pattern in CORRECTABLE if pattern.search(text or "")), None)


def answer_of(value: Any, tracker: Tracker, no_intents: tuple = ("deny",)) -> Optional[bool]:
    """A yes/no answer: the words first (the intent classifier is least sure on one-word replies like
    "넹" or "동의함"), then the intent."""
    answer = parse_yes_no(value)
    if answer is None:
        intent = latest_intent(tracker)
        if intent == "affirm":
            return True
        if intent in no_intents:
            return False
    return answer


def category_route(category: Optional[str], township: Optional[str] = None) -> Optional[county.Route]:
    if not category:
        return None
    try:
        return county.route(category, township if township and township != UNKNOWN else None)
    except KeyError:
        return None


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


class ValidateComplaintForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_complaint_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        if not tracker.get_slot("complaint_nonce"):
            # One nonce per complaint: the Idempotency-Key is derived from it, so a retried submission is
            # recognised by the API and a second complaint in the same conversation gets a new key.
            events.insert(0, SlotSet("complaint_nonce", uuid.uuid4().hex))
        return events

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        # Name and phone are personal data: asked only once the citizen agreed to their collection.
        if tracker.get_slot("privacy_consent") is True:
            return FORM_SLOTS_BEFORE_CONSENT + FORM_SLOTS_AFTER_CONSENT
        return list(FORM_SLOTS_BEFORE_CONSENT)

    # --- extraction (custom mappings) ---------------------------------------------------------

    async def extract_complaint_category(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "complaint_category":
            return {}
        intent = latest_intent(tracker)
        text = latest_text(tracker)
        category = category_of_intent(intent)
        if category:
            found: Dict[Text, Any] = {"complaint_category": category}
            # The answer to "what is the problem?" is the description too.
            description = validation.clean_description(text)
            if len(description) >= 10 and not tracker.get_slot("description"):
                found["description"] = description
            location = next(tracker.get_latest_entity_values("location"), None)
            if location and not tracker.get_slot("location"):
                found["location"] = location
            return found
        chosen = county.category_in_text(text)
        if chosen:
            # An explicit choice from the list needs no second confirmation.
            return {"complaint_category": chosen, "category_confirmed": True}
        return {}

    async def extract_location(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        # "청산면사무소 뒷길" can look like an FAQ about township offices; the domain's mappings skip FAQ
        # turns (so a real question mid-form is answered), but an answer naming a county place is the place.
        if tracker.get_slot("requested_slot") != "location" or not self._place_answer(tracker):
            return {}
        return {"location": latest_text(tracker)}

    async def extract_township(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "township" or not self._place_answer(tracker):
            return {}
        township = next(tracker.get_latest_entity_values("township"), None)
        return {"township": township} if township else {}

    @staticmethod
    def _place_answer(tracker: Tracker) -> bool:
        """An FAQ-classified turn that is really a short answer naming a county place."""
        text = latest_text(tracker)
        return (
            latest_intent(tracker) == "faq"
            and len(text) <= 60
            and "?" not in text
            and any(e.get("entity") in ("location", "township") for e in tracker.latest_message.get("entities", []))
        )

    # --- validation ---------------------------------------------------------------------------

    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if isinstance(value, str) and value in county.category_names():
            return {"complaint_category": value}
        chosen = county.category_in_text(value) if isinstance(value, str) else None
        if chosen:
            return {"complaint_category": chosen}
        dispatcher.utter_message(text=texts.CATEGORY_NOT_UNDERSTOOD)
        return {"complaint_category": None}

    def validate_category_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        answer = answer_of(value, tracker)
        if answer is True:
            return {"category_confirmed": True}
        if answer is False:
            dispatcher.utter_message(text=texts.CATEGORY_CHOOSE_AGAIN)
            return {"category_confirmed": None, "complaint_category": None}
        dispatcher.utter_message(text=texts.CATEGORY_YES_OR_NO)
        return {"category_confirmed": None}

    def validate_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = validation.clean_description(value)
        if len(text) < MIN_DESCRIPTION or not _has_letters(text):
            dispatcher.utter_message(text=texts.DESCRIPTION_TOO_SHORT)
            return {"description": None}
        if validation.was_truncated(value):
            dispatcher.utter_message(text=texts.description_truncated(validation.MAX_DESCRIPTION))
        return {"description": text}

    def validate_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if is_unknown(value):
            return {"location": UNKNOWN}
        text = validation.clean_line(value, validation.MAX_LOCATION)
        if not text or not _has_letters(text):
            dispatcher.utter_message(text=texts.LOCATION_AGAIN)
            return {"location": None}
        found: Dict[Text, Any] = {"location": text}
        if not tracker.get_slot("township"):
            township = county.township_in_text(text)
            if township:
                found["township"] = township
        return found

    def validate_township(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if is_unknown(value):
            return {"township": UNKNOWN}
        name = county.resolve_township(validation.clean_line(value, 50)) if isinstance(value, str) else None
        if name:
            return {"township": name}
        county_name = county.county_info().get("name", "")
        dispatcher.utter_message(text=texts.township_again(county_name, county.township_names()))
        return {"township": None}

    def validate_privacy_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        answer = answer_of(value, tracker, no_intents=("deny", "refuse_personal_info"))
        if answer is True:
            return {"privacy_consent": True, "privacy_consent_at": now_iso()}
        if answer is False:
            route = category_route(tracker.get_slot("complaint_category"), tracker.get_slot("township"))
            dispatcher.utter_message(
                text=texts.consent_refused(
                    route.department if route else None, route.department_phone if route else None
                )
            )
            # Nothing personal was collected; the form ends because every remaining slot is filled.
            return {"privacy_consent": False, "privacy_consent_at": None}
        dispatcher.utter_message(text=texts.CONSENT_YES_OR_NO)
        return {"privacy_consent": None}

    def validate_citizen_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        name = validation.normalize_name(value)
        if name:
            return {"citizen_name": name}
        dispatcher.utter_message(text=texts.NAME_AGAIN)
        return {"citizen_name": None}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        phone = validation.normalize_phone(value)
        if phone:
            return {"phone": phone}
        dispatcher.utter_message(text=texts.PHONE_AGAIN)
        return {"phone": None}

    def validate_summary_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = value if isinstance(value, str) else ""
        field = correction_field(text)
        if field:
            dispatcher.utter_message(text=texts.asking_again(field))
            cleared: Dict[Text, Any] = {field: None, "summary_confirmed": None}
            if field == "complaint_category":
                cleared["category_confirmed"] = None
            return cleared
        answer = answer_of(value, tracker)
        if answer is True:
            return {"summary_confirmed": True}
        if answer is False:
            dispatcher.utter_message(text=texts.WHICH_CORRECTION)
        else:
            dispatcher.utter_message(text=texts.SUMMARY_YES_OR_CORRECTION)
        return {"summary_confirmed": None}


# --- questions whose wording depends on data (action_ask_<slot>) -------------------------------------


class ActionAskComplaintCategory(Action):
    def name(self) -> Text:
        return "action_ask_complaint_category"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=texts.category_question(list(county.category_names().values())))
        return []


class ActionAskCategoryConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_category_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        route = category_route(tracker.get_slot("complaint_category"), tracker.get_slot("township"))
        if route is None:
            dispatcher.utter_message(text=texts.FILING_YES_OR_NO)
        else:
            dispatcher.utter_message(
                text=texts.category_confirmation(route.category_name, route.department), buttons=texts.YES_NO_BUTTONS
            )
        return []


class ActionAskSummaryConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_summary_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        slot = tracker.get_slot
        route = category_route(slot("complaint_category"), slot("township"))
        description = validation.clean_description(slot("description") or "")
        if len(description) > 200:
            description = description[:200] + "…"
        category = (
            f"{route.category_name} (담당: {route.department})"
            if route
            else county.category_names().get(slot("complaint_category"), "")
        )
        dispatcher.utter_message(
            text=texts.complaint_summary(
                category, description, slot("location"), slot("township"), slot("citizen_name"), slot("phone")
            ),
            buttons=texts.SUMMARY_BUTTONS,
        )
        return []


class ActionAskPrivacyConsent(Action):
    def name(self) -> Text:
        return "action_ask_privacy_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=texts.consent_request(), buttons=texts.CONSENT_BUTTONS)
        return []

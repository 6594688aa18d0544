"""Tell the citizen which department handles the complaint the NLU recognised, and prepare complaint_form.

The complaint intent's message usually is the complaint itself ("전곡역 앞 도로에 포트홀이 있어요"), so it
pre-fills the form: category (to be confirmed), description, location and township when present.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import county, texts, validation
from civic_rules.contracts import category_of_intent

# Shorter messages ("도로 민원이요") are not a description yet; the form asks for one.
MIN_PREFILL_DESCRIPTION = 15
MISCONDUCT_INTENT = "report_staff_misconduct"
RUNNER_UPS = 3


def _confidence(value: Any) -> float:
    try:
        return min(max(round(float(value), 4), 0.0), 1.0)
    except (TypeError, ValueError):
        return 0.0


def prediction_of(message: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
    """The category the NLU gave this message, its confidence and the next categories of its intent ranking
    (the ComplaintRouter's ranking where it re-ranked the message), for the officer who checks the routing."""
    intent = message.get("intent") or {}
    category = category_of_intent(intent.get("name"))
    if category is None:
        return None
    runner_ups = []
    for entry in message.get("intent_ranking") or []:
        other = category_of_intent((entry or {}).get("name"))
        if other and other != category and len(runner_ups) < RUNNER_UPS:
            runner_ups.append({"category": other, "confidence": _confidence(entry.get("confidence"))})
    return {"category": category, "confidence": _confidence(intent.get("confidence")), "runner_ups": runner_ups}


class ActionRouteComplaint(Action):
    def name(self) -> Text:
        return "action_route_complaint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        if intent == MISCONDUCT_INTENT:
            return self._misconduct(dispatcher, tracker)
        category = category_of_intent(intent)
        if category is None:
            dispatcher.utter_message(response="utter_default")
            return []
        location = next(tracker.get_latest_entity_values("location"), None)
        township = county.resolve_township(
            next(tracker.get_latest_entity_values("township"), None)
        ) or county.township_in_text(location)
        r = county.route(category, township)
        dispatcher.utter_message(text=texts.routed(r))

        # The prediction goes with the message the category came from, for the complaint's record.
        events = [
            SlotSet("complaint_category", category),
            SlotSet("complaint_prediction", prediction_of(tracker.latest_message)),
        ]
        description = validation.clean_description(tracker.latest_message.get("text") or "")
        if len(description) >= MIN_PREFILL_DESCRIPTION and not tracker.get_slot("description"):
            events.append(SlotSet("description", description))
        if location and not tracker.get_slot("location"):
            events.append(SlotSet("location", validation.clean_line(location)))
        if township and not tracker.get_slot("township"):
            events.append(SlotSet("township", township))
        return events

    @staticmethod
    def _misconduct(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict]:
        """Reports of staff misconduct are filed as kind 'misconduct'; the API sends them to the county's
        misconduct department whatever the category."""
        config = county.load()
        dept = config.department(config.misconduct_department)
        dispatcher.utter_message(text=texts.misconduct_report(dept.name, dept.phone, config.misconduct_procedure))
        events = [
            SlotSet("complaint_kind", "misconduct"),
            SlotSet("complaint_category", "general_admin"),
            SlotSet("category_confirmed", True),
        ]
        description = validation.clean_description(tracker.latest_message.get("text") or "")
        if len(description) >= MIN_PREFILL_DESCRIPTION and not tracker.get_slot("description"):
            events.append(SlotSet("description", description))
        return events

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
            dispatcher.utter_message(text="칭찬해 주셔서 감사합니다. 어느 부서의 어떤 직원이 어떤 도움을 드렸는지 말씀해 주시면 "
                                          "해당 직원에게 꼭 전하겠습니다. 예: 건설과 김민수 주무관이 도로 보수를 빨리 해 주셨어요.")
            return []
        dept = county.department_in_text(text)
        try:
            await acall(get_client().create_praise, target=target or f"{texts.office_name()} 직원", message=text,
                        channel=channel_of(tracker), department_id=dept.id if dept else None)
        except ApiError:
            log.warning("praise could not be recorded", exc_info=True)
            dispatcher.utter_message(text="따뜻한 말씀 감사합니다. 다만 지금 시스템 연결이 원활하지 않아 칭찬 내용을 바로 등록하지 못했습니다. "
                                          f"잠시 후 다시 말씀해 주시거나 대표전화({texts.main_phone()})로 전해 주시면 꼭 전달하겠습니다.")
            return []
        who = f"{target}에게" if target else "해당 직원에게"
        dispatcher.utter_message(text=f"따뜻한 칭찬 말씀 정말 감사합니다. {who} 소중한 말씀을 꼭 전하겠습니다. "
                                      "앞으로도 더 친절하게 봉사하는 연천군이 되겠습니다.")
        return []


# --- FAQ ------------------------------------------------------------------------------------------


def _document_answer(key: str) -> Optional[str]:
    doc = county.faq_documents().get(key)
    if not doc:
        return None
    return (f"{doc['name']} 발급 안내입니다.\n· 발급 장소: {doc['where']}\n· 수수료: {doc['fee']}\n· 준비물: {doc['bring']}\n"
            f"자세한 사항은 대표전화({texts.main_phone()})로 문의해 주세요.")


def _office_hours() -> str:
    info = county.county_info()
    hours = info.get("office_hours") or {}
    desk = info.get("civil_service_desk_hours") or {}
    text = (f"{info.get('office_name', '군청')} 업무시간은 평일 {hours.get('weekdays', '09:00-18:00').replace('-', '~')}이며, "
            f"점심시간은 {hours.get('lunch', '12:00-13:00').replace('-', '~')}입니다. 토·일요일과 공휴일(대체공휴일 포함)은 쉽니다.")
    if desk.get("extended"):
        text += f" ※ {desk['extended']}."
    text += f" 이 챗봇으로 하는 민원 접수는 24시간 가능합니다. 문의: 대표전화 {info.get('main_phone', '')}"
    return text


def _location() -> str:
    info = county.county_info()
    return (f"{info.get('office_name', '군청')}은 {info.get('address', '')}에 있습니다. 자세한 오시는 길은 군청 홈페이지"
            f"({info.get('homepage', '')})나 대표전화 {info.get('main_phone', '')}로 문의해 주세요.")


def _township_offices() -> str:
    lines = [f"· {t.name} 행정복지센터: {t.address} ({t.phone})" for t in county.townships()]
    return "읍·면 행정복지센터 주소와 전화번호입니다.\n" + "\n".join(lines)


def _department_contacts() -> str:
    lines = [f"· {d.name} {d.phone} ({d.duties})" for d in county.departments()]
    return "부서별 전화번호입니다.\n" + "\n".join(lines) + f"\n대표전화는 {texts.main_phone()}입니다."


_RENDERERS: Dict[str, Callable[[], str]] = {
    "office_hours": _office_hours,
    "location": _location,
    "township_office": _township_offices,
    "department_contact": _department_contacts,
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
        return utter[len("utter_"):]
    return None


def render_faq(key: str) -> Optional[str]:
    topic = key.split("/", 1)[1] if "/" in key else key
    renderer = _RENDERERS.get(topic)
    if renderer:
        return renderer()
    return _document_answer(topic)


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

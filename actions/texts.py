"""Citizen-facing wording (Korean, polite county-office register) and small formatting helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, Iterable, List, Optional, Union
from zoneinfo import ZoneInfo

from actions import county
from civic_rules.retention import retention_days

SEOUL = ZoneInfo("Asia/Seoul")
WEEKDAYS = "월화수목금토일"

# Version of the consent notice below; sent with every complaint (privacy_consent.version).
CONSENT_VERSION = "2026-01"


def korean_date(value: Union[str, dt.date, dt.datetime, None]) -> str:
    """'2026-12-03' -> '2026년 12월 3일(목)'. Unparseable input is returned as it came."""
    if value is None:
        return ""
    day: Optional[dt.date] = None
    if isinstance(value, dt.datetime):
        day = (value.astimezone(SEOUL) if value.tzinfo else value).date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return f"{day.year}년 {day.month}월 {day.day}일({WEEKDAYS[day.weekday()]})"


def korean_datetime(value: Union[str, dt.datetime, None]) -> str:
    """'2026-03-04T09:00:00+09:00' -> '2026년 3월 4일(수) 오전 9시' (minutes when not on the hour)."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    local = value.astimezone(SEOUL) if value.tzinfo else value
    half = "오전" if local.hour < 12 else "오후"
    hour = local.hour if local.hour <= 12 else local.hour - 12
    hour = 12 if hour == 0 else hour
    minutes = f" {local.minute}분" if local.minute else ""
    return f"{korean_date(local.date())} {half} {hour}시{minutes}"


def retention_text() -> str:
    days = retention_days()
    if days % 365 == 0:
        return f"민원 처리가 끝난 날부터 {days // 365}년"
    return f"민원 처리가 끝난 날부터 {days}일"


def main_phone() -> str:
    return county.county_info().get("main_phone", "")


def office_name() -> str:
    return county.county_info().get("office_name", "군청")


def consent_request() -> str:
    return (
        "민원 처리 결과를 안내해 드리기 위해 개인정보 수집·이용 동의를 받고 있습니다.\n"
        "· 수집 목적: 민원 접수·처리와 처리 결과 안내(문자 안내 포함)\n"
        "· 수집 항목: 이름, 연락처(전화번호)\n"
        f"· 보유 기간: {retention_text()} 보관 후 파기\n"
        "· 동의를 거부하실 권리가 있습니다. 다만 동의하지 않으시면 민원 신청인을 확인할 수 없어 "
        "이 채널로는 민원을 접수해 드릴 수 없습니다.\n"
        "개인정보 수집·이용에 동의하십니까? ('동의합니다' 또는 '동의하지 않습니다')"
    )


def consent_refused(department_name: Optional[str] = None, department_phone: Optional[str] = None) -> str:
    where = (
        f"{department_name}({department_phone})"
        if department_name and department_phone
        else f"대표전화({main_phone()})"
    )
    return (
        "말씀해 주셔서 감사합니다. 동의하지 않으신 것으로 처리하였고, 입력하신 정보는 접수하지 않았습니다.\n"
        "「민원 처리에 관한 법률」에 따라 신청인의 이름과 연락처가 확인되지 않는 민원은 군청에서 처리하기 어렵습니다. "
        "대신 이렇게 도와드릴 수 있습니다.\n"
        f"· 답변이 필요 없는 일반적인 의견이나 제안이라면, 이름과 연락처 없이 {where}로 전화해 말씀해 주셔도 됩니다.\n"
        f"· 담당 부서와 직접 상담하시려면 {where}로 전화해 주십시오(평일 09:00~18:00).\n"
        "마음이 바뀌시면 언제든 '민원 접수'라고 말씀해 주세요."
    )


API_DOWN_SUBMIT = (
    "죄송합니다. 지금 민원 접수 시스템에 연결되지 않아 접수를 마치지 못했습니다. "
    "말씀하신 내용은 이 대화에 그대로 보관하고 있습니다.\n"
    "· 잠시 후 '다시 접수해 주세요'라고 말씀하시면 같은 내용으로 다시 접수해 드립니다(중복 접수되지 않습니다).\n"
    "· 또는 '전화 회신 요청'이라고 말씀하시면 시스템이 복구되는 대로 담당 직원이 연락드리도록 남겨 두겠습니다."
)


def api_down_general() -> str:
    return (
        "죄송합니다. 지금 민원 시스템에 연결되지 않아 요청을 처리하지 못했습니다. "
        f"잠시 후 다시 시도해 주시거나, 급하신 경우 대표전화({main_phone()}, 평일 09:00~18:00)로 문의해 주십시오."
    )


# --- the complaint form (actions/complaint_form.py) ----------------------------------------------------------

YES_NO_BUTTONS = [{"title": "네", "payload": "/affirm"}, {"title": "아니요", "payload": "/deny"}]
SUMMARY_BUTTONS = [
    {"title": "네, 접수해 주세요", "payload": "/affirm"},
    {"title": "고칠 부분이 있어요", "payload": "/deny"},
]
CONSENT_BUTTONS = [{"title": "동의합니다", "payload": "/affirm"}, {"title": "동의하지 않습니다", "payload": "/deny"}]

# What the citizen can correct at the summary, as the questions name it.
FIELD_LABELS = {
    "phone": "연락처",
    "citizen_name": "성함",
    "township": "읍·면",
    "location": "장소",
    "complaint_category": "민원 분야",
    "description": "민원 내용",
}

CATEGORY_NOT_UNDERSTOOD = (
    "죄송합니다. 어느 분야의 민원인지 정확히 알아듣지 못했습니다. 아래 목록에서 번호나 분야 이름으로 골라 주세요."
)
CATEGORY_CHOOSE_AGAIN = "알겠습니다. 어느 분야의 민원인지 다시 골라 주시겠어요?"
CATEGORY_YES_OR_NO = "이 분야로 접수해도 될지 '네' 또는 '아니요'로 답해 주세요."
DESCRIPTION_TOO_SHORT = (
    "민원 내용을 조금 더 자세히 말씀해 주시겠어요? "
    "언제, 어디에서, 어떤 불편이 있었는지 적어 주시면 담당 부서가 빠르게 확인할 수 있습니다."
)
LOCATION_AGAIN = (
    "장소를 다시 한번 알려 주시겠어요? 예: 전곡읍 은전로 101 앞, 연천역 버스정류장. "
    "정확히 모르시면 '모름'이라고 하셔도 됩니다."
)
CONSENT_YES_OR_NO = "개인정보 수집·이용에 동의하시는지 '동의합니다' 또는 '동의하지 않습니다'로 답해 주세요."
NAME_AGAIN = "성함을 한글 또는 영문 2~20자로 입력해 주세요. 예: 홍길동"
PHONE_AGAIN = "연락받으실 전화번호를 다시 입력해 주세요. 예: 010-1234-5678 또는 031-839-2114"
WHICH_CORRECTION = "어느 부분을 고칠까요? 민원 분야, 민원 내용, 장소, 읍·면, 성함, 연락처 중에서 말씀해 주세요."
SUMMARY_YES_OR_CORRECTION = "내용이 맞으면 '네'라고 해 주시고, 고칠 부분이 있으면 '장소를 고칠게요'처럼 말씀해 주세요."
FILING_YES_OR_NO = "이 내용으로 민원 접수를 진행할까요? ('네' 또는 '아니요')"


def description_truncated(limit: int) -> str:
    return (
        f"민원 내용은 {limit:,}자까지 접수할 수 있어 앞부분 {limit:,}자만 접수합니다. "
        "나머지 내용은 담당 부서와 통화하실 때 말씀해 주세요."
    )


def township_again(county_name: str, townships: List[str]) -> str:
    return (
        f"{county_name}의 읍·면 중 어디인지 다시 알려 주세요: {', '.join(townships)}. "
        "모르시면 '모름'이라고 하셔도 됩니다."
    )


def asking_again(field: str) -> str:
    return f"알겠습니다. {FIELD_LABELS[field]}을(를) 다시 여쭙겠습니다."


def category_question(category_names: List[str]) -> str:
    listing = "\n".join(f"{i}. {name}" for i, name in enumerate(category_names, 1))
    return (
        "어떤 불편을 겪고 계신지 말씀해 주세요. 분야를 직접 고르셔도 됩니다(번호나 이름으로 답해 주세요).\n" + listing
    )


def category_confirmation(category_name: str, department: str) -> str:
    return (
        f"'{category_name}' 분야 민원으로 {department}에 접수를 진행할까요? 분야가 다르면 '아니요'라고 말씀해 주세요."
    )


def complaint_summary(
    category: str,
    description: str,
    location: Optional[str],
    township: Optional[str],
    name: Optional[str],
    phone: Optional[str],
) -> str:
    """The summary shown before filing; a place the citizen did not know (or left empty) shows as 모름."""

    def shown(value: Optional[str]) -> str:
        return "모름" if not value or value == "모름" else value

    return "\n".join(
        [
            "접수하기 전에 내용을 확인해 주세요.",
            f"· 민원 분야: {category}",
            f"· 민원 내용: {description}",
            f"· 장소: {shown(location)} / 읍·면: {shown(township)}",
            f"· 신청인: {name or ''} / 연락처: {phone or ''}",
            "이대로 접수할까요? 고칠 부분이 있으면 '장소를 고칠게요'처럼 말씀해 주세요.",
        ]
    )


# --- the status check (actions/status.py) --------------------------------------------------------------------

STATUS_NOT_FOUND = (
    "입력하신 접수번호와 전화번호로 확인되는 민원이 없습니다. 접수번호(예: 2026-000123)와 "
    "민원을 접수하실 때 남기신 전화번호를 다시 한번 확인해 주시겠어요?"
)
STATUS_ASK_BOTH = (
    "처리 상황을 확인해 드리겠습니다. 접수번호(예: 2026-000123)와 민원을 접수하실 때 남기신 전화번호를 "
    "알려 주세요. 전화번호는 뒤 4자리만 알려 주셔도 됩니다."
)
STATUS_AFTER_FORM = (
    "처리 상황은 본인 확인을 거쳐 알려 드립니다. 지금 진행 중인 접수를 먼저 마치신 뒤 '처리 현황 확인'이라고 "
    "말씀해 주시면 접수번호와 전화번호로 확인해 드리겠습니다."
)
STATUS_ASK_PHONE = "본인 확인을 위해 민원을 접수하실 때 남기신 전화번호를 알려 주세요. 뒤 4자리만 알려 주셔도 됩니다."
STATUS_ASK_RECEIPT = (
    "접수번호(예: 2026-000123)를 함께 알려 주세요. 접수번호는 접수 때 받으신 안내 문자나 "
    "채팅 내용에서 확인하실 수 있습니다. "
    "접수번호를 잊으셨다면 담당 부서나 대표전화({phone})로 문의해 주십시오."
)


def complaint_status(c: Dict[str, Any]) -> str:
    """One complaint's status in plain Korean, several lines."""
    dept = c.get("department") or {}
    lines = [f"접수번호 {c['receipt_number']} ({c.get('category_name', '')}) 민원의 처리 상황입니다."]
    lines.append(
        f"· 현재 단계: {c.get('status_label', '')}"
        + (f" - {c['status_description']}" if c.get("status_description") else "")
    )
    lines.append(f"· 담당 부서: {dept.get('name', '')}({dept.get('phone', '')})")
    lines.append(f"· 접수일: {korean_date(c.get('received_at'))}")
    status = c.get("status")
    if status == "closed":
        lines.append("· 처리가 완료되었습니다.")
        if c.get("result"):
            lines.append(f"· 처리 결과: {c['result']}")
    elif status == "rejected":
        if c.get("rejection_reason"):
            lines.append(f"· 처리하지 못한 사유: {c['rejection_reason']}")
        if c.get("rejection_remedy"):
            lines.append(f"· 안내: {c['rejection_remedy']}")
    elif status == "transferred":
        if c.get("transferred_to"):
            lines.append(f"· 이송된 기관: {c['transferred_to']}")
        if c.get("transfer_reason"):
            lines.append(f"· 이송 사유: {c['transfer_reason']}")
    else:
        lines.append(f"· 처리 기한: {korean_date(c.get('due_date'))}")
        if c.get("overdue"):
            lines.append(
                "처리 기한이 지났는데도 답변을 드리지 못해 죄송합니다. 담당 부서에 바로 확인을 요청하시려면 "
                "'담당자 연결'이라고 말씀해 주세요."
            )
    if c.get("latest_public_note") and status not in ("closed",):
        lines.append(f"· 담당 부서 안내: {c['latest_public_note']}")
    return "\n".join(lines)


def status_summary_line(i: int, c: Dict[str, Any]) -> str:
    due = "" if c.get("status") in ("closed", "rejected", "transferred") else f", 기한 {korean_date(c.get('due_date'))}"
    return f"{i}. {c['receipt_number']} {c.get('category_name', '')} - {c.get('status_label', '')}{due}"


STATUS_RATE_LIMITED = "조회 요청이 잠시 많아 확인하지 못했습니다. 1분쯤 뒤에 다시 말씀해 주세요."
STATUS_NONE_FOR_PHONE = "이 전화번호로 접수된 민원을 찾지 못했습니다. 접수번호가 있으시면 함께 알려 주세요."


def other_complaints_of_phone(others: List[Dict[str, Any]]) -> str:
    """After one complaint was shown: the others filed with the same (verified) phone, at most 10."""
    listing = "\n".join(status_summary_line(i, c) for i, c in enumerate(others[:10], 1))
    return (
        f"같은 전화번호로 접수하신 다른 민원도 {len(others)}건 있습니다.\n{listing}\n"
        "자세한 내용이 궁금하신 민원의 접수번호를 말씀해 주세요."
    )


def complaints_of_phone(complaints: List[Dict[str, Any]]) -> str:
    listing = "\n".join(status_summary_line(i, c) for i, c in enumerate(complaints[:10], 1))
    more = "\n(최근 10건만 보여 드렸습니다.)" if len(complaints) > 10 else ""
    return (
        f"이 전화번호로 접수하신 민원이 {len(complaints)}건 있습니다.\n{listing}{more}\n"
        "자세한 내용이 궁금하신 민원의 접수번호를 말씀해 주세요."
    )


# --- praise and FAQ answers (actions/praise_faq.py) ----------------------------------------------------------

PRAISE_ASK_DETAILS = (
    "칭찬해 주셔서 감사합니다. 어느 부서의 어떤 직원이 어떤 도움을 드렸는지 말씀해 주시면 "
    "해당 직원에게 꼭 전하겠습니다. 예: 건설과 김민수 주무관이 도로 보수를 빨리 해 주셨어요."
)


def praise_default_target() -> str:
    """Whom a praise naming no department or person is recorded for."""
    return f"{office_name()} 직원"


def praise_not_recorded() -> str:
    return (
        "따뜻한 말씀 감사합니다. 다만 지금 시스템 연결이 원활하지 않아 칭찬 내용을 바로 등록하지 못했습니다. "
        f"잠시 후 다시 말씀해 주시거나 대표전화({main_phone()})로 전해 주시면 꼭 전달하겠습니다."
    )


def praise_thanks(target: Optional[str]) -> str:
    who = f"{target}에게" if target else "해당 직원에게"
    return (
        f"따뜻한 칭찬 말씀 정말 감사합니다. {who} 소중한 말씀을 꼭 전하겠습니다. "
        "앞으로도 더 친절하게 봉사하는 연천군이 되겠습니다."
    )


def faq_document(doc: Dict[str, str]) -> str:
    return (
        f"{doc['name']} 발급 안내입니다.\n· 발급 장소: {doc['where']}\n· 수수료: {doc['fee']}\n"
        f"· 준비물: {doc['bring']}\n자세한 사항은 대표전화({main_phone()})로 문의해 주세요."
    )


def faq_office_hours(info: Dict[str, Any]) -> str:
    hours = info.get("office_hours") or {}
    desk = info.get("civil_service_desk_hours") or {}
    weekdays = hours.get("weekdays", "09:00-18:00").replace("-", "~")
    text = (
        f"{info.get('office_name', '군청')} 업무시간은 평일 {weekdays}"
        f"이며, 점심시간은 {hours.get('lunch', '12:00-13:00').replace('-', '~')}입니다. "
        "토·일요일과 공휴일(대체공휴일 포함)은 쉽니다."
    )
    if desk.get("extended"):
        text += f" ※ {desk['extended']}."
    text += f" 이 챗봇으로 하는 민원 접수는 24시간 가능합니다. 문의: 대표전화 {info.get('main_phone', '')}"
    return text


def faq_location(info: Dict[str, Any]) -> str:
    return (
        f"{info.get('office_name', '군청')}은 {info.get('address', '')}에 있습니다. "
        f"자세한 오시는 길은 군청 홈페이지({info.get('homepage', '')})나 "
        f"대표전화 {info.get('main_phone', '')}로 문의해 주세요."
    )


def faq_township_offices(townships: Iterable[Any]) -> str:
    lines = [f"· {t.name} 행정복지센터: {t.address} ({t.phone})" for t in townships]
    return "읍·면 행정복지센터 주소와 전화번호입니다.\n" + "\n".join(lines)


def faq_department_contacts(departments: Iterable[Any]) -> str:
    lines = [f"· {d.name} {d.phone} ({d.duties})" for d in departments]
    return "부서별 전화번호입니다.\n" + "\n".join(lines) + f"\n대표전화는 {main_phone()}입니다."


# --- the forms' questions, the status form, fallback and abuse (asks.py, status_form.py, fallback.py,
# special_complaints.py) ------------------------------------------------------------------------------------

# The forms' plain questions (actions/asks.py makes an action_ask_<key> of each).
QUESTIONS: Dict[str, str] = {
    # complaint_form (complaint_category, category_confirmed and privacy_consent: see complaint_form.py)
    "description": "어떤 불편이 있으신지 자세히 말씀해 주세요. "
    "언제부터, 어떤 상황인지 적어 주시면 담당 부서가 빠르게 확인할 수 있습니다.",
    "location": "장소가 어디인가요? 도로명 주소나 가까운 건물·정류장 이름을 알려 주세요. "
    "정확히 모르시면 '모름'이라고 하셔도 됩니다.",
    "township": "어느 읍·면인지 알려 주세요. "
    "(연천읍, 전곡읍, 군남면, 청산면, 백학면, 미산면, 왕징면, 신서면, 중면, 장남면) "
    "모르시면 '모름'이라고 하셔도 됩니다.",
    "citizen_name": "민원 신청인의 성함을 알려 주세요.",
    "phone": "처리 결과를 안내받으실 전화번호를 알려 주세요. 예: 010-1234-5678",
    # status_form
    "status_form_receipt_number": "확인하실 민원의 접수번호를 알려 주세요. 예: 2026-000123",
    "status_form_phone": "본인 확인을 위해 민원을 접수하실 때 남기신 전화번호를 알려 주세요. "
    "뒤 4자리만 알려 주셔도 됩니다.",
    # callback_form
    "callback_phone": "연락받으실 전화번호를 알려 주세요. 예: 010-1234-5678",
    "callback_name": "담당 직원이 전화드릴 때 어떻게 불러 드리면 될까요? 성함을 알려 주세요.",
    "callback_preferred_time": "통화하기 편하신 시간대가 있으면 알려 주세요. 예: 평일 오후 2시 이후. "
    "언제든 괜찮으시면 '아무 때나'라고 하셔도 됩니다.",
}

RECEIPT_AGAIN = "접수번호는 '2026-000123'처럼 연도 4자리와 숫자 6자리로 되어 있습니다. 다시 한번 알려 주시겠어요?"
STATUS_PHONE_AGAIN = "민원을 접수하실 때 남기신 전화번호 전체(예: 010-1234-5678) 또는 뒤 4자리를 알려 주세요."
FALLBACK_TO_PERSON = "여러 번 말씀하시게 해서 죄송합니다. 담당 직원이 직접 도와드릴 수 있도록 연결하겠습니다."
ABUSE_WARNING = "상담 내용은 기록되고 있습니다. 서로 존중하는 말로 대화해 주시면 끝까지 성심껏 도와드리겠습니다."


# --- routing a complaint (actions/route_complaint.py) --------------------------------------------------------


def routed(route: Any) -> str:
    """Which department handles the complaint (a county.route result), and the 읍·면 office that also helps."""
    text = (
        f"말씀하신 내용은 '{route.category_name}' 분야 민원으로, "
        f"{route.department}({route.department_phone})에서 담당합니다."
    )
    if route.township_office:
        text += f" 가까운 {route.township_office}({route.township_phone})에서도 도와드립니다."
    return text


def misconduct_report(department: str, phone: str, procedure: Dict[str, Any]) -> str:
    """A report about staff: who checks it, the citizen's protection, the county's procedure and compensation."""
    text = (
        f"불편을 드려 죄송합니다. 직원의 불친절이나 잘못된 처리에 대한 신고는 {department}({phone})에서 "
        "직접 확인하며, 신고하신 분이 불이익을 받지 않도록 보호됩니다."
    )
    if procedure.get("steps"):
        text += "\n· 처리 절차: " + " → ".join(procedure["steps"])
    if procedure.get("compensation"):
        text += "\n· 보상 기준: " + " ".join(procedure["compensation"].split())
    return text


# --- handoff to a person (actions/handoff.py) -----------------------------------------------------------------


def conversation_ended(filed: bool = True) -> str:
    """A conversation ended for a threat, harassment or repetition (특이민원)."""
    # Honest about whether staff already have it: when the API is down the transcript is only in the chat log.
    recorded = "대화 내용은 기록되어 담당 부서에 전달되었습니다." if filed else "대화 내용은 기록되어 있습니다."
    return (
        f"원활한 상담이 어려워 이번 상담은 여기서 마치겠습니다. {recorded} "
        f"민원이 있으시면 다시 찾아 주시거나 대표전화({main_phone()}, 평일 09:00~18:00)로 문의해 주십시오."
    )


def callback_number_request(in_hours: bool, kakao: bool, office_hours: str, opening: str) -> str:
    """Asked before a handoff that needs a call back; `opening` is the next office opening (out of hours)."""
    when = f"다음 업무시간({opening})에" if opening else "확인하는 대로"
    if not in_hours:
        intro = f"지금은 업무시간({office_hours})이 아니어서 바로 연결해 드리기 어렵습니다. "
    elif kakao:
        intro = "카카오톡에서는 담당 직원이 직접 답장을 드릴 수 없어 전화로 연결해 드리고 있습니다. "
    else:
        intro = ""
    return (
        f"{intro}연락받으실 전화번호를 남겨 주시면 {when} 담당 직원이 전화로 연락드리겠습니다. "
        "전화번호를 남기지 않으시려면 '괜찮아요'라고 말씀해 주세요. 대화 내용은 그대로 담당 직원에게 전달됩니다."
    )


def unfiled_complaint_handed_over(masked_phone: Optional[str]) -> str:
    contact = f"남겨 주신 연락처({masked_phone})로 " if masked_phone else ""
    return (
        "접수하지 못한 민원 내용을 담당 직원에게 그대로 전달했습니다. "
        f"{contact}담당 직원이 확인 후 연락드려 접수를 도와드리겠습니다. 불편을 드려 죄송합니다."
    )


def kakao_handoff(masked_phone: Optional[str], counsel_url: Optional[str]) -> str:
    """What a Kakao citizen is told in office hours once the handoff is filed (the chat is not paused)."""
    if masked_phone:
        return (
            f"담당 직원에게 전달했습니다. 남겨 주신 연락처({masked_phone})로 담당 직원이 "
            "곧 전화로 연락드리겠습니다. 지금까지 나눈 대화 내용도 함께 전달했으니 "
            "같은 말씀을 반복하지 않으셔도 됩니다."
        )
    if counsel_url:
        return (
            "담당 직원과 카카오톡 상담톡에서 바로 상담하실 수 있습니다. 아래 주소를 눌러 상담을 이어 가 주십시오. "
            f"지금까지 나눈 대화 내용도 담당 부서에 전달했습니다.\n{counsel_url}"
        )
    return (
        "대화 내용을 담당 직원에게 전달했습니다. "
        f"바로 상담을 원하시면 대표전화({main_phone()}, 평일 09:00~18:00)로 전화해 주십시오."
    )


HANDOFF_LIVE = (
    "담당 직원에게 연결해 드리겠습니다. "
    "지금까지 나눈 대화 내용도 함께 전달했으니 같은 말씀을 반복하지 않으셔도 됩니다. "
    "잠시만 기다려 주십시오."
)


def handoff_out_of_hours(opening: str, masked_phone: Optional[str]) -> str:
    if masked_phone:
        return (
            f"지금은 업무시간이 아니어서 바로 연결해 드리지 못했습니다. 남겨 주신 연락처({masked_phone})로 "
            f"다음 업무시간인 {opening} 이후 담당 직원이 연락드리겠습니다."
        )
    return (
        "지금은 업무시간이 아니어서 바로 연결해 드리지 못했습니다. 대화 내용을 담당 직원에게 남겨 두었으며, "
        f"다음 업무시간인 {opening} 이후 확인하겠습니다. 급하신 일은 대표전화({main_phone()})로 문의해 주십시오."
    )


# --- the end-of-chat rating (a chat that filed or checked a complaint; asked once) ----------------------------

CHAT_RATING_QUESTION = (
    "마치시기 전에 오늘 상담이 어떠셨는지 1점(매우 불만족)부터 5점(매우 만족)까지 알려 주시겠어요? "
    "하실 말씀이 있으면 점수 뒤에 함께 적어 주십시오(예: 5 친절했어요). "
    "원하지 않으시면 '건너뛰기'를 눌러 주십시오."
)
CHAT_RATING_SKIP = "건너뛰기"
CHAT_RATING_THANKS = "평가해 주셔서 감사합니다. 더 나은 상담이 되도록 반영하겠습니다. 좋은 하루 보내십시오."
CHAT_RATING_SKIPPED = "알겠습니다. 이용해 주셔서 감사합니다. 좋은 하루 보내십시오."
CHAT_RATING_NOT_SAVED = "평가를 저장하지 못했지만 말씀은 잘 들었습니다. 이용해 주셔서 감사합니다. 좋은 하루 보내십시오."

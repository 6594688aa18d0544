"""Citizen-facing wording (Korean, polite county-office register) and small formatting helpers."""

from __future__ import annotations

import datetime as dt
from typing import Optional, Union
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
    where = (f"{department_name}({department_phone})" if department_name and department_phone
             else f"대표전화({main_phone()})")
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

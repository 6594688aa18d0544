from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Channel(StrEnum):
    WEB = "web"
    KAKAO = "kakao"
    PHONE = "phone"
    VISIT = "visit"
    MAIL = "mail"
    REST = "rest"  # the chatbot's plain REST channel (a county's own integration, tests)


class RequestModel(BaseModel):
    """Request bodies reject unknown fields so a typo in a client is caught, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DepartmentRef(BaseModel):
    id: str
    name: str
    phone: str


class TownshipRef(BaseModel):
    name: str
    phone: str
    address: str


class ErrorResponse(BaseModel):
    detail: str

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.common_schemas import RequestModel
from api.textclean import Line


class LoginRequest(RequestModel):
    username: Line(50)
    password: str = Field(min_length=1, max_length=200)


class StaffOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Literal["officer", "manager", "admin"]
    department_id: str | None
    is_active: bool


class LoginResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    staff: StaffOut


class StaffCreate(RequestModel):
    username: str = Field(min_length=3, max_length=50, pattern=r"^[a-z0-9][a-z0-9._\-]*$")
    display_name: Line(50)
    role: Literal["officer", "manager", "admin"]
    department_id: str | None = Field(default=None, max_length=40)
    password: str = Field(min_length=10, max_length=200, description="10자 이상")

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from api.common_schemas import Channel, DepartmentRef, RequestModel, TownshipRef
from api.complaints.deadlines import Kind
from api.complaints.lifecycle import Status
from api.textclean import Line, Paragraph, PhoneNumber, clean_text
from civic_rules.patterns import phone_digits

MAX_ID = 2_147_483_647


class PrivacyConsent(RequestModel):
    agreed: bool = Field(description="개인정보 수집·이용 동의 여부 (true여야 접수됩니다)")
    version: Line(40) = Field(description="동의한 안내문 버전, 예: 2026-01")
    agreed_at: datetime | None = Field(default=None, description="동의 시각 (없으면 접수 시각)")

    @field_validator("agreed")
    @classmethod
    def _must_agree(cls, value: bool) -> bool:
        if not value:
            raise ValueError("개인정보 수집·이용에 동의하셔야 민원을 접수할 수 있습니다.")
        return value

    @field_validator("agreed_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("동의 시각에는 시간대를 포함해 주십시오. 예: 2026-03-02T09:00:00+09:00")
        if value is not None and not 2000 <= value.year <= 2100:
            raise ValueError("동의 시각이 올바르지 않습니다.")
        return value


TRANSCRIPT_MAX_TURNS = 200
TRANSCRIPT_MAX_CHARS = 5000
CategoryId = Annotated[
    str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$", description="categories.yml의 분야 id")
]


class TranscriptTurn(RequestModel):
    sender: Literal["user", "bot"] = Field(description="user 민원인, bot 챗봇")
    text: Paragraph(TRANSCRIPT_MAX_CHARS, min_length=0)
    timestamp: datetime


class CategoryScore(RequestModel):
    category: CategoryId
    confidence: float = Field(ge=0, le=1)


class Prediction(CategoryScore):
    """The chatbot's category prediction for the message that started the complaint."""

    runner_ups: list[CategoryScore] = Field(default_factory=list, max_length=10, description="차순위 분야와 신뢰도")


class ComplaintCreate(RequestModel):
    channel: Channel
    category: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$", description="categories.yml의 분야 id")
    kind: Kind = Field(
        default=Kind.GRIEVANCE,
        description=(
            "inquiry 질의, suggestion 건의, grievance 고충, statutory 법정민원, misconduct 공무원 부당 처리 신고"
        ),
    )
    processing_days: int | None = Field(default=None, ge=1, le=365, description="법정민원의 처리기간(근무일)")
    description: Paragraph(5000)
    location: Line(300) | None = None
    township: Line(20) | None = Field(default=None, description="읍·면 이름 (예: 전곡읍, 전곡)")
    citizen_name: Line(50)
    phone: PhoneNumber
    address: Line(300) | None = None
    privacy_consent: PrivacyConsent
    elderly_or_disabled: bool = False
    urgent_safety: bool = False
    transcript: list[TranscriptTurn] | None = Field(
        default=None,
        max_length=TRANSCRIPT_MAX_TURNS,
        description=f"챗봇 대화 기록 (개인정보; 최대 {TRANSCRIPT_MAX_TURNS}턴, 턴마다 {TRANSCRIPT_MAX_CHARS}자 이하)",
    )
    prediction: Prediction | None = Field(default=None, description="챗봇의 분야 예측 (신뢰도와 차순위 분야)")

    @model_validator(mode="after")
    def _statutory_days(self):
        if self.kind == Kind.STATUTORY and self.processing_days is None:
            raise ValueError("법정민원은 처리기간(processing_days)을 입력해 주십시오.")
        if self.kind != Kind.STATUTORY and self.processing_days is not None:
            raise ValueError("처리기간(processing_days)은 법정민원에만 입력합니다.")
        return self


class ComplaintCreated(BaseModel):
    receipt_number: str
    status: Status
    status_label: str
    kind: Kind
    kind_label: str
    category: str
    category_name: str
    department: DepartmentRef
    township_office: TownshipRef | None = None
    received_at: datetime
    processing_days: int
    due_date: date
    sms_notifications: bool = Field(description="처리기한 5근무일 이상: 접수·진행·결과 문자 안내 대상")


class LookupRequest(RequestModel):
    receipt_number: str | None = Field(default=None, max_length=40, description="접수번호, 예: 2026-000123")
    phone: str = Field(min_length=1, max_length=30, description="전화번호 전체 또는 뒤 4자리")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        digits = phone_digits(clean_text(value))
        if len(digits) != 4 and not 9 <= len(digits) <= 12:
            raise ValueError("전화번호 전체 또는 뒤 4자리를 입력해 주십시오.")
        return digits


class PublicStatus(BaseModel):
    receipt_number: str
    status: Status
    status_label: str
    status_description: str
    category_name: str
    department: DepartmentRef
    received_at: datetime
    due_date: date
    overdue: bool
    latest_public_note: str | None = None
    updated_at: datetime
    result: str | None = None
    rejection_reason: str | None = None
    rejection_remedy: str | None = None
    transferred_to: str | None = None
    transfer_reason: str | None = None


class LookupResponse(BaseModel):
    complaints: list[PublicStatus]


class EventOut(BaseModel):
    id: int
    action: str
    from_status: str | None
    to_status: str
    actor: str
    note: str | None
    public_note: str | None
    created_at: datetime


class ComplaintSummary(BaseModel):
    receipt_number: str
    status: Status
    status_label: str
    kind: Kind
    category: str
    department_id: str
    channel: Channel
    township: str | None
    citizen_name: str | None = Field(description="마스킹됨, 예: 홍*동")
    phone: str | None = Field(description="마스킹됨, 예: 010-****-5678")
    description_excerpt: str
    assignee_id: int | None
    elderly_or_disabled: bool
    urgent_safety: bool
    received_at: datetime
    due_date: date
    stage_due_date: date | None
    overdue: bool
    due_soon: bool


class ComplaintPage(BaseModel):
    items: list[ComplaintSummary]
    total: int


class ComplaintDetail(ComplaintSummary):
    personal_data_revealed: bool = Field(
        description="열람 사유(reason)를 입력하면 개인정보 원문이 표시되고 접근기록이 남습니다"
    )
    address: str | None
    description: str
    location: str | None
    processing_days: int
    consent_at: datetime
    consent_version: str
    stage_due_dates: dict[str, date]
    result: str | None
    rejection_reason: str | None
    rejection_remedy: str | None
    transferred_to: str | None
    transfer_reason: str | None
    closed_at: datetime | None
    anonymised: bool
    events: list[EventOut]
    prediction: Prediction | None = Field(default=None, description="챗봇의 분야 예측 (없으면 null)")
    transcript: list[TranscriptTurn] | None = Field(
        default=None, description="챗봇 대화 기록: reason이 없으면 전화번호가 마스킹됨, 보존기간 후 삭제"
    )


class StatusChange(RequestModel):
    to: Literal["investigating", "reviewed", "remedied", "closed", "rejected"]
    note: Paragraph(2000) | None = Field(default=None, description="내부 메모")
    public_note: Paragraph(1000) | None = Field(default=None, description="민원인에게 보이는 안내")
    result: Paragraph(5000) | None = Field(default=None, description="처리 결과 (완료 시 필수)")
    reason: Paragraph(2000) | None = Field(default=None, description="반려 사유 (반려 시 필수)")
    remedy: Paragraph(2000) | None = Field(default=None, description="반려 시 민원인이 할 수 있는 조치 안내 (필수)")

    @model_validator(mode="after")
    def _required_fields(self):
        if self.to == "closed" and not self.result:
            raise ValueError("처리 완료 시에는 처리 결과(result)를 입력해 주십시오.")
        if self.to == "rejected" and not (self.reason and self.remedy):
            raise ValueError("반려 시에는 반려 사유(reason)와 안내(remedy)를 모두 입력해 주십시오.")
        return self


class Assign(RequestModel):
    assignee_id: int = Field(ge=1, le=MAX_ID)
    note: Paragraph(2000) | None = None


class Transfer(RequestModel):
    department_id: str | None = Field(default=None, max_length=40, description="군청 내 다른 부서로 이송")
    agency: Line(200) | None = Field(default=None, description="다른 기관으로 이송 (예: 경기도청, 한국전력공사)")
    reason: Paragraph(2000)
    public_note: Paragraph(1000) | None = None

    @model_validator(mode="after")
    def _one_target(self):
        if (self.department_id is None) == (self.agency is None):
            raise ValueError("이송할 부서(department_id)나 기관(agency) 중 하나만 입력해 주십시오.")
        return self

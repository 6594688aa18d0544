"""Requests the county may reject or close without handling them as complaints (seed 001's legal exclusions),
with the standard wording the citizen sees and the remedy offered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exclusion:
    id: str
    label: str
    reason: str
    remedy: str


EXCLUSIONS: dict[str, Exclusion] = {
    e.id: e
    for e in (
        Exclusion(
            "unclear_requester",
            "민원인의 성명·주소 등이 불분명한 경우",
            "민원인의 성명이나 주소 등 연락할 수 있는 정보가 분명하지 않아 「민원 처리에 관한 법률」에 따라 "
            "민원으로 처리하기 어렵습니다.",
            "성명과 연락처(전화번호 또는 주소)를 밝혀 다시 신청해 주시면 접수하여 처리하겠습니다. "
            "궁금하신 점은 담당 부서로 문의해 주십시오.",
        ),
        Exclusion(
            "private_matter",
            "사인(私人) 간의 권리관계 또는 개인의 사생활에 관한 사항",
            "요청하신 내용은 개인 사이의 계약·권리관계에 관한 사항으로, 행정기관이 결정하거나 개입할 수 있는 "
            "민원에 해당하지 않습니다.",
            "법률 상담은 대한법률구조공단(국번 없이 132)을, 소비자 분쟁은 소비자상담센터(국번 없이 1372)를 "
            "이용해 주십시오. 행정기관의 처분이 관련된 부분이 있으면 다시 신청해 주십시오.",
        ),
        Exclusion(
            "other_agency",
            "다른 행정기관 등이 요청한 사항(행정기관 간 협조 사항)",
            "다른 행정기관이 요청한 사항은 일반 민원이 아니라 기관 간 협조 공문으로 처리하는 사항입니다.",
            "해당 기관에서 공문으로 연천군청 소관 부서에 요청해 주시면 처리하겠습니다.",
        ),
        Exclusion(
            "already_decided",
            "같은 내용을 정당한 사유 없이 되풀이한 경우(반복 민원)",
            "같은 내용의 민원이 이미 처리되어 그 결과를 안내해 드렸으며, 새로운 사정이 없어 다시 처리하지 않고 "
            "종결합니다.",
            "새로운 사실이나 자료가 있으면 함께 제출해 다시 신청해 주십시오. 처리 결과에 이의가 있으시면 "
            "결과를 통지받은 날부터 90일 이내에 행정심판 또는 행정소송을 청구하실 수 있습니다.",
        ),
    )
}

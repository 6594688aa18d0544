"""Priority flags from a complaint's description: urgent safety risks, elderly or disabled citizens."""

from __future__ import annotations

import pytest

from actions.priority import priority_flags


@pytest.mark.parametrize(
    "text,urgent,elderly",
    [
        ("도로 한가운데 싱크홀이 생겼어요", True, False),
        ("태풍에 전신주가 쓰러져 있어요", True, False),
        ("골목에서 가스 냄새가 나요", True, False),
        ("축대가 무너질 것 같아요", True, False),
        ("휠체어가 인도 턱 때문에 못 지나가요", False, True),
        ("혼자 사시는 할머니 댁 보일러가 고장났어요", False, True),
        ("가로등이 깜빡거려요", False, False),
        ("쓰레기 수거 요일이 언제인가요", False, False),
    ],
)
def test_priority_flags(text, urgent, elderly):
    assert priority_flags(text) == {"urgent_safety": urgent, "elderly_or_disabled": elderly}

from bot.nlu.complaint_router import is_post


def test_short_chat_lines_are_not_posts():
    assert not is_post("가로등이 꺼졌어요", 80, 3)
    assert not is_post("민원 처리 현황 알려주세요", 80, 3)


def test_long_or_multi_sentence_messages_are_posts():
    assert is_post("집 앞 도로가 파손되었습니다. 차가 지나갈 때마다 소리가 납니다. 빠른 조치 바랍니다.", 80, 3)
    assert is_post("가" * 100, 80, 3)


def test_a_receipt_number_keeps_a_message_a_status_question():
    assert not is_post("2026-000123 접수한 민원이 아직 처리가 안 되었습니다. 담당자 답변이 없습니다. 언제 처리됩니까?", 80, 3)

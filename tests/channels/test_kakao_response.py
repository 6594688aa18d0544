"""The SkillResponse builder: exact JSON for the bot's messages, Kakao's limits, and every button the bot has."""

import ast
import re
from pathlib import Path

import pytest

from bot.channels import kakao_response as kr

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_one_text():
    text = "안녕하세요. 연천군청 민원 챗봇입니다."
    assert kr.pages([{"recipient_id": "u", "text": text}], "없음") == [
        {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": text}}]}}
    ]


def test_short_texts_are_packed_and_buttons_become_quick_replies():
    messages = [
        {"text": "접수하기 전에 내용을 확인해 주세요."},
        {
            "text": "이대로 접수할까요?",
            "buttons": [
                {"title": "네, 접수해 주세요", "payload": "/affirm"},
                {"title": "고칠 부분이 있어요", "payload": "/deny"},
            ],
        },
    ]
    assert kr.pages(messages, "없음") == [
        {
            "version": "2.0",
            "template": {
                "outputs": [{"simpleText": {"text": "접수하기 전에 내용을 확인해 주세요.\n\n이대로 접수할까요?"}}],
                "quickReplies": [
                    {"label": "네, 접수해 주세요", "action": "message", "messageText": "네, 접수해 주세요"},
                    {"label": "고칠 부분이 있어요", "action": "message", "messageText": "아니요, 고칠 부분이 있어요"},
                ],
            },
        }
    ]


def test_no_messages_gives_the_fallback_text():
    assert kr.pages([], "말씀 잘 받았습니다.") == [
        {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": "말씀 잘 받았습니다."}}]}}
    ]


def words(n: int) -> str:
    return " ".join(f"낱말{i:04d}" for i in range(n))


def test_long_text_split_at_words_within_the_limit():
    text = words(700)  # 700 words of 6 characters: 4,899 characters
    pieces = kr.split_text(text)
    assert all(len(p) <= 1000 for p in pieces)
    assert " ".join(pieces) == text  # nothing lost, no word cut
    assert all(re.fullmatch(r"(낱말\d{4} )*낱말\d{4}", p) for p in pieces)


def test_split_prefers_a_line_break():
    text = "가" * 600 + "\n" + "나 " * 300
    assert kr.split_text(text)[0] == "가" * 600


def test_a_run_without_spaces_is_cut_only_at_the_limit():
    assert [len(p) for p in kr.split_text("가" * 2500)] == [1000, 1000, 500]


def test_more_than_three_outputs_continue_on_the_next_page():
    pages = kr.pages([{"text": words(700), "buttons": [{"title": "네", "payload": "/affirm"}]}], "없음")
    assert len(pages) == 2
    first, last = pages
    assert len(first["template"]["outputs"]) == 3
    assert first["template"]["quickReplies"] == [{"label": "더 보기", "action": "message", "messageText": "더 보기"}]
    assert 1 <= len(last["template"]["outputs"]) <= 3
    assert last["template"]["quickReplies"] == [{"label": "네", "action": "message", "messageText": "네"}]
    texts = [o["simpleText"]["text"] for page in pages for o in page["template"]["outputs"]]
    assert " ".join(texts) == words(700)


def test_receipt_becomes_a_text_card():
    text = (
        "민원이 정상적으로 접수되었습니다.\n· 접수번호: 2026-000123\n· 민원 분야: 도로·교통\n"
        "· 담당 부서: 건설과(031-839-2000)\n· 처리 기한: 2026년 3월 10일(화)까지"
    )
    (page,) = kr.pages([{"text": text, "custom": {"receipt_number": "2026-000123"}}], "없음")
    assert page == {
        "version": "2.0",
        "template": {
            "outputs": [
                {
                    "textCard": {
                        "title": "민원이 정상적으로 접수되었습니다.",
                        "description": "· 접수번호: 2026-000123\n· 민원 분야: 도로·교통\n"
                        "· 담당 부서: 건설과(031-839-2000)\n"
                        "· 처리 기한: 2026년 3월 10일(화)까지",
                        "buttons": [
                            {
                                "label": "처리 현황 보기",
                                "action": "message",
                                "messageText": "민원 처리 현황 알려 주세요",
                            }
                        ],
                    }
                }
            ]
        },
    }


def test_long_receipt_keeps_the_rest_as_text():
    lines = ["민원이 정상적으로 접수되었습니다."] + [f"· 안내 {i}: " + "가" * 60 for i in range(10)]
    (page,) = kr.pages([{"text": "\n".join(lines), "custom": {"receipt_number": "2026-000124"}}], "없음")
    card, rest = page["template"]["outputs"]
    assert len(card["textCard"]["description"]) <= 400
    assert card["textCard"]["description"] + "\n" + rest["simpleText"]["text"] == "\n".join(lines[1:])


def test_quick_reply_limits():
    buttons = [{"title": f"{i}번 선택지 이름이 아주 긴 경우입니다", "payload": f"선택 {i}"} for i in range(15)]
    buttons.append(dict(buttons[0]))
    replies = kr.quick_replies(buttons)
    assert len(replies) == 10
    assert all(len(r["label"]) <= 14 for r in replies)
    assert replies[0] == {
        "label": "0번 선택지 이름이…",
        "action": "message",
        "messageText": "0번 선택지 이름이 아주 긴 경우입니다",
    }
    assert len({r["messageText"] for r in replies}) == 10


@pytest.mark.parametrize(
    "title, payload, text",
    [
        ("네", "/affirm", "네"),
        ("아니요", "/deny", "아니요"),
        ("동의합니다", "/affirm", "네, 동의합니다"),
        ("동의하지 않습니다", "/deny", "아니요, 동의하지 않습니다"),
        ("", "/affirm", "네"),
        ("처리 현황", '/check_status{"receipt_number": "1"}', "처리 현황"),
        ("", '/check_status{"a": 1}', ""),
        ("버스 시간표", "버스 시간표 알려 주세요", "버스 시간표"),
        ("", "버스 시간표 알려 주세요", "버스 시간표 알려 주세요"),
    ],
)
def test_message_texts(title, payload, text):
    assert kr.message_text(title, payload) == text


def test_a_button_without_readable_text_is_left_out():
    assert kr.quick_replies([{"title": "", "payload": '/check_status{"phone": "010"}'}]) == []


def _bot_buttons():
    """Every button the bot can send: domain responses and the actions' button literals."""
    import yaml

    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    for variants in (domain.get("responses") or {}).values():
        for variant in variants:
            yield from variant.get("buttons") or []
    # In the actions: every literal {"title": ..., "payload": ...} (in a call or a constant of actions/texts.py),
    # and the buttons the actions compute (the rating scale).
    for path in sorted((PROJECT_ROOT / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and {getattr(k, "value", None) for k in node.keys} == {"title", "payload"}:
                try:
                    yield ast.literal_eval(node)
                except ValueError:  # computed, e.g. f"{n}점": taken from the function that builds them below
                    pass
    from actions.chat_rating import buttons as rating_buttons

    yield from rating_buttons()


def test_every_button_of_the_bot_reads_as_korean():
    buttons = list({b["title"]: b for b in _bot_buttons()}.values())
    assert buttons, "the bot's buttons were not found"
    # Kakao takes at most 10 quick replies at a time: every button, ten at a time.
    replies = [reply for start in range(0, len(buttons), 10) for reply in kr.quick_replies(buttons[start : start + 10])]
    assert len(replies) == len(buttons)
    for reply in replies:
        assert not reply["messageText"].startswith("/") and "{" not in reply["messageText"]
        assert re.search(r"[가-힣]", reply["messageText"]) and len(reply["label"]) <= 14


def test_every_yes_no_button_starts_with_the_answer_word():
    for button in _bot_buttons():
        if button["payload"] in ("/affirm", "/deny"):
            text = kr.message_text(button["title"], button["payload"])
            assert text.startswith(("네", "예") if button["payload"] == "/affirm" else ("아니", "아뇨")), text


def test_callback_ack():
    assert kr.callback_ack("답변을 준비하고 있습니다.") == {
        "version": "2.0",
        "useCallback": True,
        "data": {"text": "답변을 준비하고 있습니다."},
    }

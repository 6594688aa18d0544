"""The bot's messages (Rasa's output dicts) as Kakao SkillResponses (skill version 2.0).

Kakao's limits: at most 3 outputs per response, a simpleText of at most 1,000 characters, at most 10 quick
replies with short labels, and a quick reply's messageText is shown as what the citizen typed. Short messages
are packed together into one simpleText; what does not fit into 3 outputs becomes further pages, each
reached with a "더 보기" quick reply (the channel keeps them until asked). Text is split at paragraph, line,
sentence or word boundaries, never inside a word (only a run of more than 1,000 characters without a space
has to be cut).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Tuple

VERSION = "2.0"
MAX_OUTPUTS = 3
MAX_TEXT = 1000
MAX_QUICK_REPLIES = 10
MAX_LABEL = 14
CARD_TITLE = 50
CARD_DESCRIPTION = 400

# What the citizen sends for the next page (the channel recognises it).
MORE_TEXT = "더 보기"
STATUS_TEXT = "민원 처리 현황 알려 주세요"

# Answers the bot's yes/no buttons stand for: a button's messageText starts with the word, so that the
# citizen's line reads naturally and the form's yes/no reading understands it without the button's payload.
ANSWER_WORDS = {"affirm": ("네", ("네", "예")), "deny": ("아니요", ("아니", "아뇨"))}

# Preferred breaks, strongest first; a break is taken when it leaves the piece at least half full.
_BOUNDARIES = ("\n\n", "\n", ". ", "? ", "! ", " ")

Output = Dict[str, Any]
SkillResponse = Dict[str, Any]


def split_text(text: str, limit: int = MAX_TEXT) -> List[str]:
    """Pieces of at most `limit` characters, each ending at the latest boundary that fits."""
    text = text.strip()
    pieces: List[str] = []
    while len(text) > limit:
        window = text[: limit + 1]
        found = [(window.rfind(b), len(b.rstrip())) for b in _BOUNDARIES]
        cut = next((at + keep for at, keep in found if at >= limit // 2), 0) or max(
            (at + keep for at, keep in found if at > 0), default=0
        )
        if cut <= 0:
            cut = limit  # one "word" longer than a whole output: nothing else to do
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def shorten_label(title: str, limit: int = MAX_LABEL) -> str:
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    head = title[: limit - 1]
    if " " in head:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,.") + "…"


def message_text(title: str, payload: Optional[str]) -> str:
    """What a button sends as the citizen's words: readable Korean, never a `/intent` payload."""
    title = " ".join((title or "").split())
    intent = payload[1:].split("{", 1)[0] if isinstance(payload, str) and payload.startswith("/") else None
    if intent in ANSWER_WORDS:
        word, starts = ANSWER_WORDS[intent]
        if not title:
            return word
        return title if title.startswith(starts) else f"{word}, {title}"
    if title:
        return title
    if isinstance(payload, str) and payload and not payload.startswith("/"):
        return payload
    return ""


def quick_reply(label: str, text: str) -> Dict[str, str]:
    return {"label": label, "action": "message", "messageText": text}


def quick_replies(buttons: Iterable[Dict[str, Any]]) -> List[Dict[str, str]]:
    replies: List[Dict[str, str]] = []
    seen = set()
    for button in buttons:
        if not isinstance(button, dict):
            continue
        title = str(button.get("title") or "")
        text = message_text(title, button.get("payload"))
        label = shorten_label(title or text)
        if not text or not label or text in seen:
            continue
        seen.add(text)
        replies.append(quick_reply(label, text))
    return replies[:MAX_QUICK_REPLIES]


def simple_text(text: str) -> Output:
    return {"simpleText": {"text": text}}


def receipt_card(text: str) -> Tuple[Output, str]:
    """A receipt as a textCard (its first line the title, the next lines that fit the description) and the
    lines that did not fit, which follow as ordinary text."""
    lines = [line for line in text.strip().split("\n") if line.strip()]
    title = lines[0] if lines and len(lines[0]) <= CARD_TITLE else "민원 접수 안내"
    rest = lines[1:] if lines and len(lines[0]) <= CARD_TITLE else lines
    description: List[str] = []
    while rest and len("\n".join(description + [rest[0]])) <= CARD_DESCRIPTION:
        description.append(rest.pop(0))
    card = {
        "textCard": {
            "title": title,
            "description": "\n".join(description),
            "buttons": [{"label": "처리 현황 보기", "action": "message", "messageText": STATUS_TEXT}],
        }
    }
    return card, "\n".join(rest)


def outputs_of(messages: Iterable[Dict[str, Any]]) -> Tuple[List[Output], List[Dict[str, Any]]]:
    """All outputs of the messages (consecutive texts packed into as few simpleTexts as fit) and their buttons."""
    outputs: List[Output] = []
    buttons: List[Dict[str, Any]] = []
    pending = ""  # text not yet placed, packed with the next text while it fits

    def flush() -> None:
        nonlocal pending
        outputs.extend(simple_text(piece) for piece in split_text(pending))
        pending = ""

    def add_text(text: str) -> None:
        nonlocal pending
        text = text.strip()
        if not text:
            return
        if pending and len(pending) + 2 + len(text) <= MAX_TEXT:
            pending = f"{pending}\n\n{text}"
            return
        flush()
        pending = text

    for message in messages:
        text = message.get("text") or ""
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("receipt_number") and text:
            flush()
            card, rest = receipt_card(text)
            outputs.append(card)
            add_text(rest)
        else:
            add_text(text)
        if message.get("image"):
            flush()
            outputs.append({"simpleImage": {"imageUrl": message["image"], "altText": text[:50] or "이미지"}})
        buttons.extend(message.get("buttons") or [])
        buttons.extend(message.get("quick_replies") or [])
    flush()
    return outputs, buttons


def response(outputs: List[Output], replies: Optional[List[Dict[str, str]]] = None) -> SkillResponse:
    template: Dict[str, Any] = {"outputs": outputs}
    if replies:
        template["quickReplies"] = replies
    return {"version": VERSION, "template": template}


def text_response(text: str, replies: Optional[List[Dict[str, str]]] = None) -> SkillResponse:
    return response([simple_text(piece) for piece in split_text(text)][:MAX_OUTPUTS], replies)


def pages(messages: Iterable[Dict[str, Any]], empty_text: str) -> List[SkillResponse]:
    """The bot's messages as one or more SkillResponses: every page but the last offers "더 보기", the last
    carries the bot's buttons as quick replies."""
    outputs, buttons = outputs_of(messages)
    if not outputs:
        outputs = [simple_text(empty_text)]
    chunks = [outputs[i : i + MAX_OUTPUTS] for i in range(0, len(outputs), MAX_OUTPUTS)]
    more = [quick_reply(MORE_TEXT, MORE_TEXT)]
    return [response(chunk, more) for chunk in chunks[:-1]] + [response(chunks[-1], quick_replies(buttons))]


def callback_ack(text: str) -> SkillResponse:
    """The immediate answer to a request whose full answer will be posted to its callbackUrl."""
    return {"version": VERSION, "useCallback": True, "data": {"text": text}}

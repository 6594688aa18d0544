"""The test stories (tests/stories/*.yml) run through the real stack: each user line goes to the bot over the REST
channel, and what the bot then does (actions, slots, forms: read back from Rasa's tracker) must be the story's
steps, in order, with no other action. A story's `intent:` is checked only where the story gives one.

Rasa's own `rasa test core --e2e` cannot do this: it compares every line's label with the story and then follows
the story's label, not the model's, and it never runs the custom actions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import httpx
import pytest
import yaml

from tests.support.bot_api import OUT_OF_OFFICE_HOURS

STORIES_DIR = Path(__file__).resolve().parents[1] / "stories"
# Rasa's own bookkeeping around every turn, not what the story describes.
IGNORED_ACTIONS = {"action_listen", "action_extract_slots", "action_session_start"}

Step = Tuple[str, Any]  # ("action", name) | ("slot", (name, value)) | ("loop", name or None)


def load_stories() -> List[Dict[str, Any]]:
    stories = []
    for path in sorted(STORIES_DIR.glob("*.yml")):
        stories += yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]
    return stories


def turns_of(story: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The story as turns: a user line, its pinned intent (or None), and the steps that follow it."""
    turns: List[Dict[str, Any]] = []
    for step in story["steps"]:
        if "user" in step:
            turns.append({"text": step["user"].strip(), "intent": step.get("intent"), "steps": []})
        elif "action" in step:
            turns[-1]["steps"].append(("action", step["action"]))
        elif "active_loop" in step:
            turns[-1]["steps"].append(("loop", step["active_loop"]))
        elif "slot_was_set" in step:
            for entry in step["slot_was_set"]:
                turns[-1]["steps"].append(("slot", next(iter(entry.items()))))
        else:
            raise ValueError(f"unsupported step in story {story['story']!r}: {step}")
    return turns


def bot_steps(events: List[Dict[str, Any]]) -> Tuple[Optional[str], List[Step]]:
    """The predicted intent of the turn's user message and what the bot did after it."""
    intent, steps = None, []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        elif kind == "action" and event.get("name") not in IGNORED_ACTIONS:
            steps.append(("action", event["name"]))
        elif kind == "slot":
            steps.append(("slot", (event["name"], event.get("value"))))
        elif kind == "active_loop":
            steps.append(("loop", event.get("name")))
    return intent, steps


def segments(steps: List[Step]) -> List[List[Step]]:
    """The steps split at each action: segment k is what comes before the k-th action, the last one what comes
    after the last action."""
    parts: List[List[Step]] = [[]]
    for step in steps:
        if step[0] == "action":
            parts.append([])
        else:
            parts[-1].append(step)
    return parts


def mismatches(
    expected: List[Step], actual: List[Step], slots_before: Dict[str, Any], loop_before: Optional[str]
) -> List[str]:
    """How the bot's turn differs from the story's. The actions must be exactly the story's, in order. A slot the
    story lists between two actions must hold that value there, after the earlier action's events (Rasa's slot
    extraction sets it before the form runs, the form's validation again, and a submission clears it after: only
    the value at that point is the bot's behaviour). The forms must open and close as the story says; a story
    repeats `active_loop: <form>` when a form resumes after an interruption, which is no event."""
    problems = []
    if [s for s in expected if s[0] == "action"] != [s for s in actual if s[0] == "action"]:
        return ["actions differ"]
    state = dict(slots_before)
    for number, (wanted, got) in enumerate(zip(segments(expected), segments(actual))):
        state.update(item for kind, item in got if kind == "slot")
        for kind, item in wanted:
            if kind == "slot" and state.get(item[0]) != item[1]:
                problems.append(f"slot {item[0]} after action {number}: story {item[1]!r}, bot {state.get(item[0])!r}")
    loops, loop = [], loop_before
    for kind, name in expected:
        if kind == "loop" and name != loop:
            loops.append(name)
            loop = name
    if loops != [name for kind, name in actual if kind == "loop"]:
        problems.append("forms differ")
    return problems


STORIES = load_stories()


@pytest.fixture
def set_clock(api_server):
    """Moves the API's clock for one test; the other conversation tests expect office hours."""

    def move(now: str) -> None:
        r = httpx.put(f"{api_server['url']}/test-clock", json={"now": now})
        assert r.status_code == 200, r.text

    yield move
    move(api_server["in_office_hours"])


@pytest.mark.parametrize("story", STORIES, ids=[s["story"][:60] for s in STORIES])
def test_story(story, rasa_server, rasa_headers, api_server, set_clock, conversation):
    if (story.get("metadata") or {}).get("office_hours") is False:
        set_clock(OUT_OF_OFFICE_HOURS)
    tracker_url = f"{rasa_server}/conversations/{conversation.sender}/tracker"
    seen, slots, loop = 0, {}, None
    for number, turn in enumerate(turns_of(story), 1):
        conversation.say(turn["text"])
        r = httpx.get(tracker_url, headers=rasa_headers, timeout=10)
        assert r.status_code == 200, r.text
        tracker = r.json()
        intent, actual = bot_steps(tracker["events"][seen:])
        seen = len(tracker["events"])
        where = f"turn {number} {turn['text']!r} (read as {intent})\n{conversation.transcript()}"
        if turn["intent"]:
            assert intent == turn["intent"], where
        problems = mismatches(turn["steps"], actual, slots, loop)
        assert not problems, f"{where}\n{problems}\nstory: {turn['steps']}\nbot: {actual}"
        slots, loop = tracker["slots"], (tracker.get("active_loop") or {}).get("name")

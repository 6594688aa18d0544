"""Give a conversation back to the chatbot when an officer closes its handoff.

The bot pauses a conversation when an officer takes it over (so it never talks over the officer); Rasa
ignores a paused conversation until a `resume` event is appended through its HTTP API.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import httpx

from api.settings import Settings

log = logging.getLogger(__name__)


def resume_conversation(settings: Settings, conversation_id: str) -> bool:
    """Best effort: a Rasa server that is down must not undo the close. True when Rasa accepted it."""
    if not settings.rasa_url:
        return False
    url = f"{settings.rasa_url.rstrip('/')}/conversations/{quote(conversation_id, safe='')}/tracker/events"
    params = {"include_events": "NONE"}
    if settings.rasa_token:
        params["token"] = settings.rasa_token.get_secret_value()
    try:
        # action_listen after the resume: the bot stopped right after its handoff action, and Rasa's rules
        # only match a new message that follows a listen.
        response = httpx.post(
            url, params=params, json=[{"event": "resume"}, {"event": "action", "name": "action_listen"}], timeout=5
        )
    except httpx.HTTPError:
        log.warning("could not resume conversation %s: Rasa unreachable", conversation_id, exc_info=True)
        return False
    if response.status_code != 200:
        log.warning("could not resume conversation %s: Rasa answered %s", conversation_id, response.status_code)
        return False
    return True

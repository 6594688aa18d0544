"""Nothing a citizen's channel sends can decide what the conversation decides for itself.

Rasa reads a message that starts with "/" as an intent with entities (`/check_status{"phone": "..."}`),
bypassing the NLU, and it takes a channel's `parse_data` as given. Both would let anyone who can reach a public
webhook (REST, the web widget, the Kakao skill) put words in the NLU's mouth. Every input channel's messages
pass through `guard` first (each channel's handler is wrapped when Rasa registers the channels):

- a bare intent of the domain ("/affirm", the payload of the bot's own buttons) stays as it is;
- any other text starting with "/" loses its leading slashes and is read by the NLU as ordinary words, so a
  typed phone number counts exactly as much as typing it would, and a made-up entity counts for nothing;
- parse data supplied by a channel is dropped.

The slots that decide what a citizen may see (verified_phone, known_receipts) have only custom mappings in
domain.yml: actions set them after the API confirmed a receipt number and phone pair. The HTTP API
(/conversations/.../tracker/events) could write any slot, so it needs a token (bot/server/access.py).
"""

from __future__ import annotations

import logging
import re
from typing import Collection

from rasa.core.channels import channel as rasa_channel
from rasa.core.channels.channel import UserMessage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX

log = logging.getLogger(__name__)

BARE_INTENT = re.compile(r"/([A-Za-z0-9_]+)")


def guard(message: UserMessage, intents: Collection[str]) -> UserMessage:
    """The message as the NLU may see it (changed in place and returned)."""
    text = message.text
    if text and text.startswith(INTENT_MESSAGE_PREFIX):
        bare = BARE_INTENT.fullmatch(text)
        if not (bare and bare.group(1) in intents):
            # The content is the citizen's, and may be personal: log only that it happened.
            log.info("payload guard: a slash message from channel %s is read as text", message.input_channel)
            message.text = text.lstrip(INTENT_MESSAGE_PREFIX).strip()
    if message.parse_data is not None:
        log.info("payload guard: parse data from channel %s dropped", message.input_channel)
        message.parse_data = None
    return message


def _guarded_blueprint(channel: rasa_channel.InputChannel, app) -> None:
    blueprint = channel.blueprint

    def guarded_blueprint(on_new_message):
        async def on_guarded_message(message: UserMessage) -> None:
            domain = app.ctx.agent.domain if getattr(app.ctx, "agent", None) else None
            await on_new_message(guard(message, domain.intents if domain else ()))

        return blueprint(on_guarded_message)

    channel.blueprint = guarded_blueprint


_register = rasa_channel.register


def register(input_channels, app, route) -> None:
    """Rasa's `register` with every channel's message handler behind `guard`."""
    for channel in input_channels:
        _guarded_blueprint(channel, app)
    _register(input_channels, app, route)


def apply() -> None:
    rasa_channel.register = register

"""Posting a late answer to Kakao's one-time callbackUrl.

The URL is valid once, for one minute. A POST is repeated only when it certainly did not land (the
connection was refused, or Kakao answered 429 or 5xx) and only within that minute; after a 2xx nothing is
sent again. A POST whose outcome is unknown (a timeout after sending) is not repeated either: the channel
then shows the answer on the citizen's next turn instead, which may repeat it but never loses it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from typing import Any, Collection, Dict
from urllib.parse import urlsplit

import aiohttp

log = logging.getLogger(__name__)

SENT = "sent"
FAILED = "failed"  # certainly not delivered
UNKNOWN = "unknown"  # may or may not have been delivered

CALLBACK_LIFETIME = 60.0


def allowed(url: str, hosts: Collection[str]) -> bool:
    """Whether the channel may post to `url`: one of `hosts` or a subdomain; with no `hosts`, any host but this
    machine and private networks (so that a caller who knows the webhook cannot make the server post to the
    county's internal services). A county sets `hosts` to Kakao's callback host in service."""
    host = (urlsplit(url).hostname or "").lower()
    if hosts:
        return any(host == h or host.endswith("." + h) for h in hosts)
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True  # a name: Kakao's callback host
    return address.is_global


async def post_once(
    session: aiohttp.ClientSession, url: str, body: Dict[str, Any], deadline: float, user: str, timeout: float = 10.0
) -> str:
    """Deliver `body` to `url` before `deadline` (time.monotonic()): SENT, FAILED or UNKNOWN."""
    delay = 0.5
    attempt = 0
    while True:
        attempt += 1
        left = deadline - time.monotonic()
        if left <= 0:
            log.warning("kakao callback for user %s: gave up after %d attempts (its minute is over)", user, attempt - 1)
            return FAILED
        try:
            async with session.post(url, json=body, timeout=aiohttp.ClientTimeout(total=min(timeout, left))) as reply:
                if 200 <= reply.status < 300:
                    log.info("kakao callback for user %s delivered (attempt %d)", user, attempt)
                    return SENT
                retry = reply.status == 429 or reply.status >= 500
                log.warning("kakao callback for user %s: HTTP %d (attempt %d)", user, reply.status, attempt)
                if not retry:
                    return FAILED
        except (aiohttp.ClientConnectorError, aiohttp.InvalidURL) as exc:
            # Nothing reached the other side: safe to try again.
            log.warning(
                "kakao callback for user %s: cannot connect (%s, attempt %d)", user, type(exc).__name__, attempt
            )
            if isinstance(exc, aiohttp.InvalidURL):
                return FAILED
        except (asyncio.TimeoutError, aiohttp.ClientError) as exc:
            log.warning("kakao callback for user %s: no clear answer (%s); not repeated", user, type(exc).__name__)
            return UNKNOWN
        await asyncio.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 8.0)

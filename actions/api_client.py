"""HTTP client for the complaint API (api/README.md). The actions talk to the API over HTTP only.

Budget: a Kakao skill must answer within about 4 seconds, so every call has a short timeout (connect 1 s,
whole call 2.5 s) and at most one retry, only where a retry cannot do harm:
- connection refused / connect timeout: the request never reached the server, any call may be retried;
- connection dropped mid-request: retried only for idempotent calls (GETs, lookups, POSTs carrying an
  Idempotency-Key, which the API replays instead of creating a second record).

Errors: ApiUnavailable (timeout, 5xx, connection problems), NotFound (404), Conflict (409),
InvalidInput (422, with the API's Korean detail), RateLimited (429), ApiError (anything else).

The client is synchronous (httpx.Client, thread-safe); async actions call it through `acall`, which runs it
in a worker thread so the action server's event loop is never blocked.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
import time
from typing import Any, Callable, Dict, Optional, TypeVar

import httpx

log = logging.getLogger(__name__)

DEFAULT_API_URL = "http://127.0.0.1:8000"
API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT = 2.5
CONNECT_TIMEOUT = 1.0
RETRY_PAUSE = 0.15

T = TypeVar("T")


class ApiError(Exception):
    """The API answered with an error. `detail` is the API's Korean sentence (never shown verbatim for 5xx)."""

    def __init__(
        self,
        message: str,
        status_code: Optional[int] = None,
        detail: Optional[str] = None,
        code: Optional[str] = None,
        body: Any = None,
    ):
        super().__init__(message)
        self.status_code = status_code
        self.detail = detail
        self.code = code
        self.body = body


class ApiUnavailable(ApiError):
    """Timeout, connection refused/reset, or a 5xx: the API cannot serve us right now."""


class NotFound(ApiError):
    """404."""


class Conflict(ApiError):
    """409, e.g. an Idempotency-Key reused with a different body."""


class InvalidInput(ApiError):
    """422: the API rejected a field; `detail` says which, in Korean."""


class RateLimited(ApiError):
    """429; `retry_after` in seconds when the API said so."""

    def __init__(self, *args: Any, retry_after: Optional[float] = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAYBE_SENT = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadTimeout, httpx.WriteTimeout)


class ApiClient:
    def __init__(
        self,
        base_url: Optional[str] = None,
        token: Optional[str] = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: Optional[httpx.BaseTransport] = None,
    ):
        self.base_url = (base_url or os.environ.get("API_URL") or DEFAULT_API_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("API_SERVICE_TOKEN")
        self.timeout = timeout
        headers = {"Accept": "application/json", "User-Agent": "county-complaint-bot/1.0"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)),
            transport=transport,
            trust_env=False,  # a proxy from the environment must not sit between the bot and the API
        )

    def close(self) -> None:
        self._http.close()

    # --- transport -----------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Optional[Dict[str, Any]] = None,
        headers: Optional[Dict[str, str]] = None,
        idempotent: bool = False,
    ) -> Dict[str, Any]:
        attempts = 2
        for attempt in range(1, attempts + 1):
            started = time.monotonic()
            try:
                response = self._http.request(method, path, json=json, params=params, headers=headers)
            except _NEVER_SENT as exc:
                if attempt < attempts:
                    log.warning("API %s %s: %s, retrying once", method, path, type(exc).__name__)
                    time.sleep(RETRY_PAUSE)
                    continue
                raise ApiUnavailable(f"API unreachable: {type(exc).__name__}") from exc
            except _MAYBE_SENT as exc:
                # A timeout already used the whole budget: retrying would miss the channel's deadline.
                timed_out = isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout))
                if idempotent and attempt < attempts and not timed_out:
                    log.warning("API %s %s: %s, retrying once", method, path, type(exc).__name__)
                    continue
                raise ApiUnavailable(f"API did not answer: {type(exc).__name__}") from exc
            except httpx.HTTPError as exc:
                raise ApiUnavailable(f"API request failed: {type(exc).__name__}") from exc
            log.debug(
                "API %s %s -> %s in %.0f ms", method, path, response.status_code, 1000 * (time.monotonic() - started)
            )
            if response.status_code >= 500 and idempotent and attempt < attempts:
                # 502/503 from a proxy during a restart; idempotent calls get one more try.
                time.sleep(RETRY_PAUSE)
                continue
            return self._handle(method, path, response)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _handle(method: str, path: str, response: httpx.Response) -> Dict[str, Any]:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if 200 <= status < 300:
            if not isinstance(body, dict):
                raise ApiUnavailable(f"API {method} {path}: unexpected body", status_code=status)
            return body
        detail = body.get("detail") if isinstance(body, dict) and isinstance(body.get("detail"), str) else None
        code = body.get("code") if isinstance(body, dict) else None
        message = f"API {method} {path} -> {status}"
        kwargs = dict(status_code=status, detail=detail, code=code, body=body)
        if status >= 500:
            raise ApiUnavailable(message, **kwargs)
        if status == 404:
            raise NotFound(message, **kwargs)
        if status == 409:
            raise Conflict(message, **kwargs)
        if status == 422:
            raise InvalidInput(message, **kwargs)
        if status == 429:
            retry_after = response.headers.get("Retry-After")
            raise RateLimited(
                message, retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None, **kwargs
            )
        raise ApiError(message, **kwargs)

    # --- endpoints -----------------------------------------------------------------------------

    def create_complaint(self, payload: Dict[str, Any], idempotency_key: str) -> Dict[str, Any]:
        """POST /complaints. Retried (once) with the SAME key: the API replays the first response."""
        return self._request(
            "POST", "/complaints", json=payload, headers={"Idempotency-Key": idempotency_key}, idempotent=True
        )

    def lookup(self, receipt_number: str, phone: str) -> Dict[str, Any]:
        """POST /complaints/lookup with receipt number + full phone or its last 4 digits. NotFound if no match."""
        return self._request(
            "POST", "/complaints/lookup", json={"receipt_number": receipt_number, "phone": phone}, idempotent=True
        )

    def lookup_by_phone(self, phone: str) -> Dict[str, Any]:
        """POST /complaints/lookup with the full phone only (service token): up to 20 complaints."""
        return self._request("POST", "/complaints/lookup", json={"phone": phone}, idempotent=True)

    def create_handoff(
        self,
        conversation_id: str,
        channel: str,
        reason: str,
        transcript: Optional[list] = None,
        form_data: Optional[Dict[str, Any]] = None,
        callback: Optional[Dict[str, Any]] = None,
        flagged: bool = False,
        idempotency_key: Optional[str] = None,
    ) -> Dict[str, Any]:
        """POST /handoffs. Without a key the API returns the conversation's open handoff, so a retry is safe too."""
        payload = {
            "conversation_id": conversation_id,
            "channel": channel,
            "reason": reason,
            "transcript": transcript or [],
            "form_data": form_data or {},
            "callback": callback,
            "flagged": flagged,
        }
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        return self._request("POST", "/handoffs", json=payload, headers=headers, idempotent=True)

    def create_praise(
        self, target: str, message: str, channel: str, department_id: Optional[str] = None
    ) -> Dict[str, Any]:
        """POST /praises. Not idempotent: retried only when the request never reached the server."""
        payload = {"target": target, "department_id": department_id, "message": message, "channel": channel}
        return self._request("POST", "/praises", json=payload, idempotent=False)

    def create_chat_rating(
        self, conversation_id: str, channel: str, score: int, comment: Optional[str] = None
    ) -> Dict[str, Any]:
        """POST /chat-ratings: one per conversation (409 for a second)."""
        payload = {"conversation_id": conversation_id, "channel": channel, "score": score, "comment": comment}
        return self._request("POST", "/chat-ratings", json=payload, idempotent=False)

    def calendar_now(self) -> Dict[str, Any]:
        return self._request("GET", "/calendar/now", idempotent=True)

    def routing(self, category: str, township: Optional[str] = None) -> Dict[str, Any]:
        params = {"township": township} if township else None
        return self._request("GET", f"/routing/{category}", params=params, idempotent=True)

    def health(self) -> Dict[str, Any]:
        return self._request("GET", "/health", idempotent=True)


_clients: Dict[tuple, ApiClient] = {}
_clients_lock = threading.Lock()


def get_client() -> ApiClient:
    """The shared client for the current API_URL / API_SERVICE_TOKEN (read on every call, so a changed
    environment - e.g. in tests - takes effect without a restart)."""
    key = ((os.environ.get("API_URL") or DEFAULT_API_URL).rstrip("/"), os.environ.get("API_SERVICE_TOKEN"))
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = ApiClient(base_url=key[0], token=key[1])
        return client


async def acall(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking client method in a worker thread (for async actions)."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(func, *args, **kwargs))

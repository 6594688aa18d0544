"""Kakao skill response times at N concurrent citizens (issue 13), through /webhooks/kakao/webhook.

Starts the whole system the way `make start` does (benchmark_conversation.Stack: honcho with the Procfile on
free ports, throwaway databases), or uses a running Rasa server (--url). Each simulated KakaoTalk user posts
SkillPayloads: a greeting, a complaint whose questions are answered (tapping the offered quick replies where
there are any), and thanks, reading and typing before each message (--think, 2-6 s by default). Half of the
citizens' requests carry a callbackUrl on a loopback receiver, as a callback-enabled block would.

Prints the skill response p50/p95/p99/max (the time Kakao waits for), errors (non-200, a response outside
Kakao's limits, a missing receipt), late answers (useCallback, or "please ask again"), and callback URLs that
were posted to more than once. Target: p99 <= 1 s, zero errors, zero callbacks sent twice.

    .venv-bot/bin/python benchmarks/benchmark_kakao.py [--concurrency 20] [--conversations 40] [--think 2 6]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Dict, Optional, Tuple

import httpx
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark_conversation import COMPLAINTS, RECEIPT, Stack, percentile  # noqa: E402  (the same stack and texts)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = PROJECT_ROOT / "data" / "contracts" / "kakao" / "skill-request.json"
# What a citizen types where the question offers no quick reply (or no "yes" one).
ANSWERS = [
    (re.compile(r"어느 분야"), "1"),
    (re.compile(r"성함"), "홍길동"),
    (re.compile(r"전화번호"), "010-3456-7890"),
    (re.compile(r"읍·면"), "전곡읍"),
    (re.compile(r"장소"), "은대리 마을회관 앞"),
    (re.compile(r"자세히 말씀해"), "밤에 길이 너무 어두워서 다니기 무섭습니다."),
]
YES_QUESTIONS = re.compile(r"이대로 접수할까요|분야 민원으로 .*진행할까요|동의")
SECRET_HEADER = "X-Kakao-Skill-Secret"


class CallbackReceiver:
    """Kakao's callback endpoint on loopback: one URL per request, every POST counted."""

    def __init__(self):
        self.posts: Counter = Counter()
        self.bodies: Dict[str, dict] = {}
        self.waiters: Dict[str, asyncio.Future] = {}

    async def handle(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        self.posts[key] += 1
        body = await request.json()
        self.bodies[key] = body
        waiter = self.waiters.get(key)
        if waiter and not waiter.done():
            waiter.set_result(body)
        return web.json_response({"taskId": key, "status": "SUCCESS"})

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/callback/{key}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/callback"

    def expect(self, key: str) -> asyncio.Future:
        self.waiters[key] = asyncio.get_running_loop().create_future()
        return self.waiters[key]


def text_of(body: dict) -> str:
    parts = []
    for output in body.get("template", {}).get("outputs", []):
        parts.append((output.get("simpleText") or {}).get("text", ""))
        card = output.get("textCard") or {}
        parts += [card.get("title", ""), card.get("description", "")]
    return "\n".join(p for p in parts if p)


def shape_problem(body: dict) -> Optional[str]:
    if body.get("version") != "2.0":
        return "no version 2.0"
    if body.get("useCallback"):
        return None
    outputs = body.get("template", {}).get("outputs") or []
    if not 1 <= len(outputs) <= 3:
        return f"{len(outputs)} outputs"
    if any(len((o.get("simpleText") or {}).get("text", "")) > 1000 for o in outputs):
        return "simpleText over 1000 characters"
    replies = body["template"].get("quickReplies") or []
    if len(replies) > 10 or any(len(r["label"]) > 14 or r["messageText"].startswith("/") for r in replies):
        return "quick replies outside Kakao's limits"
    return None


class Citizen:
    def __init__(
        self,
        client: httpx.AsyncClient,
        url: str,
        secret: Optional[str],
        receiver: CallbackReceiver,
        callback_base: str,
        stats: dict,
        think: Tuple[float, float],
        rng: random.Random,
        use_callback: bool,
    ):
        self.client, self.url, self.secret, self.receiver = client, url, secret, receiver
        self.callback_base, self.stats, self.think, self.rng = callback_base, stats, think, rng
        self.use_callback = use_callback
        self.user_id = uuid.uuid4().hex + uuid.uuid4().hex[:6]
        self.template = json.loads(SAMPLE.read_text(encoding="utf-8"))
        self.turns = 0

    async def say(self, text: str, kind: str) -> Optional[dict]:
        # Reading and typing before every message, the first too: citizens do not all arrive at one instant.
        if self.think[1] > 0:
            await asyncio.sleep(self.rng.uniform(*self.think))
        self.turns += 1
        payload = json.loads(json.dumps(self.template))
        payload["userRequest"]["user"]["id"] = self.user_id
        payload["userRequest"]["utterance"] = text
        key = uuid.uuid4().hex
        if self.use_callback:
            payload["userRequest"]["callbackUrl"] = f"{self.callback_base}/{key}"
            waiter = self.receiver.expect(key)
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        started = time.perf_counter()
        try:
            r = await self.client.post(self.url, json=payload, headers=headers)
        except httpx.HTTPError as exc:
            self.stats["errors"].append(f"{text!r}: {type(exc).__name__}")
            return None
        ms = (time.perf_counter() - started) * 1000
        self.stats["latencies"].append(ms)
        self.stats["by_kind"].setdefault(kind, []).append(ms)
        if r.status_code != 200:
            self.stats["errors"].append(f"{text!r}: HTTP {r.status_code}")
            return None
        body = r.json()
        problem = shape_problem(body)
        if problem:
            self.stats["errors"].append(f"{text!r}: {problem}")
            return None
        if body.get("useCallback"):
            self.stats["callbacks"] += 1
            try:
                body = await asyncio.wait_for(waiter, 60)
            except asyncio.TimeoutError:
                self.stats["errors"].append(f"{text!r}: no callback within its minute")
                return None
        elif "답변 보기" in text_of(body):
            self.stats["late"] += 1
            return await self.say("답변 보기", "look again")
        return body

    async def file_complaint(self, complaint: str) -> None:
        body = await self.say(complaint, "complaint")
        for _ in range(10):
            if body is None:
                return
            text = text_of(body)
            if RECEIPT.search(text):
                self.stats["receipts"] += 1
                return
            replies = [r["messageText"] for r in body["template"].get("quickReplies") or []]
            yes = next((r for r in replies if r.startswith("네")), None)
            answer = (
                yes
                if yes and YES_QUESTIONS.search(text)
                else next((a for pattern, a in ANSWERS if pattern.search(text)), None)
            )
            if answer is None:
                self.stats["errors"].append(f"unexpected question: {text[:80]!r}")
                return
            # The summary's yes files the complaint (the action calls the API).
            body = await self.say(answer, "filing" if "이대로 접수할까요" in text else "answer")
        self.stats["errors"].append("no receipt number after 10 turns")

    async def converse(self, complaint: str) -> None:
        await self.say("안녕하세요", "greeting")
        await self.file_complaint(complaint)
        await self.say("감사합니다", "thanks")


async def run_load(
    url: str, secret: Optional[str], concurrency: int, conversations: int, think: Tuple[float, float]
) -> Tuple[dict, CallbackReceiver, float]:
    stats = {"latencies": [], "by_kind": {}, "errors": [], "callbacks": 0, "late": 0, "receipts": 0}
    receiver = CallbackReceiver()
    callback_base = await receiver.start()
    rng = random.Random(20261204)
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(conversations):
        queue.put_nowait(i)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            i = queue.get_nowait()
            citizen = Citizen(client, url, secret, receiver, callback_base, stats, think, rng, use_callback=i % 2 == 0)
            await citizen.converse(COMPLAINTS[i % len(COMPLAINTS)])

    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=concurrency * 2)) as client:
        # One unmeasured message first, as a server in service has had (the first parse starts the JVM).
        warm = {"latencies": [], "by_kind": {}, "errors": [], "callbacks": 0, "late": 0, "receipts": 0}
        warm_up = Citizen(client, url, secret, receiver, callback_base, warm, (0, 0), rng, use_callback=False)
        await warm_up.say("안녕하세요", "warm-up")
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    await asyncio.sleep(2)  # a callback sent twice would arrive about now
    await receiver.runner.cleanup()
    return stats, receiver, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--conversations", type=int, default=40)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"))
    parser.add_argument("--url", help="a running Rasa server (e.g. http://127.0.0.1:5005); default: start the stack")
    args = parser.parse_args()

    stack = None
    secret = os.environ.get("KAKAO_SKILL_SECRET")
    if args.url:
        base = args.url.rstrip("/")
    else:
        # The stack's Rasa reads the secret from this environment: check it as Kakao would send it.
        secret = secret or secrets.token_urlsafe(16)
        os.environ["KAKAO_SKILL_SECRET"] = secret
        # The benchmark's callback receiver is on loopback, which the channel refuses unless it is named.
        os.environ["KAKAO_CALLBACK_HOSTS"] = "127.0.0.1"
        stack = Stack(Path(tempfile.mkdtemp(prefix="bench-kakao-")))
        print("starting the stack (API, action server, Rasa) ...", flush=True)
        stack.wait()
        base = f"http://127.0.0.1:{stack.rasa_port}"
    load_before = os.getloadavg()[0]
    try:
        stats, receiver, seconds = asyncio.run(
            run_load(f"{base}/webhooks/kakao/webhook", secret, args.concurrency, args.conversations, tuple(args.think))
        )
    finally:
        if stack:
            stack.stop()

    lat = sorted(stats["latencies"])
    twice = sum(1 for n in receiver.posts.values() if n > 1)
    print(
        f"Kakao skill: {args.conversations} conversations, {args.concurrency} concurrent citizens, "
        f"think {args.think[0]:g}-{args.think[1]:g} s, {len(lat)} requests in {seconds:.0f} s"
    )
    if lat:
        print(
            f"skill response ms: p50 {percentile(lat, 50):.0f}  p95 {percentile(lat, 95):.0f}  "
            f"p99 {percentile(lat, 99):.0f}  max {lat[-1]:.0f}"
        )
    print(
        f"receipts {stats['receipts']}/{args.conversations}  errors {len(stats['errors'])}  "
        f"useCallback {stats['callbacks']}  late without callback {stats['late']}  "
        f"callbacks posted {sum(receiver.posts.values())}  callbacks sent twice {twice}"
    )
    for kind, values in sorted(stats["by_kind"].items()):
        values.sort()
        print(
            f"  {kind:<10} n={len(values):<4} p50 {percentile(values, 50):.0f}  p95 {percentile(values, 95):.0f}  "
            f"max {values[-1]:.0f} ms"
        )
    # Other work on the machine shows in the figures: the load average says how much there was.
    print(f"load average (1 min) before {load_before:.1f}, after {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for error in stats["errors"][:20]:
        print("  error:", error)


if __name__ == "__main__":
    main()

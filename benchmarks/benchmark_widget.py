"""The homepage widget's message round trip under load, against a running stack (`make start`).

Each simulated citizen does what the widget does in a browser: loads the homepage and the widget's script and
stylesheet, makes a 128-bit conversation id, and sends each message to Rasa's web channel
(POST /webhooks/web/webhook with sender, message, message_id) the way widget.js does: a greeting, a complaint
answered through every question of the form (the bot's buttons are pressed by sending their payload, as the
widget does), a status check of the receipt, and thanks. Between a reply and the next message the citizen reads
and types: --think MIN MAX seconds (uniform, seeded), 2-6 s by default. The round trip of a message is from
sending the request to having the bot's whole answer, what the citizen waits for behind the typing indicator.

Prints p50/p95/p99/max of the round trip, throughput, complaints filed and every error. It does not start
servers; it files real complaints into the running API (use a throwaway database).

    .venv-api/bin/python benchmarks/benchmark_widget.py [--citizens 20] [--duration 120] [--think 2 6]
        [--api-url http://127.0.0.1:8000] [--bot-url http://127.0.0.1:5005]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import random
import re
import secrets
import statistics
import time
from dataclasses import dataclass, field

import httpx

COMPLAINTS = [
    "집 앞 가로등이 며칠째 꺼져 있어서 밤에 너무 어두워요",
    "마을 안길에 쓰레기 무단투기가 심해요 치워주세요",
    "수돗물에서 녹물이 나와요",
    "공원 놀이터 그네가 부서져 있어요",
    "버스 정류장 앞 도로에 큰 구멍이 생겼어요",
]
ANSWERS = [
    (re.compile(r"이대로 접수할까요"), "네, 접수해 주세요"),
    (re.compile(r"분야 민원으로 .*진행할까요"), "네"),
    (re.compile(r"어느 분야"), "1"),
    (re.compile(r"동의"), "동의합니다"),
    (re.compile(r"성함"), "홍길동"),
    (re.compile(r"전화번호"), None),  # the citizen's own number
    (re.compile(r"읍·면"), "전곡읍"),
    (re.compile(r"장소"), "은대리 마을회관 앞"),
    (re.compile(r"자세히 말씀해"), "밤에 길이 너무 어두워서 다니기 무섭습니다."),
]
RECEIPT = re.compile(r"접수번호: (\d{4}-\d{6,7})")


def random_id() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()  # as widget.js: 128 bits


@dataclass
class Figures:
    round_trips: list[float] = field(default_factory=list)
    page_loads: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    conversations: int = 0


class Citizen:
    def __init__(
        self, number: int, args: argparse.Namespace, client: httpx.AsyncClient, figures: Figures, rng: random.Random
    ):
        self.number, self.args, self.client, self.figures, self.rng = number, args, client, figures, rng

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.args.think))

    async def load_page(self) -> None:
        started = time.perf_counter()
        for path in ("/", "/widget/widget.js", "/widget/widget.css"):
            r = await self.client.get(self.args.api_url + path)
            if r.status_code != 200:
                self.figures.errors.append(f"GET {path}: {r.status_code}")
        self.figures.page_loads.append((time.perf_counter() - started) * 1000)

    async def send(self, sender: str, text: str) -> tuple[str, list[str]]:
        """One message as the widget sends it; (the bot's text, the titles→payloads of its buttons)."""
        body = {"sender": sender, "message": text, "message_id": random_id(), "retry": False}
        started = time.perf_counter()
        try:
            r = await self.client.post(self.args.bot_url + "/webhooks/web/webhook", json=body)
        except httpx.HTTPError as exc:
            self.figures.errors.append(f"{type(exc).__name__}: {text[:20]}")
            return "", []
        elapsed = (time.perf_counter() - started) * 1000
        if r.status_code != 200:
            self.figures.errors.append(f"HTTP {r.status_code}: {r.text[:80]}")
            return "", []
        self.figures.round_trips.append(elapsed)
        messages = r.json()
        text_out = "\n".join(m.get("text") or "" for m in messages)
        buttons = [b for m in messages for b in (m.get("buttons") or [])]
        return text_out, buttons

    async def converse(self, deadline: float) -> None:
        sender = random_id()
        phone = f"010-{self.rng.randint(2000, 9999)}-{self.rng.randint(1000, 9999)}"
        await self.load_page()
        await self.send(sender, "안녕하세요")
        await self.think()
        reply, buttons = await self.send(sender, self.rng.choice(COMPLAINTS))
        receipt = None
        for _ in range(12):
            match = RECEIPT.search(reply)
            if match:
                receipt = match.group(1)
                break
            answer = next(((a or phone) for pattern, a in ANSWERS if pattern.search(reply)), None)
            if answer is None:
                self.figures.errors.append(f"unexpected question: {reply[:60]!r}")
                return
            await self.think()
            if time.monotonic() > deadline:
                return
            # A button is pressed as the widget presses it: its payload is sent, its title shown.
            payload = next((b.get("payload") for b in buttons if b.get("title") == answer), None)
            reply, buttons = await self.send(sender, payload or answer)
        if receipt is None:
            self.figures.errors.append("no receipt")
            return
        self.figures.receipts.append(receipt)
        await self.think()
        reply, _ = await self.send(sender, f"접수번호 {receipt} 처리 현황 알려주세요")
        if "전화번호" in reply and receipt not in reply:
            await self.think()
            await self.send(sender, phone)
        await self.think()
        await self.send(sender, "감사합니다")
        self.figures.conversations += 1

    async def run(self, deadline: float) -> None:
        await asyncio.sleep(self.rng.uniform(0, self.args.think[1]))  # citizens arrive over the first seconds
        while time.monotonic() < deadline:
            await self.converse(deadline)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def main(args: argparse.Namespace) -> int:
    figures = Figures()
    rng = random.Random(args.seed)
    limits = httpx.Limits(max_connections=args.citizens * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        for url in (args.api_url + "/api/v1/health", args.bot_url + "/webhooks/web/"):
            r = await client.get(url)
            if r.status_code != 200:
                raise SystemExit(f"{url} answered {r.status_code}: is the stack running (make start)?")
        deadline = time.monotonic() + args.duration
        started = time.monotonic()
        citizens = [Citizen(i, args, client, figures, random.Random(rng.random())) for i in range(args.citizens)]
        await asyncio.gather(*(c.run(deadline) for c in citizens))
        wall = time.monotonic() - started

    rt = figures.round_trips
    print(f"widget benchmark: {args.citizens} citizens, {args.duration} s, think {args.think[0]}-{args.think[1]} s")
    print(
        f"messages {len(rt)}  ({len(rt) / wall:.1f}/s)   conversations finished {figures.conversations}   "
        f"complaints filed {len(figures.receipts)} (distinct {len(set(figures.receipts))})"
    )
    print(
        f"message round trip ms: p50 {percentile(rt, 50):.1f}  p95 {percentile(rt, 95):.1f}  "
        f"p99 {percentile(rt, 99):.1f}  max {max(rt) if rt else float('nan'):.1f}  "
        f"mean {statistics.fmean(rt) if rt else 0:.1f}"
    )
    pl = figures.page_loads
    print(f"page + widget load ms: p50 {percentile(pl, 50):.1f}  p95 {percentile(pl, 95):.1f}")
    print(f"errors {len(figures.errors)}")
    for error in figures.errors[:20]:
        print("  ", error)
    return 1 if figures.errors else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=20)
    parser.add_argument("--duration", type=float, default=120, help="seconds; conversations under way are cut off")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"))
    parser.add_argument("--api-url", default="http://127.0.0.1:8000")
    parser.add_argument("--bot-url", default="http://127.0.0.1:5005")
    parser.add_argument("--seed", type=int, default=13)
    raise SystemExit(asyncio.run(main(parser.parse_args())))

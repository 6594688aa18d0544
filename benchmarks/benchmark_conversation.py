"""End-to-end message latency through the REST channel, with the action server and the API (issue 4).

Starts the whole system the way `make start` does (honcho with the Procfile) on free ports, with a throwaway
SQLite database for the API and a throwaway SQLite tracker store, then lets N citizens talk at the same
time. Each conversation greets, files a complaint (answering the form's questions), asks an FAQ, checks the
complaint's status and says thanks. The citizen answers only what the bot asks, read from its last message, and
checks that the status read back is the complaint's. Prints p50/p95/max per message, throughput, and every error.

A citizen reads the reply and types the next message: --think MIN MAX seconds (uniform, seeded) between a
reply and the next message, 2-6 s by default, which is quick for typing Korean on a phone. --think 0 0 is a
saturation test (every citizen fires the next message at once), not how people chat.

    .venv-bot/bin/python benchmarks/benchmark_conversation.py [--concurrency 20] [--conversations 100] [--think 2 6]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import List, Optional, Tuple

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))
from tests.support.processes import free_port  # noqa: E402  (the tests' free loopback port)

COMPLAINTS = [
    "집 앞 가로등이 며칠째 꺼져 있어서 밤에 너무 어두워요",
    "마을 안길에 쓰레기 무단투기가 심해요 치워주세요",
    "수돗물에서 녹물이 나와요",
    "공원 놀이터 그네가 부서져 있어요",
    "버스 정류장 앞 도로에 큰 구멍이 생겼어요",
    "개 짖는 소리 때문에 밤에 잠을 못 자요 목줄 안 한 개가 돌아다녀요",
]
PHONE = "010-3456-7890"
# The form's questions (actions/texts.py, actions/complaint_form.py) and what the citizen answers, read from the
# bot's last message of a turn: that is where a question stands (before it: who handles the complaint, a "please
# answer again"). The summary comes first, since it lists every field the other questions name.
ANSWERS = [
    (re.compile(r"이대로 접수할까요|내용이 맞으면"), "네"),
    (re.compile(r"분야 민원으로 .*진행할까요|이 분야로 접수해도 될지|민원 접수를 진행할까요"), "네"),
    (re.compile(r"어느 분야|분야를 직접 고르셔도"), "1"),
    (re.compile(r"동의하십니까|동의하시는지"), "동의합니다"),
    (re.compile(r"성함"), "홍길동"),
    (re.compile(r"전화번호"), PHONE),
    (re.compile(r"읍·면"), "전곡읍"),
    (re.compile(r"장소"), "은대리 마을회관 앞"),
    (re.compile(r"자세히 말씀해"), "밤에 길이 너무 어두워서 다니기 무섭습니다."),
]
RECEIPT = re.compile(r"접수번호: (\d{4}-\d{6,7})")
# The status check (actions/status.py, actions/status_form.py): the answer names the receipt number; a question
# asks for the receipt number or the phone (the receipt number first where one message asks for both).
STATUS_ANSWER = re.compile(r"접수번호 (\d{4}-\d{6,7}) \(.*\) 민원의 처리 상황입니다")
STATUS_NOT_FOUND = re.compile(r"확인되는 민원이 없습니다|민원을 찾지 못했습니다")
STATUS_QUESTIONS = [
    (re.compile(r"접수번호.*알려 주"), "receipt"),
    (re.compile(r"전화번호.*알려 주"), "phone"),
]


class Stack:
    """API, action server and Rasa server under honcho, on free ports, with throwaway databases."""

    def __init__(self, workdir: Path):
        self.api_port, self.action_port, self.rasa_port = free_port(), free_port(), free_port()
        endpoints = workdir / "endpoints.yml"
        # Rasa's HTTP API and the action server need their shared secrets (bot/server/access.py, bot/action_server).
        self.rasa_token, action_token = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            f'  headers:\n    X-Action-Token: "{action_token}"\n'
            f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {workdir / 'tracker.sqlite3'}\n"
            "lock_store:\n  type: in_memory\n",
            encoding="utf-8",
        )
        token = secrets.token_urlsafe(24)
        env = {
            **os.environ,
            "API_PORT": str(self.api_port),
            "ACTION_PORT": str(self.action_port),
            "RASA_PORT": str(self.rasa_port),
            "DATABASE_URL": f"sqlite:///{workdir / 'api.sqlite3'}",
            "RASA_ENDPOINTS": str(endpoints),
            "API_SERVICE_TOKEN": token,
            "API_URL": f"http://127.0.0.1:{self.api_port}",
            "RASA_URL": f"http://127.0.0.1:{self.rasa_port}",
            "PYTHONPATH": str(PROJECT_ROOT),
            "RASA_TOKEN": self.rasa_token,
            "ACTION_SERVER_TOKEN": action_token,
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            # status lookups of 20 citizens come from one IP here
            "LOOKUP_RATE_LIMIT": "100000/minute",
        }
        self.log_path = workdir / "honcho.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [str(PROJECT_ROOT / ".venv-api/bin/honcho"), "start", "-f", "Procfile"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.rest_url = f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def wait(self, seconds: float = 900) -> None:
        deadline = time.monotonic() + seconds
        checks = [f"http://127.0.0.1:{self.api_port}/api/v1/health", f"http://127.0.0.1:{self.action_port}/health"]
        while True:
            if self.proc.poll() is not None:
                sys.exit(f"the stack exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                status = httpx.get(
                    f"http://127.0.0.1:{self.rasa_port}/status",
                    timeout=2,
                    headers={"Authorization": f"Bearer {self.rasa_token}"},
                )
                if (
                    all(httpx.get(u, timeout=2).status_code == 200 for u in checks)
                    and status.status_code == 200
                    and status.json().get("model_file")
                ):
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"the stack did not start in {seconds} s:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(1)

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()


class Citizen:
    def __init__(
        self,
        client: httpx.AsyncClient,
        url: str,
        latencies: List[float],
        errors: List[str],
        think: Tuple[float, float],
        rng: random.Random,
    ):
        self.client, self.url, self.latencies, self.errors = client, url, latencies, errors
        self.think, self.rng = think, rng
        self.sender = f"bench-{uuid.uuid4().hex[:12]}"
        self.turns = 0

    async def say(self, text: str) -> Optional[List[str]]:
        """The bot's messages in answer to `text`; None after an error (recorded)."""
        if self.turns and self.think[1] > 0:
            await asyncio.sleep(self.rng.uniform(*self.think))
        self.turns += 1
        started = time.perf_counter()
        try:
            r = await self.client.post(self.url, json={"sender": self.sender, "message": text})
        except httpx.HTTPError as exc:
            self.errors.append(f"{text!r}: {type(exc).__name__}")
            return None
        self.latencies.append((time.perf_counter() - started) * 1000)
        if r.status_code != 200:
            self.errors.append(f"{text!r}: HTTP {r.status_code}")
            return None
        messages = [m["text"] for m in r.json() if m.get("text")]
        if not messages:
            self.errors.append(f"{text!r}: no answer")
            return None
        return messages

    async def file_complaint(self, complaint: str) -> Optional[str]:
        """Answers the form's questions until the bot gives the receipt number."""
        messages = await self.say(complaint)
        for _ in range(12):
            if messages is None:
                return None
            match = RECEIPT.search("\n".join(messages))
            if match:
                return match.group(1)
            answer = next((a for pattern, a in ANSWERS if pattern.search(messages[-1])), None)
            if answer is None:
                self.errors.append(f"unexpected question while filing: {messages[-1][:80]!r}")
                return None
            messages = await self.say(answer)
        self.errors.append("no receipt number after 12 answers")
        return None

    async def check_status(self, receipt: str) -> None:
        """Asks how the complaint stands and gives the receipt number or the phone only when the bot asks for it
        (a conversation that filed the complaint is usually answered at once: the bot knows both)."""
        messages = await self.say("제가 접수한 민원 처리 상황 알려주세요")
        for _ in range(3):
            if messages is None:
                return
            reply = "\n".join(messages)
            answered = STATUS_ANSWER.search(reply)
            if answered:
                if answered.group(1) != receipt:
                    self.errors.append(f"status of {answered.group(1)} read back instead of {receipt}")
                return
            if STATUS_NOT_FOUND.search(reply):
                self.errors.append(f"status of {receipt} not found: {messages[-1][:80]!r}")
                return
            asked = next((what for pattern, what in STATUS_QUESTIONS if pattern.search(messages[-1])), None)
            if asked is None:
                self.errors.append(f"unexpected reply to a status question: {messages[-1][:80]!r}")
                return
            messages = await self.say(receipt if asked == "receipt" else PHONE)
        self.errors.append(f"status of {receipt} not read back after 3 answers")

    async def converse(self, complaint: str) -> None:
        await self.say("안녕하세요")
        receipt = await self.file_complaint(complaint)
        await self.say("주민등록등본 떼려면 뭐가 필요해요?")
        if receipt:
            await self.check_status(receipt)
        await self.say("감사합니다")


async def run_load(
    url: str, concurrency: int, conversations: int, think: Tuple[float, float] = (0, 0)
) -> Tuple[List[float], List[str], float]:
    latencies: List[float] = []
    errors: List[str] = []
    rng = random.Random(20261123)
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(conversations):
        queue.put_nowait(COMPLAINTS[i % len(COMPLAINTS)])

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            complaint = queue.get_nowait()
            await Citizen(client, url, latencies, errors, think, rng).converse(complaint)

    started = time.perf_counter()
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


def percentile(values: List[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(2.0, 6.0),
        metavar=("MIN", "MAX"),
        help="seconds a citizen takes to read and type between messages",
    )
    args = parser.parse_args()
    model = PROJECT_ROOT / "models" / "current.tar.gz"
    if not model.exists():
        sys.exit("no trained model: run scripts/train_if_needed.sh first")

    with tempfile.TemporaryDirectory(prefix="bench-conv-") as tmp:
        stack = Stack(Path(tmp))
        try:
            stack.wait()
            # One conversation first so that every process has loaded and warmed up what it needs.
            asyncio.run(run_load(stack.rest_url, 1, 1))
            latencies, errors, elapsed = asyncio.run(
                run_load(stack.rest_url, args.concurrency, args.conversations, tuple(args.think))
            )
        finally:
            stack.stop()

    print(
        f"\nconversation benchmark: {args.conversations} conversations, {args.concurrency} at a time, "
        f"{args.think[0]:g}-{args.think[1]:g} s between a reply and the next message, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("| messages | msg/s | p50 ms | p95 ms | max ms | errors |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {len(latencies)} | {len(latencies) / elapsed:.1f} | {percentile(latencies, 50):.1f} | "
        f"{percentile(latencies, 95):.1f} | {max(latencies):.1f} | {len(errors)} |"
    )
    for error in errors[:20]:
        print("error:", error)


if __name__ == "__main__":
    main()

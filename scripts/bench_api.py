#!/usr/bin/env python
"""Benchmark of the complaint API: creation and status lookup at N concurrent clients against a real
uvicorn server, on SQLite and on a throwaway PostgreSQL (started and removed by this script).

    .venv-api/bin/python scripts/bench_api.py                 # both backends, 50 clients
    .venv-api/bin/python scripts/bench_api.py --backends sqlite --clients 50 --lookups 5000

The load generator is a minimal keep-alive HTTP/1.1 client on asyncio, so that on a small machine the
client's own overhead does not dominate what is measured. Traffic goes only to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.testing import LiveServer, TemporaryPostgres  # noqa: E402

TOKEN = "bench-service-token"
PHONES = [f"010-{random.Random(i).randint(2000, 9999)}-{i:04d}" for i in range(500)]


def complaint(i: int) -> dict:
    return {
        "channel": "web", "category": "road_traffic", "kind": "grievance",
        "description": f"벤치마크 민원 {i}: 도로 파손 신고입니다.", "township": "전곡읍",
        "citizen_name": "홍길동", "phone": PHONES[i % len(PHONES)],
        "privacy_consent": {"agreed": True, "version": "2026-01"},
    }


class Conn:
    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def post(self, path: str, body: dict, headers: dict[str, str]) -> tuple[int, bytes]:
        payload = json.dumps(body, ensure_ascii=False).encode()
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        self.writer.write(head.encode() + payload)
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        data = await self.reader.readexactly(length) if length else b""
        return status, data

    def close(self):
        if self.writer:
            self.writer.close()


async def run_phase(port: int, clients: int, total: int, make_request) -> dict:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def client(cid: int):
        nonlocal errors
        conn = Conn(port)
        await conn.open()
        try:
            for i in counter:
                path, body, headers, ok = make_request(i)
                start = time.perf_counter()
                try:
                    status, data = await conn.post(path, body, headers)
                except (ConnectionError, asyncio.IncompleteReadError):
                    errors += 1
                    conn.close()
                    conn = Conn(port)
                    await conn.open()
                    continue
                latencies.append(time.perf_counter() - start)
                if status not in ok:
                    errors += 1
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(c) for c in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / elapsed,
            "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000, "max": latencies[-1] * 1000}


def bench_backend(name: str, url: str, args) -> list[tuple]:
    env = {"DATABASE_URL": url, "API_SERVICE_TOKEN": TOKEN, "APP_ENV": "production", "AUTO_MIGRATE": "true",
           "LOOKUP_RATE_LIMIT": "100000000/minute", "SESSION_SECRET": "bench"}
    rows = []
    with LiveServer(env, workers=args.workers) as server:
        service = {"Authorization": f"Bearer {TOKEN}"}
        created: list[tuple[str, str]] = []
        run_id = random.randrange(10**9)

        def create_req(i):
            return ("/api/v1/complaints", complaint(i), {**service, "Idempotency-Key": f"bench-{run_id}-{i}"}, {201})

        result = asyncio.run(run_phase(server.port, args.clients, args.creates, create_req))
        rows.append((name, "create", result))
        # Collect receipt numbers for the lookups (service phone listing).
        import httpx

        for phone in PHONES[: min(len(PHONES), args.creates)]:
            r = httpx.post(server.base_url + "/api/v1/complaints/lookup", json={"phone": phone}, headers=service)
            created += [(c["receipt_number"], phone[-4:]) for c in r.json()["complaints"]]
        rng = random.Random(7)

        def lookup_req(i):
            receipt, last4 = created[rng.randrange(len(created))]
            return ("/api/v1/complaints/lookup", {"receipt_number": receipt, "phone": last4}, {}, {200})

        asyncio.run(run_phase(server.port, args.clients, min(500, args.lookups), lookup_req))  # warm-up
        result = asyncio.run(run_phase(server.port, args.clients, args.lookups, lookup_req))
        rows.append((name, "lookup", result))
        if "Traceback" in server.output():
            print(server.output()[-3000:], file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--creates", type=int, default=1000)
    parser.add_argument("--lookups", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()
    rows = []
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                rows += bench_backend("sqlite", f"sqlite:///{tmp}/bench.sqlite3", args)
        elif backend == "postgres":
            with TemporaryPostgres() as pg:
                rows += bench_backend("postgres", pg.url(pg.create_database("bench")), args)
        else:
            parser.error(f"unknown backend {backend}")
    print(f"\n{args.clients} concurrent clients, uvicorn workers={args.workers}")
    print(f"{'backend':<9} {'operation':<9} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for backend, op, r in rows:
        print(f"{backend:<9} {op:<9} {r['requests']:>8} {r['errors']:>6} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['p99']:>8.1f} {r['max']:>8.1f}")
    return 0 if all(r["errors"] == 0 for _, _, r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())

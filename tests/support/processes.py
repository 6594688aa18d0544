"""Server processes for the tests: a free loopback port, and one runner that starts a server, waits until
its HTTP readiness check answers and stops it, with the server's output in a log file."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Mapping, Sequence

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port nobody listens on (bound and released; other agents' servers share the machine)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers_200(response: httpx.Response) -> bool:
    return response.status_code == 200


class ServerProcess:
    """A server (the API, the action server, Rasa) run from the project root, its output in `log_dir`/<name>.log;
    `start` returns once `ready_url` passes `ready`, and raises with the end of the log if the process exits or
    the time runs out."""

    def __init__(
        self,
        name: str,
        args: Sequence[str],
        env: Mapping[str, str],
        ready_url: str,
        log_dir: Path,
        ready: Callable[[httpx.Response], bool] = answers_200,
    ):
        self.name = name
        self.args = [str(a) for a in args]
        self.env = dict(env)
        self.ready_url = ready_url
        self.ready = ready
        self.log_path = Path(log_dir) / f"{name}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "ServerProcess":
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                self.args, cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.output()[-4000:]}")
            try:
                if self.ready(httpx.get(self.ready_url, timeout=2)):
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not start in {timeout} s:\n{self.output()[-4000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> "ServerProcess":
        # `with server:` starts it; `with server.start(timeout):` only stops it afterwards.
        return self if self.proc else self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

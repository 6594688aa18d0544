"""The real API as a server process (uvicorn from .venv-api) on a free port, for every suite that needs one."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Mapping, Sequence

from tests.support.processes import PROJECT_ROOT, ServerProcess, free_port

API_PYTHON = PROJECT_ROOT / ".venv-api" / "bin" / "python"


class ApiServer(ServerProcess):
    """`uvicorn <app>` (by default api.main:app) with the given environment; ready when /api/v1/health answers."""

    def __init__(self, env: Mapping[str, str], log_dir: Path, app: Sequence[str] = ("api.main:app",), workers: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [
            API_PYTHON,
            "-m",
            "uvicorn",
            *app,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        if workers > 1:
            args += ["--workers", str(workers)]
        super().__init__("uvicorn", args, env, f"{self.url}/api/v1/health", log_dir)

    def seed_demo_staff(self) -> None:
        """The demo staff accounts (api.staff.seed_demo), so a test can read a record as an administrator."""
        seeded = subprocess.run(
            [str(API_PYTHON), "-m", "api.staff.seed_demo"],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if seeded.returncode != 0:
            raise RuntimeError(f"seeding the demo staff failed:\n{seeded.stderr}")

"""A throwaway PostgreSQL cluster (initdb + pg_ctl in a temp dir on a free port) for the API tests and the
API benchmark (scripts/bench_api.py)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.support.processes import free_port


def find_pg_bindir() -> Path | None:
    env = os.environ.get("PG_BINDIR")
    if env and (Path(env) / "initdb").exists():
        return Path(env)
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]), reverse=True
    )
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class TemporaryPostgres:
    """initdb + pg_ctl in a temp dir on a free port; as root, the server runs as the `postgres` user."""

    def __init__(self, bindir: Path | None = None):
        self.bindir = bindir or find_pg_bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found; run scripts/ensure_services.sh")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="api-pg-"))
        self.data = self.dir / "data"
        self.user = None
        if os.geteuid() == 0:
            # postgres refuses to run as root: use the Debian package's system user, creating it if absent.
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                subprocess.run(
                    ["useradd", "--system", "--no-create-home", "--shell", "/bin/sh", "postgres"], check=True
                )
            self.user = "postgres"
            shutil.chown(self.dir, user="postgres")

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            runuser = shutil.which("runuser")
            cmd = (
                [runuser, "-u", self.user, "--", *cmd]
                if runuser
                else ["su", self.user, "-s", "/bin/sh", "-c", " ".join(cmd)]
            )
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=self.dir)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}\n{result.stderr}")

    def start(self) -> "TemporaryPostgres":
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"
        )
        opts = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            f"-c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.dir / "server.log"), "-w", "-t", "60", "start"
        )
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except RuntimeError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(sql)

    def server_version(self) -> int:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres") as conn:
            return conn.info.server_version

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        if template and self.server_version() >= 150000:
            sql += " STRATEGY FILE_COPY"  # much faster than WAL-logging every page of a small template
        self.admin(sql)
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def __enter__(self) -> "TemporaryPostgres":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

"""
The databases and the cache the benchmarks run on, one place for bench/run.py and
bench/mixed.py: a fresh SQLite file, or PostgreSQL 15 and Redis on loopback started as
.ci/run starts them (role `dugout`, password `dugout-ci`, CREATEDB), with a database of
the benchmark's own that is dropped and created again each run.
"""

import os
import subprocess
import time
from pathlib import Path

PG_ROLE = (
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dugout') THEN "
    "CREATE ROLE dugout LOGIN CREATEDB PASSWORD 'dugout-ci'; END IF; END $$;"
)


def _as_root():
    return [] if os.geteuid() == 0 else ["sudo"]


def sqlite(path):
    """A SQLite database at `path`, its old file (and journal) removed first."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def postgres(database):
    """PostgreSQL 15 running, the `dugout` role, and `database` empty and owned by it."""
    subprocess.run([*_as_root(), "pg_ctlcluster", "15", "main", "start"], capture_output=True)
    psql = [*_as_root(), "su", "postgres", "-c"]
    for _ in range(30):
        if subprocess.run([*psql, "psql -qAtc 'select 1'"], capture_output=True).returncode == 0:
            break
        time.sleep(1)
    subprocess.run([*psql, "psql -q"], input=PG_ROLE, text=True, check=True, capture_output=True)
    # --force: a gunicorn left over from an interrupted run must not keep the old one alive.
    subprocess.run(
        [*psql, f"dropdb --if-exists --force {database}"], check=True, capture_output=True
    )
    subprocess.run([*psql, f"createdb -O dugout {database}"], check=True, capture_output=True)
    return f"postgres://dugout:dugout-ci@127.0.0.1:5432/{database}"


def _redis_answers():
    return subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True).returncode == 0


def redis(db):
    """Redis on 127.0.0.1:6379 (started if it is not running), database `db` emptied."""
    if not _redis_answers():
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379"]
            + ["--save", "", "--appendonly", "no"],
            check=True,
        )
        for _ in range(30):
            if _redis_answers():
                break
            time.sleep(0.2)
    subprocess.run(["redis-cli", "-p", "6379", "-n", str(db), "flushdb"], capture_output=True)
    return f"redis://127.0.0.1:6379/{db}"

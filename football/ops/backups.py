"""Back up and restore the site's data: shared by the backup and restore commands.

On PostgreSQL a backup is `pg_dump -Fc` (the whole database, restored with
`pg_restore --clean`); on any database it can be a gzipped JSON dump of the content,
the accounts and every revision (restored with `loaddata` after emptying the tables).
"""

import datetime
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

# Rebuilt by migrate, or not worth keeping: sessions, the admin's action log, lock-outs.
JSON_EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]


def default_directory():
    return Path(settings.BASE_DIR) / "backups"


def is_postgresql(database="default"):
    return connections[database].vendor == "postgresql"


def timestamp():
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def kind_of(path):
    name = str(path)
    if name.endswith((".json", ".json.gz")):
        return "json"
    if name.endswith(".dump"):
        return "pg"
    raise CommandError(
        f"{path}: a backup ends in .json.gz, .json (loaddata) or .dump (pg_restore)."
    )


def pg_connection(database="default"):
    """Arguments and environment for pg_dump/pg_restore from the Django settings."""
    db = connections[database].settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env, db["NAME"]


def pg_tool(name):
    tool = shutil.which(name)
    if tool is None:
        raise CommandError(
            f"{name} is not installed; install the PostgreSQL client (apt-get install "
            "postgresql-client) or use --format json."
        )
    return tool


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def empty_database(database="default"):
    """Empty every table, as `manage.py flush` does (migrate's rows are re-created)."""
    call_command("flush", interactive=False, database=database, verbosity=0)


@contextmanager
def history_off():
    """Write no revisions while loading a backup: it holds the real ones.

    django-simple-history reads SIMPLE_HISTORY_ENABLED on every save and m2m change
    (loaddata's m2m writes would otherwise each add a revision)."""
    missing = object()
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", missing)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        if previous is missing:
            del settings.SIMPLE_HISTORY_ENABLED
        else:
            settings.SIMPLE_HISTORY_ENABLED = previous

from pathlib import Path

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from football.ops import backups

SUFFIXES = {"json": ".json.gz", "pg": ".dump"}


class Command(BaseCommand):
    help = (
        "Write a backup to backups/dugout-<UTC time>.json.gz (dumpdata with natural foreign "
        "keys), or .dump (pg_dump -Fc) when the database is PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            dest="kind",
            choices=["auto", "json", "pg"],
            default="auto",
            help="auto (the default): pg on PostgreSQL, json elsewhere.",
        )
        parser.add_argument("--output", help="File to write (default: backups/dugout-<time>...).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, kind, output, database, **options):
        if kind == "auto":
            kind = "pg" if backups.is_postgresql(database) else "json"
        if output:
            path = Path(output)
        else:
            path = backups.default_directory() / f"dugout-{backups.timestamp()}{SUFFIXES[kind]}"
        if backups.kind_of(path) != kind:
            raise CommandError(f"{path}: a {kind} backup must end in {SUFFIXES[kind]}.")
        path.parent.mkdir(parents=True, exist_ok=True)

        # Written under a temporary name and renamed when complete, so a failed run
        # never leaves a file that looks like a backup.
        suffix = next(s for s in (".json.gz", ".json", ".dump") if path.name.endswith(s))
        partial = path.with_name(f"{path.name.removesuffix(suffix)}.partial{suffix}")
        try:
            if kind == "pg":
                args, env, name = backups.pg_connection(database)
                backups.run(
                    [backups.pg_tool("pg_dump"), "--format=custom", "--no-owner"]
                    + ["--no-privileges"]
                    + args
                    + ["--file", str(partial), name],
                    env,
                )
            else:
                serializers.register_serializer("exact-json", "football.ops.exact_json")
                # Primary keys are kept: revisions refer to their record by its id, so
                # renumbering records on the way back in would attach history to the
                # wrong manager or story. Foreign keys to rows that migrate re-creates
                # (permissions) and to accounts are written as natural keys.
                call_command(
                    "dumpdata",
                    format="exact-json",
                    natural_foreign=True,
                    exclude=backups.JSON_EXCLUDE,
                    output=str(partial),
                    database=database,
                    verbosity=0,
                )
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(path)
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size:,} bytes)")

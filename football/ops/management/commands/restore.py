from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from football.ops import backups
from football.pagecache.store import bump_content_version


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup: loaddata for .json.gz/.json "
        "(after emptying every table, in one transaction), pg_restore --clean for .dump."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by the backup command.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", default=True
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, interactive, database, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No backup at {path}.")
        kind = backups.kind_of(path)
        if interactive:
            answer = input(
                f"This replaces everything in the database with {path}. Type 'yes' to go on: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")

        if kind == "pg":
            if not backups.is_postgresql(database):
                raise CommandError(f"{path} is a PostgreSQL dump; this database is not PostgreSQL.")
            args, env, name = backups.pg_connection(database)
            backups.run(
                [backups.pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
                + ["--no-privileges", "--single-transaction"]
                + args
                + ["--dbname", name, str(path)],
                env,
            )
        else:
            # Loading must not write revisions of its own: the backup holds the real ones.
            with (
                transaction.atomic(using=database),
                backups.history_off(),
            ):
                call_command("flush", interactive=False, database=database, verbosity=0)
                # flush re-creates the Editors group (post_migrate); the backup has its own.
                Group.objects.using(database).all().delete()
                call_command("loaddata", str(path), database=database, verbosity=0)
        # Restores write no signals (pg_restore, raw loaddata): every page is stale.
        bump_content_version()
        self.stdout.write(f"Restored {path}.")

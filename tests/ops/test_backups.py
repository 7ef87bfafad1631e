"""Backups: the seed data, accounts and revisions survive backup -> empty -> restore."""

import datetime
import gzip
import io
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from football.careers.models import Club, Honour, Manager, Source, Tenure
from football.news.models import Story
from football.ops import backups

CONTENT_APPS = ["careers", "news"]


def counts():
    """Rows per model of the content apps (revisions included) and of the accounts."""
    models = [m for app in CONTENT_APPS for m in apps.get_app_config(app).get_models()]
    models += [User, Group]
    return {m._meta.label: m.objects.count() for m in models}


def snapshot():
    allegri = Manager.objects.get(slug="massimiliano-allegri")
    story = Story.objects.published().first()
    return {
        "counts": counts(),
        "allegri": (allegri.pk, allegri.full_name, allegri.birth_date, allegri.biography),
        "allegri_spells": [
            (t.pk, t.club.slug, t.started_on, t.ended_on, t.departure, t.notes)
            for t in allegri.tenures.order_by("started_on")
        ],
        "allegri_revisions": sorted(allegri.history.values_list("history_id", "history_type")),
        "honours": sorted(
            (h.competition.slug, h.season, h.result, h.tenure.manager.slug, h.tenure.club.slug)
            for h in Honour.objects.select_related("competition", "tenure__manager", "tenure__club")
        ),
        "spell_sources": sorted(
            (t.pk, s.url)
            for t in Tenure.objects.prefetch_related("sources")
            for s in t.sources.all()
        ),
        "story": (story.slug, story.headline, story.body, story.published_at, story.status),
        "story_links": (
            sorted(story.managers.values_list("slug", flat=True)),
            sorted(story.clubs.values_list("slug", flat=True)),
            sorted(story.tenures.values_list("pk", flat=True)),
            sorted(story.sources.values_list("url", flat=True)),
        ),
        "story_quotes": list(story.quotes.values_list("speaker", "text", "platform")),
        "editors": sorted(
            Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
        ),
        "users": sorted(User.objects.values_list("username", "password", "is_superuser")),
        "juventus": list(Club.objects.filter(slug="juventus").values()),
    }


@pytest.fixture
def site(seeded):
    """The seed data plus what a live site accumulates: accounts, edits, a deleted record."""
    User.objects.create_superuser("boss", "boss@example.com", "a long enough password")
    editor = User.objects.create_user(
        "ed", "ed@example.com", "another long password", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    allegri = Manager.objects.get(slug="massimiliano-allegri")
    allegri.biography += "\n\nEdited after the seed."
    allegri._history_user = editor
    allegri.save()
    # A gap in the primary keys: restored records must keep theirs, or revisions
    # (which refer to their record by id) would follow the wrong record.
    Source.objects.create(url="https://example.com/gone", publisher="Gone").delete()
    Manager.objects.create(full_name="Short Lived", short_name="Lived", slug="short-lived").delete()
    Manager.objects.create(full_name="Arrived Later", short_name="Later", slug="arrived-later")


# Committed transactions, as in real use: PostgreSQL will not empty a table (TRUNCATE)
# that the same transaction has just written to, which a test's wrapping transaction does.
# The flush after each such test is followed by post_migrate, which puts the Editors
# group back (football.ops.editors).
restores = pytest.mark.django_db(transaction=True)


@restores
def test_backup_flush_restore_loses_nothing(site, tmp_path):
    before = snapshot()
    assert before["counts"]["careers.HistoricalManager"] > 0
    assert len(before["honours"]) > 0 and len(before["story_links"][0]) > 1

    target = tmp_path / "site.json.gz"
    out = io.StringIO()
    call_command("backup", "--format", "json", "--output", str(target), stdout=out)
    assert f"Backup written: {target}" in out.getvalue()

    backups.empty_database()
    assert counts()["careers.Manager"] == 0 and counts()["auth.User"] == 0

    call_command("restore", str(target), "--noinput", stdout=io.StringIO())
    assert snapshot() == before
    later = Manager.objects.get(slug="arrived-later")
    assert later.history.get().full_name == "Arrived Later"
    assert User.objects.get(username="boss").check_password("a long enough password")


@restores
def test_restore_replaces_what_is_there(site, tmp_path):
    before = snapshot()
    target = tmp_path / "site.json.gz"
    call_command("backup", "--format", "json", "--output", str(target), stdout=io.StringIO())
    Story.objects.all().delete()
    Manager.objects.filter(slug="arrived-later").update(full_name="Renamed")
    Manager.objects.create(full_name="After The Backup", short_name="After", slug="after")

    call_command("restore", str(target), "--noinput", stdout=io.StringIO())
    assert snapshot() == before
    assert not Manager.objects.filter(slug="after").exists()


def test_the_json_backup_leaves_out_what_migrate_rebuilds(site, tmp_path):
    target = tmp_path / "site.json.gz"
    call_command("backup", "--format", "json", "--output", str(target), stdout=io.StringIO())
    rows = json.loads(gzip.decompress(target.read_bytes()))
    labels = {row["model"] for row in rows}
    assert {"careers.manager", "news.story", "careers.historicalmanager", "auth.user"} <= labels
    assert not labels & {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    assert not any(label.startswith(("axes.", "admin.")) for label in labels)
    editors = next(r for r in rows if r["model"] == "auth.group")
    # Permissions by natural key, so they match whatever ids migrate gives them.
    assert ["change_story", "news", "story"] in editors["fields"]["permissions"]


@restores
def test_a_failed_restore_changes_nothing(site, tmp_path):
    before = snapshot()
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "careers.manager", "pk": 1, "fields": {"slug": null}}]')
    with pytest.raises(Exception):  # noqa: B017 - whichever error the database raises
        call_command("restore", str(broken), "--noinput", stdout=io.StringIO())
    assert snapshot() == before


def test_backup_names_its_file_by_the_time(db, tmp_path):
    with override_settings(BASE_DIR=tmp_path):
        call_command("backup", "--format", "json", stdout=io.StringIO())
    [written] = (tmp_path / "backups").iterdir()
    assert re.fullmatch(r"dugout-\d{8}T\d{6}Z\.json\.gz", written.name)
    stamp = datetime.datetime.strptime(written.name[7:23], "%Y%m%dT%H%M%SZ")
    assert abs(stamp - datetime.datetime.now(datetime.UTC).replace(tzinfo=None)).seconds < 60


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["restore", "missing.json.gz", "--noinput"], "No backup at missing.json.gz."),
        (
            ["backup", "--format", "json", "--output", "x.dump"],
            "a json backup must end in .json.gz",
        ),
    ],
)
def test_clear_refusals(db, arguments, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command(*arguments, stdout=io.StringIO())


def test_restore_refuses_an_unknown_kind_of_file(db, tmp_path):
    other = tmp_path / "site.sql"
    other.write_text("")
    with pytest.raises(CommandError, match=r"ends in \.json\.gz, \.json .* or \.dump"):
        call_command("restore", str(other), "--noinput")


def test_restore_asks_first(db, tmp_path, monkeypatch):
    target = tmp_path / "site.json.gz"
    call_command("backup", "--format", "json", "--output", str(target), stdout=io.StringIO())
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled."):
        call_command("restore", str(target))


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
)


@needs_postgresql
@restores
def test_pg_dump_round_trip(tmp_path):
    call_command("seed", stdout=io.StringIO())
    User.objects.create_superuser("boss", "boss@example.com", "a long enough password")
    before = snapshot()
    target = tmp_path / "site.dump"
    call_command("backup", "--output", str(target), stdout=io.StringIO())  # auto: pg on PostgreSQL
    assert target.read_bytes()[:5] == b"PGDMP"

    Story.objects.all().delete()
    Manager.objects.filter(slug="massimiliano-allegri").update(full_name="Renamed")
    call_command("restore", str(target), "--noinput", stdout=io.StringIO())
    connection.close()
    assert snapshot() == before


def test_backups_module_knows_the_kinds():
    assert backups.kind_of("a.json.gz") == "json"
    assert backups.kind_of("a.dump") == "pg"


def test_a_failed_backup_leaves_no_file(db, tmp_path, monkeypatch):
    def half_a_dump(*args, output, **kwargs):
        Path(output).write_text("[{")
        raise RuntimeError("disk full")

    monkeypatch.setattr("football.ops.management.commands.backup.call_command", half_a_dump)
    with pytest.raises(RuntimeError, match="disk full"):
        call_command("backup", "--format", "json", "--output", str(tmp_path / "x.json.gz"))
    assert list(tmp_path.iterdir()) == []

"""
`make bench-admin`: each admin page's time and query count, on the database in DATABASE_URL
(by default bench/results/admin.sqlite3, kept between runs).

The pages are requested in this process with Django's test client, logged in as a
superuser, without the test framework's template instrumentation. Each page is fetched
once to warm up, then BENCH_REPEAT times (default 5); the table shows the median time.

Data: the database is migrated and seeded; if it holds no synthetic data yet, `populate`
runs with BENCH_MANAGERS / BENCH_CLUBS / BENCH_STORIES (default 1000 / 100 / 2000:
clubs with about 100 spells). A club and a manager with 1,000 spells and a manager with
100 are added once (slugs bench-admin-*). For the 10,000-manager lists, populate the
database yourself first (populate --managers 10000 --clubs 1000 --stories 20000 --seed 2).
"""

import datetime
import io
import os
import statistics
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
SIZES = {
    "managers": os.environ.get("BENCH_MANAGERS", "1000"),
    "clubs": os.environ.get("BENCH_CLUBS", "100"),
    "stories": os.environ.get("BENCH_STORIES", "2000"),
}
BENCH = "bench-admin"


class FormFields(HTMLParser):
    """The (name, value) pairs a browser would post from the form with `form_id`."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "image", "file", "reset"):
                self.fields.append(
                    (name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
                )
        elif tag == "select" and name:
            self.select = {"name": name, "first": None, "chosen": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"] or [self.select["first"] or ""]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.fields.append((name, text.removeprefix("\n")))
            self.textarea = None


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def as_post(fields):
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def prepare():
    from django.core.management import call_command

    from football.careers.models import Manager

    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed", verbosity=0)
    if not Manager.objects.filter(slug__startswith="synthetic-").exists():
        print("populate:", ", ".join(f"{k} {v}" for k, v in SIZES.items()), flush=True)
        args = [f"--{name}={value}" for name, value in SIZES.items()]
        call_command("populate", *args, "--seed=1", stdout=io.StringIO())
    return long_histories()


def long_histories():
    """A club and a manager with 1,000 spells, and a manager with 100 (added once)."""
    from django.db import connection

    from football.careers.models import Club, Manager, Role, Tenure
    from football.ops.analyze import refresh_statistics

    club, made = Club.objects.get_or_create(
        slug=f"{BENCH}-club",
        defaults={"name": "Bench Admin FC", "short_name": "Bench Admin", "country": "Benchland"},
    )
    long = Manager.objects.get_or_create(
        slug=f"{BENCH}-1000", defaults={"full_name": "Thousand Spells", "short_name": "Thousand"}
    )[0]
    hundred = Manager.objects.get_or_create(
        slug=f"{BENCH}-100", defaults={"full_name": "Hundred Spells", "short_name": "Hundred"}
    )[0]
    if made:
        day = datetime.date(1900, 1, 1)
        spells = []
        for i in range(1000):  # one chain in charge: each spell ends as the next begins
            end = day + datetime.timedelta(days=40)
            role = Role.CARETAKER if i % 5 == 4 else Role.HEAD_COACH
            spells.append(Tenure(manager=long, club=club, role=role, started_on=day, ended_on=end))
            day = end
        spells[-1].ended_on = None
        start = datetime.date(1950, 1, 1)
        spells += [
            Tenure(
                manager=hundred,
                club=club,
                role=Role.ASSISTANT,
                started_on=start + datetime.timedelta(days=200 * i),
                ended_on=start + datetime.timedelta(days=200 * i + 150),
            )
            for i in range(100)
        ]
        Tenure.objects.bulk_create(spells, batch_size=500)
        # Their statistics, as populate takes the others' and autovacuum would take on a
        # site at rest (1,100 rows in 100,000 are too few to trigger it): without them
        # PostgreSQL plans the long histories' pages as if they held a few spells.
        refresh_statistics(connection, Tenure._meta.db_table)
    return club, long, hundred


def pages(club_1000, manager_1000, manager_100):
    from django.db.models import Count
    from django.urls import reverse

    from football.careers.models import Club, Honour, Manager, Source, Tenure
    from football.news.models import Story

    def change(model, obj):
        return reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )

    def changelist(name, query=""):
        return reverse(f"admin:{name}_changelist") + query

    juventus = Club.objects.get(slug="juventus")
    club_100 = (
        Club.objects.filter(slug__startswith="synthetic-")
        .annotate(n=Count("tenures"))
        .order_by("-n")
        .first()
    )
    allegri = Manager.objects.get(slug="massimiliano-allegri")
    spell = Tenure.objects.filter(club=club_100).order_by("-started_on").first()
    return [
        (f"club change, {juventus.tenures.count()} spells", change(Club, juventus), "club_form"),
        (f"club change, {club_100.n} spells", change(Club, club_100), "club_form"),
        (f"club change, {club_1000.tenures.count()} spells", change(Club, club_1000), "club_form"),
        (f"manager change, {allegri.tenures.count()} spells", change(Manager, allegri), None),
        ("manager change, 100 spells", change(Manager, manager_100), None),
        ("manager change, 1000 spells", change(Manager, manager_1000), None),
        (
            f"appoint at a club of {club_100.n} spells",
            reverse("admin:careers_club_appoint", args=[club_100.pk]),
            None,
        ),
        ("spell change", change(Tenure, spell), "tenure_form"),
        ("manager list", changelist("careers_manager"), None),
        ("manager search 'rossi'", changelist("careers_manager", "?q=rossi"), None),
        ("club list", changelist("careers_club"), None),
        ("club search 'alba'", changelist("careers_club", "?q=alba"), None),
        ("spell list", changelist("careers_tenure"), None),
        ("spell search 'rossi'", changelist("careers_tenure", "?q=rossi"), None),
        (
            "spells of one club",
            changelist("careers_tenure", f"?club__id__exact={club_1000.pk}"),
            None,
        ),
        ("honour list", changelist("careers_honour"), None),
        ("honour search 'cup'", changelist("careers_honour", "?q=cup"), None),
        ("source list", changelist("careers_source"), None),
        ("source search 'wire'", changelist("careers_source", "?q=wire"), None),
        ("story list", changelist("news_story"), None),
        ("story search 'allegri'", changelist("news_story", "?q=allegri"), None),
        ("spells to confirm", changelist("careers_spelltoconfirm"), None),
        ("story change", change(Story, Story.objects.order_by("-pk").first()), None),
        ("honour change", change(Honour, Honour.objects.order_by("-pk").first()), None),
        ("source change", change(Source, Source.objects.order_by("-pk").first()), None),
    ], (f"club save (POST), {club_100.n} spells", change(Club, club_100), "club_form")


def measure(client, method, url, data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, response, queries = [], None, 0
    for i in range(REPEAT + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = getattr(client, method)(url, data) if data else client.get(url)
            elapsed = time.perf_counter() - started
        if i:  # the first one warms caches up
            timings.append(elapsed * 1000)
            queries = len(captured)
    return response, statistics.median(timings), queries


def main():
    sys.path.insert(0, str(ROOT))
    default_db = f"sqlite:///{ROOT / 'bench' / 'results' / 'admin.sqlite3'}"
    os.environ.setdefault("DATABASE_URL", default_db)
    os.environ.setdefault("SECRET_KEY", "bench-admin-only")
    os.environ["STATIC_MANIFEST"] = "false"  # no collectstatic needed
    os.environ["PAGE_CACHE"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "football.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    club, long, hundred = prepare()
    user = User.objects.filter(username=BENCH).first() or User.objects.create_superuser(
        BENCH, f"{BENCH}@example.com", None
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    targets, save = pages(club, long, hundred)
    print(f"Admin pages on {connection.vendor} (median of {REPEAT}, after one warm-up)\n")
    print("| page | status | ms | queries | KB | fields posted |\n|---|---:|---:|---:|---:|---:|")
    for label, url, form_id in targets:
        response, ms, queries = measure(client, "get", url)
        html = response.content.decode()
        fields = len(form_fields(html, form_id)) if form_id else ""
        print(
            f"| {label} | {response.status_code} | {ms:.0f} | {queries} | {len(html) // 1024} | {fields} |"
        )
    label, url, form_id = save
    fields = form_fields(client.get(url).content.decode(), form_id) + [("_save", "Save")]
    response, ms, queries = measure(client, "post", url, as_post(fields))
    print(f"| {label} | {response.status_code} | {ms:.0f} | {queries} | | {len(fields)} |")


if __name__ == "__main__":
    main()

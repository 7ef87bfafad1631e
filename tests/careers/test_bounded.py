"""A club with a century of spells is shown a page at a time; its page stays light."""

import datetime
import re

import brotli
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from football.careers.models import Manager, Role, Tenure
from tests.pages_helpers import html, text

D = datetime.date
pytestmark = pytest.mark.django_db
SPELLS = 120


@pytest.fixture
def old_club(make_club):
    """A club whose 120 managers followed each other every 300 days since 1920."""
    club = make_club(short_name="Old Club", slug="old-club")
    managers = Manager.objects.bulk_create(
        Manager(full_name=f"Coach Number {i}", short_name=f"N{i}", slug=f"coach-number-{i}")
        for i in range(SPELLS)
    )
    day = D(1920, 1, 1)
    spells = []
    for i, manager in enumerate(managers):
        end = day + datetime.timedelta(days=300) if i < SPELLS - 1 else None
        role = Role.CARETAKER if i % 10 == 5 else Role.HEAD_COACH
        spells.append(Tenure(manager=manager, club=club, role=role, started_on=day, ended_on=end))
        day = end
    Tenure.objects.bulk_create(spells)
    return club


def club_page(client, club, **params):
    return client.get(reverse("careers:club_detail", args=[club.slug]), params)


def rows(response):
    return re.findall(r'<th scope="row"><a href="/managers/([^/]+)/">', html(response))


def test_the_history_is_shown_twenty_five_spells_a_page_newest_first(client, old_club):
    first = club_page(client, old_club)
    assert rows(first)[:2] == ["coach-number-119", "coach-number-118"]
    assert len(rows(first)) == 25
    assert "Spells 1–25 of 120, newest first." in text(first)
    assert 'href="?page=2"' in html(first)
    last = club_page(client, old_club, page="5")
    assert len(rows(last)) == 20 and rows(last)[-1] == "coach-number-0"
    assert "page 5" in text(last)


def test_every_page_names_who_is_in_charge_and_spans_the_whole_history(client, old_club):
    last = club_page(client, old_club, page="5")
    assert "Coach Number 119 (head coach since" in text(last)
    svg = re.search(r"<svg.*?</svg>", html(last), re.S).group(0)
    assert ">1920</text>" in svg  # the axis starts with the club's first spell
    assert svg.count("<rect ") == 20


def test_pages_keep_the_day_they_are_seen_on(client, old_club):
    response = club_page(client, old_club, on="1990-01-01")
    assert 'href="?on=1990-01-01&amp;page=2"' in html(response)
    assert "coach-number-119" not in rows(response)


def test_a_wrong_page_is_explained_or_not_found(client, old_club):
    assert club_page(client, old_club, page="two").status_code == 400
    assert club_page(client, old_club, page="6").status_code == 404


def test_the_page_weight_and_queries_do_not_grow_with_the_history(client, old_club, settings):
    settings.PAGE_CACHE = False
    response = club_page(client, old_club)
    assert len(brotli.compress(response.content)) < 30_000
    with CaptureQueriesContext(connection) as first:
        club_page(client, old_club)
    with CaptureQueriesContext(connection) as later:
        club_page(client, old_club, page="5")
    # A later page also asks who is in charge now, which is not among its spells, and
    # finds its spells' keys first (a deferred join), then reads them by those.
    assert len(later) == len(first) + 2


@pytest.fixture
def long_career(make_manager, make_club):
    """A manager with 70 spells at 70 clubs, one after another since 1950."""
    manager = make_manager(full_name="Journey Man", slug="journey-man")
    day, spells = D(1950, 1, 1), []
    for i in range(70):
        end = day + datetime.timedelta(days=200) if i < 69 else None
        spells.append(Tenure(manager=manager, club=make_club(), started_on=day, ended_on=end))
        day = end
    Tenure.objects.bulk_create(spells)
    return manager


def test_a_long_career_is_shown_a_page_at_a_time(client, long_career, settings):
    settings.PAGE_CACHE = False
    url = reverse("careers:manager_detail", args=[long_career.slug])
    first = client.get(url)
    assert "Spells 1–25 of 70, oldest first." in text(first)
    assert html(first).count('<th scope="row">') == 25
    # The job he holds now is on the last page, but every page says where he is.
    assert "Head coach of Club 70 since" in text(first)
    last = client.get(url, {"page": "3"})
    assert html(last).count('<th scope="row">') == 20
    assert len(brotli.compress(first.content)) < 30_000
    past = client.get(url, {"on": "1960-01-01"})
    assert "Spells" not in text(past).split("Career", 1)[1][:40]  # one page by then


def test_a_long_career_costs_the_same_queries_on_every_page(client, long_career, settings):
    settings.PAGE_CACHE = False
    url = reverse("careers:manager_detail", args=[long_career.slug])
    with CaptureQueriesContext(connection) as short:
        client.get(url, {"on": "1960-01-01"})  # one page by then
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url, {"page": "2"})
    # Paged, a career also counts its spells and asks where he stands: the spells
    # running that day, and the last one ended, each a seek of its own. Another page
    # finds its spells' keys first (a deferred join), then reads them by those.
    assert len(first) == len(short) + 3
    assert len(second) == len(first) + 1
    assert not [q["sql"] for q in first if " OR " in q["sql"] and " IN (SELECT" in q["sql"]]


def round_trips(get):
    """The round trips to PostgreSQL while `get()` runs: a query sent alone, or a
    pipeline of queries sent together (football.core.prepared.read_together)."""
    sent = []

    def record(execute, sql, params, many, context):
        pipeline = context["connection"].connection._pipeline
        if pipeline is None or not sent or sent[-1] is not pipeline:
            sent.append(pipeline if pipeline is not None else object())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert get().status_code == 200
    return len(sent)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pipelines")
def test_a_later_page_waits_on_few_round_trips(client, old_club, long_career, settings):
    """The record; the page's keys with its span, stories, and where he stood or who
    is in charge; its spells with their honours and sources (by those keys); and a
    career's neighbours, which need the spells. The first page: the record; its
    spells and stories; the rest."""
    settings.PAGE_CACHE = False
    career = reverse("careers:manager_detail", args=[long_career.slug])
    club = reverse("careers:club_detail", args=[old_club.slug])
    assert round_trips(lambda: client.get(career, {"page": "2"})) == 3  # no neighbours
    # A predecessor at the club of a spell on page 2.
    spell = long_career.tenures.order_by("started_on")[30]
    before = Manager.objects.create(full_name="Before Him", short_name="B", slug="before-him")
    Tenure.objects.create(
        manager=before,
        club=spell.club,
        started_on=spell.started_on - datetime.timedelta(days=100),
        ended_on=spell.started_on - datetime.timedelta(days=1),
    )
    assert "Before Him" in text(client.get(career, {"page": "2"}))
    assert round_trips(lambda: client.get(career, {"page": "2"})) == 4
    assert round_trips(lambda: client.get(club, {"page": "5"})) == 3
    assert round_trips(lambda: client.get(career)) == 3
    assert round_trips(lambda: client.get(club)) == 3


def test_a_spells_neighbours_are_sought_by_club_and_start(old_club):
    """Each neighbour is one seek in the (club, started_on, id) index, bounded by the
    start, not a walk along the club's spells to the right one (a career of 1,000
    spells at one club: 20 ms on PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as a populated site's statistics would
            cursor.execute("ANALYZE careers_tenure")
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = old_club.tenures.with_neighbours().values("before_id", "after_id").explain()
    if connection.vendor == "postgresql":
        bounds = re.findall(r"Index Cond: .*\(?started_on ([<>]=) careers_tenure.started_on", plan)
    else:
        bounds = re.findall(r"USING INDEX \S+ \(club_id=\? AND started_on([<>])", plan)
    assert sorted(bounds) in (["<", ">"], ["<=", ">="]), plan


def tenure_rows_read(plan):
    """The rows a JSON plan (EXPLAIN ANALYZE) read from the spells, at any depth."""
    read = plan.get("Actual Rows", 0) if plan.get("Relation Name") == "careers_tenure" else 0
    read += plan.get("Rows Removed by Filter", 0) if read else 0
    return read + sum(tenure_rows_read(child) for child in plan.get("Plans", []))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans")
def test_where_a_long_career_stands_is_read_in_a_few_rows_by_a_generic_plan(make_club):
    """A prepared query is planned once for any values (a generic plan) from its sixth
    run on a connection. Where a manager of 300 spells stands, among 10,000 spells of
    others, the spells running and the last one ended, must each read a row or two by
    it. With a (manager, ended_on) index alone, the last one ended read all 294 of his
    spells ended by then and sorted them (3 ms for a career of 1,000)."""
    from football.careers import presenters

    manager = Manager.objects.create(full_name="Long Career", short_name="L", slug="long")
    clubs = [make_club() for _ in range(3)]
    day, spells = D(1920, 1, 1), []
    for i in range(300):
        end = day + datetime.timedelta(days=100)
        spells.append(Tenure(manager=manager, club=clubs[i % 3], started_on=day, ended_on=end))
        day = end + datetime.timedelta(days=1)
    spells[-1].ended_on = None
    # Around him, a populated site's spells: 2,000 managers' assistant spells, five each.
    others = Manager.objects.bulk_create(
        Manager(full_name=f"Other {i}", short_name=f"O{i}", slug=f"other-{i}") for i in range(2000)
    )
    for i, other in enumerate(others * 5):
        start = D(1920, 1, 1) + datetime.timedelta(days=(i * 7919) % 36500)
        end = start + datetime.timedelta(days=400)
        spells.append(
            Tenure(
                manager=other,
                club=clubs[i % 3],
                role=Role.ASSISTANT,
                started_on=start,
                ended_on=end,
            )
        )
    Tenure.objects.bulk_create(spells)
    on = D(2001, 6, 1)
    read = {
        name: tenure_rows_read(
            generic_plan(getattr(presenters, name).build(manager=manager.pk, on=on))
        )
        for name in ("RUNNING_SPELLS", "LAST_ENDED_SPELL")
    }
    assert max(read.values()) <= 2, read


def generic_plan(queryset, by_index=False):
    """The plan (EXPLAIN ANALYZE, as JSON) PostgreSQL makes of `queryset` prepared, for
    any values (a generic plan: a prepared query's from its sixth run on a connection),
    with the statistics of the spells as they are now. `by_index`: reading the spells
    by an index, as on a populated site, where a history is a few of 100,000 spells
    (here, a few hundred, it may read them all and sort them), and in its order if an
    index has it (on so few spells the planner now and then took another index and a
    sort after other tests had run)."""
    sql, params = queryset.query.sql_with_params()
    pieces = sql.split("%s")  # each %s a parameter, numbered $1, $2... for PREPARE
    numbered = pieces[0] + "".join(f"${n}{p}" for n, p in enumerate(pieces[1:], 1))
    values = connection.ops.compose_sql(", ".join(["%s"] * len(params)), params)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE careers_tenure")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        if by_index:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute(f"PREPARE q AS {numbered}")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE q({values})")
        plan = cursor.fetchone()[0][0]["Plan"]
        cursor.execute("DEALLOCATE q")
    return plan


def node_types(plan):
    return [plan["Node Type"], *(t for child in plan.get("Plans", []) for t in node_types(child))]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans")
def test_a_later_page_reads_its_keys_in_order_from_an_index(client, old_club, long_career):
    """A later page's 25 keys are the spells after some hundreds in the history's order
    (started_on, then pk): read in that order from an index, with no sort. With an
    index of (manager, started_on) alone, PostgreSQL read the 525 spells up to page
    21 of a 1,000-spell career and sorted each day's by pk (0.40 ms, 0.15 without)."""
    from football.careers import presenters

    on = datetime.date.today()
    histories = (
        (presenters.CAREER_PAGES, presenters.CAREER_ORDER, long_career),
        (presenters.CLUB_HISTORY_PAGES, presenters.CLUB_HISTORY_ORDER, old_club),
    )
    for pages, order, record in histories:
        keys = pages.keys.build(slice(40, 65), record=record.pk, on=on)
        plan = generic_plan(keys, by_index=True)
        assert not [t for t in node_types(plan) if "Sort" in t], plan
        assert plan["Actual Rows"] == 25
        assert list(keys.values_list("pk", flat=True)) == list(
            record.tenures.filter(started_on__lte=on)
            .order_by(*order)
            .values_list("pk", flat=True)[40:65]
        )

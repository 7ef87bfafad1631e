import datetime
import threading
import zoneinfo

import pytest
from django.db import connections
from django.db.models import Prefetch

from football.careers import presenters
from football.careers import views as careers
from football.careers.models import Club, Honour, Manager, Tenure, asof
from football.core.prepared import (
    PARSED_PARAMETERS,
    ByKeys,
    Prepared,
    Sliced,
    fill,
    places,
    read_together,
)
from football.news import views as news
from football.news.models import Story
from football.pages import views as pages

pytestmark = pytest.mark.django_db(transaction=True)

ROME = zoneinfo.ZoneInfo("Europe/Rome")
DAYS = [datetime.date(2021, 5, 27), datetime.date(1900, 1, 1), datetime.date(9999, 12, 31)]
TIMES = [
    datetime.datetime(2021, 5, 27, 9, 5, 7, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2021, 7, 1, 0, 30, tzinfo=ROME),  # the day before in UTC
]


def compiled(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def written(queryset):
    """The query as the database is asked it, with its parameters written into the
    SQL (on PostgreSQL a prepared query writes its constants in itself, sends each
    list of keys as one array, and a sliced one has its LIMIT and OFFSET as
    parameters): the arrays written as the lists Django writes, `IN (1, 2)`."""
    sql, params = compiled(queryset)
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        pieces = sql.split("= ANY(%s)")
        if len(pieces) > 1:
            arrays = [p for p in params if isinstance(p, list)]
            assert len(arrays) == len(pieces) - 1, sql
            lists = iter(arrays)
            sql = pieces[0] + "".join(
                "IN (" + ", ".join(["%s"] * len(next(lists))) + ")" + piece for piece in pieces[1:]
            )
            params = [v for p in params for v in (p if isinstance(p, list) else [p])]
        return connection.ops.compose_sql(sql, params)
    return connection.ops.last_executed_query(None, sql, params)


def by_keys(query, keys, **values):
    """The values of a query by keys (ByKeys: a first page's honours or sources, a
    page's neighbours, the home page's stories' managers, a list's spells): `keys`, and
    keys of no record after them (distinct, as Django would not write a key twice in
    its SQL), and its other `values`."""
    names = query.places
    filled = [*keys, *range(-1, len(keys) - len(names) - 1, -1)]
    return {**dict(zip(names, filled, strict=True)), **values}


def cases(seeded_ids):
    """Each prepared query of the reader pages, with values that read something and
    values that read nothing."""
    managers, clubs, stories = seeded_ids
    spell_keys = list(Tenure.objects.order_by("pk").values_list("pk", flat=True))
    slugs = [*Story.objects.filter(pk__in=stories).values_list("slug", flat=True), "no-such"]
    p = presenters
    return (
        [(p.CAREER_PAGES.spells, {"record": m, "on": d}) for m in managers for d in DAYS]
        + [(p.CLUB_HISTORY_PAGES.spells, {"record": c, "on": d}) for c in clubs for d in DAYS]
        + [(p.SPAN_OF_CAREER, {"record": m, "on": d}) for m in managers for d in DAYS]
        + [(p.SPAN_OF_CLUB_HISTORY, {"record": c, "on": d}) for c in clubs for d in DAYS]
        + [(p.RUNNING_IN_CHARGE, {"club": c, "on": d}) for c in clubs for d in DAYS]
        + [
            (q, {"manager": m, "on": d})
            for q in (p.RUNNING_SPELLS, p.LAST_ENDED_SPELL)
            for m in managers
            for d in DAYS
        ]
        + [
            (q.prepared, by_keys(q, keys))
            for q in (
                p.CAREER_PAGES.honours,
                p.CAREER_PAGES.links,
                p.CAREER_PAGES.keyed,
                p.CLUB_HISTORY_PAGES.keyed,
                p.NEIGHBOURS,
            )
            for keys in (spell_keys[: len(q.places)], spell_keys[:1], [10**9])
        ]
        + [
            (q.prepared, by_keys(q, keys, on=d))
            for q, keys in (
                (asof.RUNNING_OF_MANAGERS, managers),
                (asof.IN_CHARGE_OF_CLUBS, clubs),
            )
            for keys in (keys, keys[:1], [10**9])
            for d in DAYS
        ]
        + [(p.STORIES_OF_MANAGER, {"manager": m, "now": t}) for m in managers for t in TIMES]
        + [(p.STORIES_OF_CLUB, {"club": c, "now": t}) for c in clubs for t in TIMES]
        + [(news.PUBLISHED_STORY, {"slug": s, "now": t}) for s in slugs for t in TIMES]
        + [(linked, {"story": s}) for linked in news.LINKED.values() for s in stories]
        + [(names.first, {}) for names in (careers.MANAGERS, careers.CLUBS)]
        + [(news.STORIES.first, {"now": t}) for t in TIMES]
        + [(careers.MANAGER, {"slug": s}) for s in ("massimiliano-allegri", "no-such")]
        + [(careers.CLUB, {"slug": s}) for s in ("juventus", "no-such")]
        + [(pages.APPOINTMENTS, {"on": d}) for d in DAYS]
        + [(pages.DEPARTURES, {"on": d}) for d in DAYS]
        + [(pages.LATEST_STORIES, {"now": t}) for t in TIMES]
        + [
            (pages.NAMED_IN.prepared, by_keys(pages.NAMED_IN, keys))
            for keys in (stories[: pages.LATEST], stories[:1], [10**9])
        ]
        + [(news.CARD_SPELLS, {"on": d, **keys}) for keys in card_keys(stories) for d in DAYS]
        + [
            (news.RELATED, {"story": s, "now": t, **keys})
            for s, keys in zip(stories, card_keys(stories), strict=False)
            for t in TIMES
        ]
    )


def card_keys(stories):
    """The values of a story's who's-who and related stories: each seeded story's own
    (one has four managers and four clubs), then keys of no record (distinct, as
    Django would not write a key twice in its SQL); and none at all."""
    keys = []
    for story in Story.objects.filter(pk__in=stories).prefetch_related("managers", "clubs"):
        values = {}
        for kind in ("manager", "club"):
            linked = [r.pk for r in getattr(story, f"{kind}s").all()]
            linked += range(-1, len(linked) - news.CARDS - 1, -1)
            values.update((f"{kind}{n}", key) for n, key in enumerate(linked))
        keys.append(values)
    assert any(-1 not in k.values() for k in keys)
    return [*keys, {name: -1 - n % news.CARDS for n, name in enumerate(news.CARD_KEYS)}]


def test_a_storys_keys_fill_their_places_with_the_last_one_repeated(seeded_ids):
    story = Story.objects.get(slug="allegri-set-for-juventus-return")
    managers, clubs = list(story.managers.all()[:2]), list(story.clubs.all()[:1])
    keys = news._card_keys(managers, clubs)
    assert [keys[f"manager{n}"] for n in range(news.CARDS)] == [
        managers[0].pk,
        *[managers[1].pk] * (news.CARDS - 1),
    ]
    assert {keys[f"club{n}"] for n in range(news.CARDS)} == {clubs[0].pk}
    on = story.published_on
    now = TIMES[0]
    assert list(news.CARD_SPELLS(on=on, **keys)) == list(news.asof.card_spells(managers, clubs, on))
    assert list(news.RELATED(story=story.pk, now=now, **keys)) == list(
        news.related_stories(story.pk, managers, clubs, now)
    )
    assert news._card_keys(list(story.managers.all()) * 2, clubs) is None


@pytest.fixture
def seeded_ids(seeded):
    managers = [Manager.objects.get(slug="massimiliano-allegri").pk, 10**9]  # and no one
    clubs = [Club.objects.get(slug="juventus").pk, Club.objects.order_by("pk").last().pk]
    stories = list(Story.objects.values_list("pk", flat=True))
    return managers, clubs, stories


def test_each_prepared_query_is_the_sql_django_compiles_with_its_values(seeded_ids):
    for prepared, values in cases(seeded_ids):
        assert written(prepared(**values)) == written(prepared.build(**values)), values


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="PostgreSQL's plans")
def test_on_postgresql_only_the_values_are_parameters_so_one_plan_serves_every_run(seeded_ids):
    """A prepared query's constants (here the roles in charge, in the neighbours'
    subqueries) are written into its SQL, and only its values are parameters. With the
    roles as parameters, PostgreSQL costed its one plan for every run (a generic plan)
    above a plan for each run's values, and planned a long career's later page anew on
    every run (0.4 ms)."""
    keyed = presenters.CAREER_PAGES.keyed
    keys = list(Tenure.objects.order_by("pk").values_list("pk", flat=True))
    sql, params = compiled(keyed(keys[:1]))
    assert params == (keys[0],) * len(keyed.places)
    assert sql.count("'head_coach'") == 2
    pieces = sql.split("%s")  # as psycopg numbers them, $1, $2...
    numbered = pieces[0] + "".join(f"${n}{piece}" for n, piece in enumerate(pieces[1:], 1))

    def plans():
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                " WHERE statement = %s",
                [numbered],
            )
            return cursor.fetchone()

    for _ in range(8):  # prepared by psycopg on its third run; PostgreSQL plans 5 first
        list(keyed(keys[:3]))
    generic, custom = plans()
    for _ in range(3):
        list(keyed(keys[1:4]))
    assert plans() == (generic + 3, custom)  # the one plan, never planned again


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="PostgreSQL's arrays")
def test_on_postgresql_a_list_of_keys_is_one_array_parameter(seeded_ids):
    """A list page's spells are read by its 50 keys, written twice (the spells still
    running and those not ended): 101 parameters, and psycopg parses again on every
    run a query of more than 50 (PostgreSQL also planned each run anew). As arrays,
    three; psycopg keeps the parsed query, and the rows are Django's."""
    from psycopg import _queries

    clubs, day = seeded_ids[1], DAYS[0]
    filled = fill(asof.IN_CHARGE_OF_CLUBS.places, clubs)
    query = asof.IN_CHARGE_OF_CLUBS(clubs, on=day)
    sql, params = compiled(query)
    assert "IN (%s" not in sql and sql.count("= ANY(%s)") == 2
    keys = list(filled.values())
    assert len(params) == 3 and [p for p in params if isinstance(p, list)] == [keys, keys]
    assert len(params) <= _queries.MAX_CACHED_STATEMENT_PARAMS == PARSED_PARAMETERS
    # Fewer keys than that, each its own parameter: a page's 25 spells' honours.
    honours = presenters.CLUB_HISTORY_PAGES.honours(spell_keys := [1, 2])
    assert compiled(honours)[1] == (*spell_keys, *[spell_keys[-1]] * 23)
    built = asof.IN_CHARGE_OF_CLUBS.prepared.build(**filled, on=day)
    assert list(query) == list(built)  # rows, with the manager's name


@pytest.mark.parametrize("pages", ["CAREER_PAGES", "CLUB_HISTORY_PAGES"])
def test_a_sliced_query_reads_the_slice_django_reads(seeded_ids, pages):
    """A later page's keys: one compiled query, its LIMIT and OFFSET given each run."""
    keys = getattr(presenters, pages).keys
    records = seeded_ids[0] if pages == "CAREER_PAGES" else seeded_ids[1]
    read = 0
    for record in records:
        for on in DAYS:
            for start, stop in ((1, 2), (2, 5), (1, 26), (40, 65)):
                sliced = keys(start, stop, record=record, on=on)
                built = keys.build(slice(start, stop), record=record, on=on)
                assert written(sliced) == written(built)
                assert list(sliced) == list(built)
                read += len(list(sliced))
    assert read > 5
    with pytest.raises(ValueError, match="slice"):
        keys(5, 5, record=records[0], on=DAYS[0])
    with pytest.raises(TypeError, match="sliced by its window"):
        Sliced(lambda window, record: Tenure.objects.filter(manager=record)[:5], record=int)(
            0, 1, record=1
        )


@pytest.mark.parametrize("name", ["managers", "clubs", "news"])
def test_a_lists_window_reads_the_rows_of_that_slice_from_either_end(seeded_ids, name):
    """A list's later pages (PreparedPages): the rows the list gives in that slice,
    whether its keys are read forwards or, past the middle, backwards."""
    pages, values = {
        "managers": (careers.MANAGERS, {}),
        "clubs": (careers.CLUBS, {}),
        "news": (news.STORIES, {"now": datetime.datetime.now(datetime.UTC)}),
    }[name]
    if name == "news":  # the seed publishes one story
        for n in range(6):
            Story.objects.create(
                headline=f"Story {n}", slug=f"story-{n}", standfirst="s", body="b", byline="b",
                status="published", published_at=values["now"] - datetime.timedelta(hours=n % 3),
            )  # fmt: skip
    every = list(pages.build(**values))  # the list, built the usual way
    count = len(every)
    assert count > 1
    window = pages.window(count, **values)
    for start, stop in ((1, 2), (1, count), (count // 2, count // 2 + 2), (count - 1, count + 5)):
        assert window[start:stop] == every[start:stop], (start, stop)
        # One query: the rows by their keys' slice, from the list's nearer end.
        backwards = start > count // 2
        read = pages.backwards if backwards else pages.forwards
        at = (count - min(stop, count), count - start) if backwards else (start, stop)
        sliced, built = read(*at, **values), read.build(slice(*at), **values)
        assert list(sliced) == list(built)
        if at[0]:  # (Django writes no OFFSET 0)
            assert written(sliced) == written(built)
    assert window[count : count + 5] == []


def row_key(row):
    return row[0] if isinstance(row, tuple) else row.pk


def vars_of(row):
    """A row's fields by name: a record's attributes, values()' dict, values_list()'s
    tuple by position."""
    if isinstance(row, dict):
        return row
    return dict(enumerate(row)) if isinstance(row, tuple) else vars(row)


def test_each_prepared_query_reads_the_records_django_reads(seeded_ids):
    read = 0
    for prepared, values in cases(seeded_ids):
        rows = list(prepared(**values))
        expected = list(prepared.build(**values))
        assert rows == expected, values
        for row, same in zip(rows, expected, strict=True):
            assert vars_of(row).keys() == vars_of(same).keys()  # annotations, prefetches
            assert getattr(row, "before_id", None) == getattr(same, "before_id", None)
        read += len(rows)
    assert read > 20  # the seed's spells and stories were read, not only empty pages


def test_no_query_is_made_from_a_prepared_one(seeded_ids):
    # Its query holds the stand-ins: a queryset made from it would read no spell.
    prepared = presenters.CAREER_PAGES.spells(record=seeded_ids[0][0], on=DAYS[0])
    for make in (
        lambda: prepared.values_list("club__slug", flat=True),
        prepared.count,
        lambda: prepared.filter(started_on__gt=datetime.date(2014, 1, 1)),
        lambda: prepared[:2],
        prepared.exists,
    ):
        with pytest.raises(TypeError, match="read as it is|once a slice has been taken"):
            make()
    assert len(prepared) == len(list(prepared)) > 5
    assert prepared  # its truth, as a template asks


def test_a_value_that_chooses_the_querys_shape_is_refused(db):
    # The year is what is bound (as the bounds of a range), not the day.
    of_year = Prepared(lambda on: Tenure.objects.filter(started_on__year=on.year), on=datetime.date)
    with pytest.raises(ValueError, match="'on'"):
        of_year(on=DAYS[0])
    # A name's words, as a search would bind them ("%word%"), are not the name.
    containing = Prepared(lambda name: Manager.objects.filter(full_name__icontains=name), name=str)
    with pytest.raises(ValueError, match="'name'"):
        containing(name="Allegri")
    with pytest.raises(TypeError, match="stand-in"):
        Prepared(lambda keys: Manager.objects.filter(pk__in=keys), keys=list)


def test_a_time_must_say_its_time_zone(seeded_ids):
    with pytest.raises(ValueError, match="no time zone"):
        presenters.STORIES_OF_CLUB(club=1, now=datetime.datetime(2021, 5, 27, 9))


def test_the_values_must_be_the_ones_named(seeded_ids):
    with pytest.raises(TypeError):
        presenters.CAREER_PAGES.spells(record=1)
    with pytest.raises(TypeError):
        presenters.CAREER_PAGES.spells(record=1, on=DAYS[0], club=2)


def test_another_thread_runs_it_on_its_own_connection(seeded_ids):
    allegri = seeded_ids[0][0]
    values = {"record": allegri, "on": DAYS[0]}
    list(presenters.CAREER_PAGES.spells(**values))  # compiled in this thread
    seen = {}

    def read():
        try:
            queryset = presenters.CAREER_PAGES.spells(**values)
            seen["connection"] = queryset.query.get_compiler(using=queryset.db).connection
            seen["rows"] = len(list(queryset))
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert seen["connection"] is not connections["default"]
    assert seen["rows"] == len(list(presenters.CAREER_PAGES.spells(**values)))


def prefetched(spells, sources):
    """The spells with their honours (and sources) as Django's prefetch reads them:
    what a history's pages, read by prepared queries, are held to."""
    honours = Honour.objects.select_related("competition")
    spells = spells.prefetch_related(Prefetch("honours", queryset=honours, to_attr="honour_list"))
    if sources:
        spells = spells.prefetch_related(Prefetch("sources", to_attr="source_list"))
    return spells


@pytest.mark.parametrize(
    ("pages", "shown", "field"),
    [
        ("CAREER_PAGES", "_as_in_a_career", "manager"),
        ("CLUB_HISTORY_PAGES", "_as_in_a_club_history", "club"),
    ],
)
def test_a_page_holds_the_honours_and_sources_django_prefetches(pages, shown, field):
    import io

    from django.core.management import call_command

    call_command("seed", stdout=io.StringIO())
    pages, shown = getattr(presenters, pages), getattr(presenters, shown)
    compared = honours = sources = 0
    for record in Tenure.objects.values_list(field, flat=True).distinct():
        for on in DAYS:
            spells = shown(Tenure.objects.filter(**{field: record}, started_on__lte=on))
            built = prefetched(spells, sources=field == "manager")
            expected = list(built[: presenters.HISTORY_PAGE + 1])
            first = pages(record, on)
            # Another page, read by its keys (any order) in the history's order.
            some = expected[1::2]
            keyed = pages.of_keys([spell.pk for spell in reversed(some)])
            assert first == expected and keyed == some
            for row, same in [*zip(first, expected, strict=True), *zip(keyed, some, strict=True)]:
                assert row.honour_list == same.honour_list
                assert all(h.tenure is row for h in row.honour_list)
                honours += len(row.honour_list)
                if hasattr(same, "source_list"):
                    assert sorted(s.pk for s in row.source_list) == sorted(
                        s.pk for s in same.source_list
                    )
                    sources += len(row.source_list)
            compared += len(first) + len(keyed)
    assert compared > 20 and honours > 5
    assert sources > 5 or field == "club"


def test_keys_fill_their_places_with_the_last_one_repeated():
    names = places("key", 3)
    assert list(names) == ["key0", "key1", "key2"]
    assert fill(names, [7, 5]) == {"key0": 7, "key1": 5, "key2": 5}
    assert fill(names, iter([7, 5, 9])) == {"key0": 7, "key1": 5, "key2": 9}
    assert fill(names, []) == dict.fromkeys(names, 0)
    assert fill(names, [], none=-1) == dict.fromkeys(names, -1)
    assert fill(names, [1, 2, 3, 4]) is None


def test_rows_by_keys_are_grouped_by_their_records_key_in_the_keys_order(seeded_ids):
    managers, clubs, _ = seeded_ids
    spells = ByKeys(lambda keys: Tenure.objects.filter(club__in=keys).order_by("pk"), count=3)
    juventus, other = clubs
    grouped = spells.grouped([other, juventus, 10**9], by="club_id")
    assert list(grouped) == [other, juventus, 10**9]
    for club, rows in grouped.items():
        assert rows == list(Tenure.objects.filter(club=club).order_by("pk"))
    assert len(grouped[juventus]) > 3 and grouped[10**9] == []
    # One key fills every place; none reads nothing; more than the places is refused.
    assert list(spells([juventus])) == grouped[juventus]
    assert spells.grouped([], by="club_id") == {}
    with pytest.raises(ValueError, match="4 keys"):
        spells([1, 2, 3, 4])


def test_rows_by_keys_take_other_values_and_more_keys_than_places_in_turns(seeded_ids):
    spells = ByKeys(
        lambda keys, on: Tenure.objects.filter(club__in=keys, started_on__lte=on).order_by("pk"),
        count=2,
        on=datetime.date,
    )
    clubs = list(Club.objects.order_by("pk").values_list("pk", flat=True))
    assert len(clubs) > 2 * 2  # read in three turns or more
    on = datetime.date(2019, 6, 30)
    grouped = spells.grouped(clubs, by="club_id", on=on)
    assert list(grouped) == clubs
    for club, rows in grouped.items():
        assert rows == list(Tenure.objects.filter(club=club, started_on__lte=on).order_by("pk"))
    assert sum(map(len, grouped.values())) > 3
    with pytest.raises(TypeError, match="on"):
        spells([clubs[0]])  # its other values are required
    with pytest.raises(TypeError, match="places"):
        ByKeys(lambda keys, key0: Tenure.objects.all(), count=2, key0=int)


def test_prepared_querysets_read_together_read_what_each_reads(seeded_ids):
    all_cases = cases(seeded_ids)
    together = read_together(*(prepared(**values) for prepared, values in all_cases))
    for rows, (prepared, values) in zip(together, all_cases, strict=True):
        expected = list(prepared.build(**values))
        assert rows == expected, values
        for row, same in zip(rows, expected, strict=True):
            assert vars_of(row).keys() == vars_of(same).keys()
    assert sum(map(len, together)) > 20


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="psycopg's pipeline mode")
def test_on_postgresql_they_are_sent_in_one_round_trip(seeded_ids, monkeypatch):
    from psycopg import Cursor
    from psycopg.pq import PipelineStatus

    statuses, asked_early = [], []

    def record(execute, sql, params, many, context):
        statuses.append(context["connection"].connection.pgconn.pipeline_status)
        return execute(sql, params, many, context)

    def fetch(cursor):
        # Rows read with no result yet, in the pipeline: the server is asked to flush
        # them, and the pipeline's end (a Sync) then waits on it once more.
        asked_early.append(not cursor.pgresult and cursor.connection._pipeline is not None)
        return fetch_results(cursor)

    fetch_results = Cursor._fetch_pipeline
    monkeypatch.setattr(Cursor, "_fetch_pipeline", fetch)
    story = seeded_ids[2][0]
    connection = connections["default"]
    with connection.execute_wrapper(record):
        _quotes, managers = read_together(
            news.LINKED["quotes"](story=story), news.LINKED["managers"](story=story)
        )
        assert statuses == [PipelineStatus.ON] * 2  # both sent before either was read
        assert asked_early and not any(asked_early)  # both read with the pipeline's end
        (alone,) = read_together(news.LINKED["clubs"](story=story))
    assert statuses[2] == PipelineStatus.OFF  # one alone is read as it always is
    assert connection.connection.pgconn.pipeline_status == PipelineStatus.OFF
    assert managers == list(Manager.objects.filter(stories=story))
    assert alone == list(Club.objects.filter(stories=story))


def test_only_prepared_querysets_are_read_together(seeded_ids):
    with pytest.raises(TypeError, match="prepared"):
        read_together(Manager.objects.all(), careers.MANAGER(slug="massimiliano-allegri"))


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="psycopg's pipeline mode")
def test_a_connection_lost_in_a_pipeline_is_a_database_error_django_knows(seeded_ids, monkeypatch):
    import psycopg
    from django.db import OperationalError

    class LostOnSync:  # as a pipeline ends when the server went away meanwhile
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            raise psycopg.OperationalError("server closed the connection unexpectedly")

    connection = connections["default"]
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "pipeline", LostOnSync)
    story = seeded_ids[2][0]
    with pytest.raises(OperationalError):
        read_together(news.LINKED["quotes"](story=story), news.LINKED["clubs"](story=story))


def test_a_run_neither_clones_the_query_nor_finds_its_converters_again(seeded_ids, monkeypatch):
    """What a run costs past the first: its values put in, no query built or cloned and
    no column's converter looked up again (Django's cost on every query)."""
    from django.db.models.sql import Query
    from django.db.models.sql.compiler import SQLCompiler

    manager, day = seeded_ids[0][0], DAYS[0]
    first = list(presenters.CAREER_PAGES.spells(record=manager, on=day))
    assert first  # records, with their dates converted
    made = []
    clone, converters = Query.clone, SQLCompiler.get_converters
    monkeypatch.setattr(Query, "clone", lambda *a: made.append("clone") or clone(*a))
    monkeypatch.setattr(
        SQLCompiler, "get_converters", lambda *a: made.append("converters") or converters(*a)
    )
    again = list(presenters.CAREER_PAGES.spells(record=manager, on=day))
    assert made == []

    def fields(spell):
        return {name: value for name, value in vars(spell).items() if name != "_state"}

    assert [fields(spell) for spell in again] == [fields(spell) for spell in first]
    assert isinstance(again[0].started_on, datetime.date)

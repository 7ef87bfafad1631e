"""What a profile or a club page shows on a day, assembled without a request.

The views read the request (the slug, `?on=`) and render; everything in between is
here, so tests can ask what a page holds on any day. The rules of "on a day" live in
asof.py.
"""

import datetime
from typing import NamedTuple

from django.db.models import Count, F, Min
from django.urls import reverse
from django.utils import timezone

from football.core import pagetags, structured
from football.core.dates import format_date
from football.core.params import page_of
from football.core.prepared import ByKeys, Prepared, Sliced, group, read_together
from football.news.models import Story

from .models import Honour, Manager, Tenure, asof
from .timeline import build_timeline

RELATED_STORIES = 6
# Spells a page of a career or a club's history: a row costs some 0.1 ms to read and
# render, and the long pages at populate scale took 8-19 ms with 50 a page, 5-12 ms
# with 25 (in process; README, "Uncached pages").
HISTORY_PAGE = 25


class _Span:
    """How many spells a history has and when it began, asked for (in one prepared
    query, `spans`: `rows`, read when first asked, or with the first page's honours)
    only when it does not fit on one page."""

    def __init__(self, spans, record, on):
        self.rows = spans(record=record.pk, on=on)
        self.known = None

    def _ask(self):
        if self.known is None:
            self.known = next(iter(self.rows), {"count": 0, "since": None})
        return self.known

    def count(self):
        return self._ask()["count"]

    def since(self, page):
        if not page.has_other_pages():
            return None  # the page's own spells span the history
        return self._ask()["since"]


def _dated(on, as_of):
    return {"on": on, "on_display": format_date(on), "as_of": as_of}


def _published_by(on, as_of):
    """The time by which stories are out: now; on a page seen as of a day, the end of
    that day (if it has ended)."""
    now = timezone.now()
    if not as_of or on >= timezone.localdate():  # (and no day after 9999-12-31 to compute)
        return now
    end_of_day = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time())
    return min(timezone.make_aware(end_of_day), now)


def _latest_stories(now, **linked):
    """The latest RELATED_STORIES stories out by `now` linked to a manager or a club."""
    stories = Story.objects.only("headline", "slug", "published_at")
    return stories.published(now=now).filter(**linked)[:RELATED_STORIES]


STORIES_OF_MANAGER = Prepared(
    lambda manager, now: _latest_stories(now, managers=manager),
    manager=int,
    now=datetime.datetime,
)
STORIES_OF_CLUB = Prepared(
    lambda club, now: _latest_stories(now, clubs=club), club=int, now=datetime.datetime
)


def _begun(field, record, on):
    return Tenure.objects.filter(**{field: record}, started_on__lte=on)


def _spans(field):
    """The number of spells of a manager or a club (`field`) begun by `on`, and the
    first one's start: one row, or none if there are none. COUNT(*), not of the key:
    PostgreSQL then counts in the (field, started_on) index alone, without reading
    the spells (a career of 1,000 spells: 0.66 ms to 0.28 ms)."""
    return Prepared(
        lambda record, on: (
            _begun(field, record, on)
            .order_by()
            .values(field)
            .annotate(count=Count("*"), since=Min("started_on"))
        ),
        record=int,
        on=datetime.date,
    )


SPAN_OF_CAREER, SPAN_OF_CLUB_HISTORY = _spans("manager"), _spans("club")


CAREER_ORDER = ("started_on", "pk")
CLUB_HISTORY_ORDER = ("-started_on", "-pk")
SOURCE_ORDER = ("source__publisher", "-source__published_on")  # Source's, read by its links


# What no row of a history shows, left unread: the records' times of change (a time
# is parsed for each, on SQLite) and their search text, and a manager's biography.
UNSHOWN = ("modified", "changed")
UNSHOWN_OF_RECORD = ("modified", "search_text")
UNSHOWN_OF_MANAGER = (*UNSHOWN_OF_RECORD, "biography", "biography_html")


def _unshown(related, fields):
    return [*UNSHOWN, *(f"{related}__{field}" for field in fields)]


def _as_in_a_career(spells):
    """Spells as a career shows them: oldest first, with their clubs and the spells
    before and after at the club."""
    spells = spells.with_neighbours().select_related("club")
    return spells.defer(*_unshown("club", UNSHOWN_OF_RECORD)).order_by(*CAREER_ORDER)


def _as_in_a_club_history(spells):
    """Spells as a club's history shows them: newest first, with their managers."""
    spells = spells.select_related("manager").defer(*_unshown("manager", UNSHOWN_OF_MANAGER))
    return spells.order_by(*CLUB_HISTORY_ORDER)


class _HistoryPages:
    """The pages of a history, with each spell's honours and, for a career, its
    sources, each read by a prepared query (these were the pages' dearest queries to
    build and compile): the first page (and one more spell, to tell whether there are
    others), and any other by its spells' keys. The spells are a manager's or a club's
    (`field`) begun by a day, in `order`; `shown(spells)` gives a queryset of spells as
    the history shows them.

    Honours and sources are read by the shown spells' keys, as Django's prefetch reads
    them, in a list of fixed length (HISTORY_PAGE, the last key repeated to fill it):
    with a subquery in its place, PostgreSQL hashed every honour to find a club page's.
    HISTORY_PAGE, not one more for the spell that only tells there is another page."""

    def __init__(self, field, order, shown, sources=False):
        def honours(keys):
            return Honour.objects.select_related("competition").filter(tenure__in=keys)

        def links(keys):
            through = Tenure.sources.through.objects.filter(tenure__in=keys)
            return through.select_related("source").order_by(*SOURCE_ORDER)

        def first(record, on):
            return shown(_begun(field, record, on))[: HISTORY_PAGE + 1]

        def keys(window, record, on):
            return _begun(field, record, on).order_by(*order).values_list("pk", flat=True)[window]

        self.spells = Prepared(first, record=int, on=datetime.date)
        # Another page's keys: found in the (field, started_on, id) index, none of the spells
        # skipped read, nor their neighbours sought (page 40 of the 1,000-spell career
        # took 34 ms on PostgreSQL with OFFSET on the spells themselves).
        self.keys = Sliced(keys, record=int, on=datetime.date)
        self.keyed = ByKeys(lambda keys: shown(Tenure.objects.filter(pk__in=keys)), HISTORY_PAGE)
        self.honours = ByKeys(honours, HISTORY_PAGE)
        self.links = ByKeys(links, HISTORY_PAGE) if sources else None

    def __call__(self, record, on, also=(), then=None):
        """The first page's spells, read with `also` (prepared querysets of the page
        that need nothing of them: its stories); then their honours and sources, read
        with `then(spells, paged)` (those that need the spells or that the history is
        paged: their neighbours, and where it is paged, its span; `paged`: one more
        spell than a page was read). Two round trips on PostgreSQL (read_together)."""
        spells, *_ = read_together(self.spells(record=record, on=on), *also)
        if not spells:
            return spells
        related = self._related([spell.pk for spell in spells[:HISTORY_PAGE]])
        paged = len(spells) > HISTORY_PAGE
        read_together(*related, *(then(spells, paged) if then else ()))
        return self._with(spells, *related)

    def page(self, number, record, on, also=(), then=None):
        """Page `number` (after the first): its spells' keys, read with `also` (the
        page's other queries that need nothing of them: the span, its stories, where he
        stood or who is in charge); then the spells, their honours and sources by those
        keys; then what `then(spells, True)` gives that is still unread (their
        neighbours). Three round trips on PostgreSQL; no spells past the last page."""
        start = (number - 1) * HISTORY_PAGE
        keys, *_ = read_together(
            self.keys(start, start + HISTORY_PAGE, record=record, on=on), *also
        )
        return self.of_keys(keys, then) if keys else []

    def of_keys(self, keys, then=None):
        """The spells with these keys (up to a page's), in the history's order, read
        with their honours and sources; then what `then(spells, True)` gives unread."""
        related = self._related(keys)
        spells, *_ = read_together(self.keyed(keys), *related)
        read_together(*(then(spells, True) if then else ()))
        return self._with(spells, *related)

    def _related(self, keys):
        return (self.honours(keys), *((self.links(keys),) if self.links else ()))

    def _with(self, spells, honours, links=None):
        """The spells, each with its honours (read) and sources (read, if asked)."""
        honours = group(honours, by="tenure_id")
        links = group(links, by="tenure_id") if links is not None else None
        for spell in spells:
            spell.honour_list = honours.get(spell.pk, [])
            for honour in spell.honour_list:
                honour.tenure = spell
            if links is not None:
                spell.source_list = [link.source for link in links.get(spell.pk, ())]
        return spells


class _ReadPage:
    """A later page of a history, read before the paginator slices it: its spells."""

    def __init__(self, spells):
        self.spells = spells

    def __getitem__(self, window):
        return self.spells


class Neighbour(NamedTuple):
    """A spell just before or after one of a profile's at its club, as the profile
    names it: where it began (a successor is named once appointed) and its manager."""

    pk: int
    started_on: datetime.date
    manager_id: int
    manager_name: str
    manager_slug: str

    @property
    def manager_url(self):
        return Manager.url_of(self.manager_slug)


def _neighbouring(keys):
    """The Neighbour rows of the spells with these `keys`. Rows, not records: a page
    names up to fifty, and building each spell and its manager as records took 1.2 ms
    of a long career's page, where reading the rows takes 0.3 ms (SQLite)."""
    return (
        Tenure.objects.filter(pk__in=keys)
        .annotate(manager_name=F("manager__full_name"), manager_slug=F("manager__slug"))
        .values_list(*Neighbour._fields)
    )


# Up to two a spell shown.
NEIGHBOURS = ByKeys(_neighbouring, 2 * HISTORY_PAGE)


def _neighbours_of(spells):
    """The NEIGHBOURS query of these spells' neighbours, unread; None if they have none."""
    keys = ({t.before_id for t in spells} | {t.after_id for t in spells}) - {None}
    return NEIGHBOURS(keys) if keys else None


# Where a manager stood on a day, when his career is paged: the spells running that day,
# and the last one ended by then; each a seek in the (manager, ended_on) index. (Joined
# by OR, the two sets of keys made PostgreSQL read every spell: 23 ms at 100,000.)
RUNNING_SPELLS = Prepared(
    lambda manager, on: (
        Tenure.objects.select_related("club")
        .filter(started_on__lte=on)
        .not_ended_before(on, manager=manager)
    ),
    manager=int,
    on=datetime.date,
)
LAST_ENDED_SPELL = Prepared(
    lambda manager, on: (
        Tenure.objects.select_related("club")
        .filter(manager=manager, started_on__lte=on, ended_on__lte=on)
        .order_by("-ended_on", "-started_on")[:1]
    ),
    manager=int,
    on=datetime.date,
)

# Who was in charge of a club that day, when its history is paged and the page shown does
# not hold that spell: each club's key in both branches of "not ended before", a seek in
# its (club, ended_on) index (the spells begun by then filtered by their end read all
# 1,100 of the long club's: 1 ms on PostgreSQL).
RUNNING_IN_CHARGE = Prepared(
    lambda club, on: _as_in_a_club_history(
        _begun("club", club, on).not_ended_before(on, club=club).in_charge()
    ),
    club=int,
    on=datetime.date,
)

CAREER_PAGES = _HistoryPages("manager", CAREER_ORDER, _as_in_a_career, sources=True)
CLUB_HISTORY_PAGES = _HistoryPages("club", CLUB_HISTORY_ORDER, _as_in_a_club_history)


def _history_page(page_number, on, field, record, pages, span, also=(), paged=(), then=None):
    """Page `page_number` (the text of `?page=`) of the spells of `record` (`field`:
    "manager" or "club") begun by `on`, read by `pages` (_HistoryPages) with `also`
    (the page's queries that need nothing of its spells: its stories) and `then`, as
    it takes them; `span` is the history's _Span. Another page than the first is found
    by its keys, read with the span, `also` and `paged` (what a paged history asks
    besides: where he stood or who is in charge). Each spell is given `record`, not
    read again."""

    def another_page():  # built only for a page other than the first (0 is none)
        number, early = int(page_number), (span.rows, *also, *paged)
        return _ReadPage(pages.page(number, record.pk, on, early, then) if number else [])

    page = page_of(
        page_number,
        another_page,
        HISTORY_PAGE,
        count=span.count,
        first=lambda: pages(record.pk, on, also=also, then=then),
    )
    for spell in page:
        setattr(spell, field, record)
    return page


def profile(manager, on, as_of=False, page_number="1"):
    """The context of a manager's page as of `on` (`as_of`: a day was asked for): his
    spells oldest first, HISTORY_PAGE a page (`page_number` is the text of `?page=`)."""
    stories = STORIES_OF_MANAGER(manager=manager.pk, now=_published_by(on, as_of))
    # Where he stood that day may lie on another page of a long career: the spells
    # running then and the last one ended, asked for when there are other pages.
    standing = [
        RUNNING_SPELLS(manager=manager.pk, on=on),
        LAST_ENDED_SPELL(manager=manager.pk, on=on),
    ]
    span = _Span(SPAN_OF_CAREER, manager, on)
    read_early = {}

    def with_the_spells(spells, paged):  # read with the page's honours and sources
        read_early["neighbours"] = _neighbours_of(spells[:HISTORY_PAGE])
        also = [span.rows, *standing] if paged else []
        return [q for q in (read_early["neighbours"], stories, *also) if q is not None]

    page = _history_page(
        page_number,
        on,
        "manager",
        manager,
        CAREER_PAGES,
        span,
        also=[stories],
        paged=standing,
        then=with_the_spells,
    )
    paged = page.paginator.num_pages > 1
    neighbours = read_early.get("neighbours")
    # What the page's round trips did not read: its stories, if it has no spells.
    unread = (neighbours, stories, *(standing if paged else ()))
    read_together(*(q for q in unread if q is not None))
    neighbours = [Neighbour._make(row) for row in (neighbours if neighbours is not None else ())]
    # Named on this page, their managers are not loaded as records: tagged here, so that
    # a name changed reaches it (the page cache).
    pagetags.add(*(Manager.page_tag(n.manager_id) for n in neighbours))
    shown = asof.attach_succession(asof.begun_by(page, on), neighbours, on)
    if paged:
        where = asof.standing([spell for spells in standing for spell in spells], on)
    else:
        where = asof.standing(shown, on)
    honours_by_club = {}
    for spell in shown:
        if spell.honours_won:
            honours_by_club.setdefault(spell.club, []).extend(spell.honours_won)
    sources = {source.pk: source for spell in shown for source in spell.source_list}
    return {
        **_dated(on, as_of),
        "manager": manager,
        "age": manager.age_on(on),
        "current": where.current,
        "last": where.last,
        "tenures": shown,
        "page": page,
        "timeline": build_timeline(shown, lambda t: t.club.short_name, on, since=span.since(page)),
        "honours_by_club": honours_by_club,
        "sources": sorted(sources.values(), key=lambda s: (s.publisher, s.title)),
        "stories": stories,
        "jsonld": [
            structured.person(manager, asof.known(where.current, on)),
            structured.breadcrumbs(
                ("Managers", reverse("careers:manager_list")),
                (manager.full_name, manager.get_absolute_url()),
            ),
        ],
    }


def club_history(club, on, as_of=False, page_number="1"):
    """The context of a club's page as of `on`: its spells newest first, HISTORY_PAGE
    a page (`page_number` is the text of `?page=`), so a century of spells stays one light
    page. The timeline's axis spans the whole history; its bars are the page's."""
    stories = STORIES_OF_CLUB(club=club.pk, now=_published_by(on, as_of))
    span = _Span(SPAN_OF_CLUB_HISTORY, club, on)
    running = RUNNING_IN_CHARGE(club=club.pk, on=on)

    def with_the_spells(spells, paged):  # read with the page's honours
        if not paged:
            return [stories]
        # Who is in charge that day, when no spell of the page is.
        found = asof.running_in_charge(spells[:HISTORY_PAGE], on)
        return [span.rows, stories, *([] if found else [running])]

    page = _history_page(
        page_number,
        on,
        "club",
        club,
        CLUB_HISTORY_PAGES,
        span,
        also=[stories],
        paged=[running],
        then=with_the_spells,
    )
    shown = asof.begun_by(page, on)
    in_charge = [t for t in shown if t.is_in_charge]
    current = asof.in_charge(in_charge, on)
    if current is None and page.paginator.num_pages > 1:
        # Not among this page's spells: read with its keys or its honours (or now, if
        # it has none).
        running, _ = read_together(running, stories)
        current = asof.in_charge(running, on)
    honours_by_manager = {}
    for spell in reversed(shown):
        if spell.honours_won:
            honours_by_manager.setdefault(spell.manager, []).extend(spell.honours_won)
    return {
        **_dated(on, as_of),
        "club": club,
        "current": current,
        "tenures": shown,
        "page": page,
        "timeline": build_timeline(
            in_charge[::-1], lambda t: t.manager.short_name, on, since=span.since(page)
        ),
        "honours_by_manager": honours_by_manager,
        "stories": stories,
        "jsonld": [
            structured.sports_team(club, asof.known(current, on)),
            structured.breadcrumbs(
                ("Clubs", reverse("careers:club_list")), (club.short_name, club.get_absolute_url())
            ),
        ],
    }

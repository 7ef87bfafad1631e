"""Search: managers and clubs by their names, stories by their words.

`find(text, page)` answers the search page. Managers and clubs are matched by name
(`words.match`: every word in any order, the last as a prefix, typos forgiven, a
manager's clubs and a club's city as context) among the candidates the database's own
index proposes (`engines.name_candidates`); stories by the database's full-text index
(`engines.StoryMatches`). When nothing matches, the nearest names are offered.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q
from markupsafe import Markup, escape

from football.careers.models import Club, Manager, Tenure
from football.core.params import page_of
from football.core.text import fold

from . import engines
from .words import Query, match, names_some, typo_limit

MANAGER_FIELDS = ("full_name", "short_name", "other_names", "slug", "nationality")
CLUB_FIELDS = ("short_name", "name", "other_names", "nicknames", "slug", "city", "country")
SHOWN = 10  # managers, clubs
PER_PAGE = 20  # stories
SUGGESTIONS = 3
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
UNMARKED_CONTROL = re.compile(r"[\x00\x01\x04-\x1f\x7f]")  # all but engines.START, STOP
# Markdown's marks, dropped from a body's excerpt: link targets, brackets, emphasis,
# code, and headings or quotes at the start of a line.
MARKDOWN = re.compile(r"\]\([^)\s]*\)?|[\[\]*`]|(?m:^\s*(?:#+|>)\s?)|(?<!\w)_|_(?!\w)")


@dataclass
class Results:
    query: Query
    managers: list = field(default_factory=list)
    clubs: list = field(default_factory=list)
    page: object = None
    suggestions: list = field(default_factory=list)
    common: int = 0  # when more stories match than this, the newest come first

    @property
    def empty(self):
        return not (self.managers or self.clubs or (self.page and self.page.object_list))


def clean(text, limit):
    """The query as typed, less control characters (PostgreSQL cannot store a NUL)."""
    return CONTROL.sub("", text or "").strip()[:limit]


def find(text, page="1"):
    query = Query.parse(text)
    results = Results(query)
    if not query:
        return results
    kinds = [Named(Manager, MANAGER_FIELDS, _managers), Named(Club, CLUB_FIELDS, _clubs)]
    for kind in kinds:
        kind.look(query)
    # A word some name or story holds as typed is no typo; the others may be
    # misspelt names.
    misspelt = {w for w in query.unfound(t for k in kinds for t in k.texts) if typo_limit(w)}
    misspelt -= engines.in_stories(misspelt)
    if misspelt:
        for kind in kinds:
            kind.look(query, misspelt)
    results.managers, results.clubs = (kind.best() for kind in kinds)
    terms = query.story_terms()
    if any(not term.negated for term in terms):
        stories = engines.StoryMatches(terms)
        results.page = page_of(page, stories, PER_PAGE, count=stories.count)
        results.page.object_list = _cards(stories, results.page.object_list)
        results.common = stories.COMMON if stories.common else 0
    if results.empty:
        results.suggestions = _nearest(text, [name for kind in kinds for name in kind.names])
    return results


class Named:
    """The records of one kind (managers, clubs) answering a query: `look` reads the
    candidates the index proposes and keeps those that match, `best` gives the first
    SHOWN. `judge(query, rows)` gives the matches among rows (pk, *fields), the names
    read and the other texts that answered (a manager's clubs, a club's city)."""

    def __init__(self, model, fields, judge):
        self.model, self.fields, self.judge = model, fields, judge
        self.found, self.names, self.texts, self.seen = [], [], [], set()
        # A row's values in the model's field order, for from_db: which, and where.
        fetched = [model._meta.pk.attname, *fields]
        self.loaded = [f.attname for f in model._meta.concrete_fields if f.attname in fetched]
        self.at = [fetched.index(name) for name in self.loaded]

    def look(self, query, misspelt=frozenset()):
        rows = engines.name_candidates(self.model, query, self.fields, misspelt)
        rows = [row for row in rows if row[0] not in self.seen]
        self.seen.update(row[0] for row in rows)
        found, names, context = self.judge(query, rows)
        self.found += found
        self.names += names
        self.texts += names + context

    def best(self):
        best = sorted(self.found, key=lambda pair: pair[0])[:SHOWN]
        return [self._record(row) for _, row in best]

    def _record(self, row):
        """The record of a row (pk, *fields), with only those fields loaded."""
        return self.model.from_db(DEFAULT_DB_ALIAS, self.loaded, [row[i] for i in self.at])


def _managers(query, rows):
    found, names, partly = [], [], []
    for row in rows:
        pk, full_name, short_name, other_names = row[:4]
        own = Manager.names_of(full_name, short_name, other_names)
        names.extend(own)
        if m := match(query, own, (), full_name):
            found.append((m, row))
        elif len(query.words) > 1 and names_some(query, own):
            partly.append((row, own))
    # The words his names lack may name his clubs: "allegri juventus".
    clubs = _clubs_managed(query, [row[0] for row, _ in partly]) if partly else {}
    for row, own in partly:
        if row[0] in clubs and (m := match(query, own, clubs[row[0]], row[1])):
            found.append((m, row))
    return found, names, [name for names in clubs.values() for name in names]


def _clubs_managed(query, manager_ids):
    """The names of the clubs each of the managers had a spell at, among the clubs
    holding one of the query's words (a word, or the start of one): often none."""
    named = Q()
    for word in query.words:
        named |= Q(search_text__contains=word)
    clubs = {
        pk: names
        for pk, *names in Club.objects.filter(named).values_list("pk", "short_name", "other_names")
    }
    managed = {}
    if clubs:
        spells = Tenure.objects.filter(manager_id__in=manager_ids, club_id__in=list(clubs))
        for manager_id, club_id in spells.values_list("manager_id", "club_id").distinct():
            managed.setdefault(manager_id, []).extend(clubs[club_id])
    return managed


def _clubs(query, rows):
    found, names, cities = [], [], []
    for row in rows:
        pk, short_name, name, other_names, nicknames, slug, city, country = row
        own = Club.names_of(short_name, name, other_names, nicknames)
        names.extend(own)
        cities.append(city)
        if m := match(query, own, (city,), short_name):
            found.append((m, row))
    return found, names, cities


def _cards(stories, ids):
    """The page's stories in rank order, each with its snippet marked."""
    by_id = stories.cards(ids)
    cards = []
    for pk in ids:
        story = by_id[pk]
        if engines.START in story.standfirst_marked:
            story.snippet = marked(story.standfirst_marked)
        else:
            story.snippet = marked(story.body_marked, markdown=True)
        if not story.snippet:
            story.snippet = escape(story.standfirst)
        cards.append(story)
    return cards


def marked(snippet, markdown=False):
    """A snippet escaped, then its matching words marked: markup in it stays text."""
    text = MARKDOWN.sub("", snippet or "") if markdown else snippet or ""
    text = " ".join(text.split())
    if engines.START not in text:
        return Markup("")
    html = str(escape(UNMARKED_CONTROL.sub("", text)))
    return Markup(html.replace(engines.START, "<mark>").replace(engines.STOP, "</mark>"))


def _nearest(text, names):
    """Up to SUGGESTIONS names closest to what was typed."""
    typed = fold(text)
    scored = {}
    for name in names:
        ratio = difflib.SequenceMatcher(None, typed, fold(name)).ratio()
        if ratio >= 0.6:
            scored[name] = max(ratio, scored.get(name, 0))
    return sorted(scored, key=lambda name: (-scored[name], name))[:SUGGESTIONS]

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

from django.db.models import Q
from markupsafe import Markup, escape

from football.careers.models import Club, Manager, Tenure
from football.core.params import page_of
from football.core.text import fold

from . import engines
from .words import Query, match, names_some

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
    managers, manager_names = _managers(query)
    clubs, club_names = _clubs(query)
    results.managers = [m for _, m in sorted(managers, key=lambda pair: pair[0])][:SHOWN]
    results.clubs = [c for _, c in sorted(clubs, key=lambda pair: pair[0])][:SHOWN]
    terms = query.story_terms()
    if any(not term.negated for term in terms):
        stories = engines.StoryMatches(terms)
        results.page = page_of(page, stories, PER_PAGE, count=stories.count)
        results.page.object_list = _cards(stories, results.page.object_list)
    if results.empty:
        results.suggestions = _nearest(text, manager_names + club_names)
    return results


def _managers(query):
    fields = ("full_name", "short_name", "other_names", "slug", "nationality")
    candidates = list(engines.name_candidates(Manager, query, fields))
    found, names, unmatched = [], [], []
    for manager in candidates:
        own = manager.names()
        names.extend(own)
        if m := match(query, own, (), manager.full_name):
            found.append((m, manager))
        elif names_some(query, own):
            unmatched.append((manager, own))
    if len(query.words) > 1 and unmatched:
        # Words his names lack may name his clubs: "allegri juventus".
        clubs = {}
        # Only clubs holding one of the words are read (a word, or the start of one).
        named = Q()
        for word in query.words:
            named |= Q(club__search_text__contains=word)
        spells = Tenure.objects.filter(named, manager_id__in=[m.pk for m, _ in unmatched])
        for manager_id, *club_names in spells.values_list(
            "manager_id", "club__short_name", "club__other_names"
        ).distinct():
            clubs.setdefault(manager_id, []).extend(club_names)
        for manager, own in unmatched:
            if m := match(query, own, clubs.get(manager.pk, ()), manager.full_name):
                found.append((m, manager))
    return found, names


def _clubs(query):
    fields = ("name", "short_name", "other_names", "nicknames", "slug", "city", "country")
    candidates = engines.name_candidates(Club, query, fields)
    found, names = [], []
    for club in candidates:
        own = club.names()
        names.extend(own)
        if m := match(query, own, (club.city,), club.short_name):
            found.append((m, club))
    return found, names


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

"""Stories as lists show them (the news, the home page): a headline, its address, the
day and the standfirst, read as rows, not records.

A page of news is twenty stories. Read as records, each cost it about 10 µs to build
(and two signals), and shown, three local times (its address's day and the two forms
of the time it was published, each asking for the current time zone again) and a
route reversed for its address: the page took 2.5 times as long with twenty stories
as with one. A Headline's local time is worked out once, in a zone asked for once a
page, and its address from a route found once for every day.

A headline is also made and rendered (news/includes/story_item.html) once for the row
it is read from, and kept: a list of stories is rendered again after any story is
saved (every page listing stories is then stale), and shows mostly the headlines it
showed before. The row is the key, so a story edited is a new row and a new headline.
Made and rendered each time, twenty headlines cost a page of news 0.15 ms more (0.85
against 0.70 ms at 20,000 stories, on SQLite).
"""

import functools

from django.template import engines
from django.utils import timezone

from football.core import pagetags
from football.core.dates import MONTHS

from .models import Story

# The columns a headline is read from, in the order Headline.rows() takes them.
FIELDS = ("pk", "slug", "headline", "standfirst", "published_at", "reliability")
RELIABILITY = {value: str(label) for value, label in Story.Reliability.choices}
ITEM = "news/includes/story_item.html"  # its macro `item` renders a headline
KEPT = 2000  # headlines kept in each process (a hundred pages of news, some 3 MB)


class Headline:
    """A story in a list: `url`, `headline`, `standfirst`, `reliability` and its label,
    and when it was published, in the site's time zone: `iso` (for `<time datetime>`)
    and `day` ("27 May 2021"). In a template, `{{ headline }}` is its list item."""

    __slots__ = ("pk", "url", "headline", "standfirst", "reliability", "label", "iso", "day")
    __slots__ += ("html",)

    def __init__(self, pk, url, headline, standfirst, reliability, published):
        self.pk, self.url, self.headline, self.standfirst = pk, url, headline, standfirst
        self.reliability = reliability
        self.label = RELIABILITY.get(reliability, reliability)
        self.iso = published.isoformat()
        self.day = f"{published.day} {MONTHS[published.month]} {published.year}"
        self.html = None

    def __html__(self):
        return self.html

    @classmethod
    def rows(cls, rows):
        """The Headlines of `rows` (of FIELDS), in their order. Each tags the page being
        rendered with its story, as a story loaded would: an edit to its headline makes
        stale the pages that show it."""
        # What else a headline depends on: the time zone, how its address is written (by
        # the script prefix and URLconf) and the template (a new macro when reloaded).
        item = engines["jinja2"].env.get_template(ITEM).module.item
        where = (timezone.get_current_timezone(), Story.addresses(), item)
        headlines = [_made(tuple(row), where) for row in rows]
        pagetags.add(*(Story.page_tag(headline.pk) for headline in headlines))
        return headlines


@functools.lru_cache(maxsize=KEPT)
def _made(row, where):
    """The Headline of `row`, rendered."""
    pk, slug, headline, standfirst, published_at, reliability = row
    zone, address, item = where
    published = published_at.astimezone(zone)
    made = Headline(pk, address(slug, published), headline, standfirst, reliability, published)
    made.html = item(made)
    return made

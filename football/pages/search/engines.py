"""The database half of search: each engine's own index, asked the same questions.

- Names (managers, clubs): the records sharing a three-letter piece with a query word,
  most alike first. SQLite asks its FTS5 trigram table, PostgreSQL its pg_trgm index;
  `football.pages.search.words` then decides, the same way on both, what matches.
- Stories: the published stories holding every term (stemmed: "sacked" finds "sack"),
  by relevance (headline over standfirst over body), then the newest first. SQLite asks
  its FTS5 table (Porter stemmer), PostgreSQL its stored tsvector (English stemmer).

The indexes are made and kept current by the migrations careers 0008 and news 0006.
"""

from django.db import connection
from django.utils import timezone

from football.news.models import Story

from .words import Term, trigrams, typo_limit

CANDIDATES = 200  # names looked at per kind; the best are shown
# Marks around the matching words in snippets: control characters, never in the text
# (football.pages.search drops them from what it is given), so that the snippet can be
# escaped first and marked after.
START, STOP = "\x02", "\x03"


def _pieces(query, misspelt=frozenset()):
    """What a name must share with the query: a whole word, or, for a word that may be
    `misspelt`, a piece of it that its typos cannot all have touched. A word with up to k typos (words.typo_limit) split in
    k + 1 parts keeps one part intact ("alegri": "ale", "gri"; "allegri" has "gri");
    parts shorter than three letters are useless to a trigram index, so a long word
    with two typos allowed is cut in halves, and a short one gives its trigrams
    instead (more of them, and commoner)."""
    pieces = set()
    for word in query.words:
        if len(word) < 3:
            continue
        pieces.add(word)
        limit = typo_limit(word) if word in misspelt else 0
        parts = limit + 1
        while parts > 1 and len(word) // parts < 3:
            parts -= 1  # fewer, longer parts: still whole for most typos
        if parts > 1:
            size = len(word) // parts
            pieces |= {
                word[i * size : (i + 1) * size if i < parts - 1 else None] for i in range(parts)
            }
        elif limit:
            pieces |= trigrams(word)
    return sorted(pieces)


def name_candidates(model, query, fields, misspelt=frozenset()):
    """Up to CANDIDATES rows (pk, *fields) of `model` whose names may answer the query,
    the index's likeliest first, in one query: names holding a whole word of the
    query, or a piece of one of the words that may be `misspelt`."""
    table = model._meta.db_table
    meta = model._meta
    columns = ", ".join(
        f"n.{connection.ops.quote_name(field.column)}"
        for field in [meta.pk, *map(meta.get_field, fields)]
    )
    pieces = _pieces(query, misspelt)
    short = [w for w in query.words if len(w) < 3]
    if not pieces:
        # Only short words ("ac"): too short for a trigram index, read the names.
        like = " OR ".join(["search_text LIKE %s OR search_text LIKE %s"] * len(short))
        params = [p for w in short for p in (f"{w}%", f"% {w}%")]
        sql = f"FROM {table} n WHERE {like} ORDER BY length(search_text), id"
    elif connection.vendor == "postgresql":
        # Each piece is a LIKE the trigram index answers; the names holding most of
        # them first, then the shortest (as FTS5's bm25 ranks them on SQLite).
        like = ["search_text LIKE %s"] * len(pieces)
        shared = " + ".join(f"({piece})::int" for piece in like)
        sql = (
            f"FROM {table} n WHERE {' OR '.join(like)} "
            f"ORDER BY {shared} DESC, length(search_text), id"
        )
        params = [f"%{p}%" for p in pieces] * 2
    else:
        sql = (
            f"FROM {table}_names f JOIN {table} n ON n.id = f.rowid "
            f"WHERE {table}_names MATCH %s ORDER BY f.rank"
        )
        params = [" OR ".join(f'"{p}"' for p in pieces)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} {sql} LIMIT %s", [*params, CANDIDATES])
        return cursor.fetchall()


def in_stories(words):
    """Those of `words` some story holds whole (stemmed as stories are): one query."""
    if not words:
        return set()
    words = sorted(words)
    if connection.vendor == "postgresql":
        held = "EXISTS (SELECT 1 FROM news_story WHERE search_vector @@ to_tsquery('dugout', %s))"
        params = [_tsquery([Term((word,))]) for word in words]
    else:
        held = "EXISTS (SELECT 1 FROM news_story_text WHERE news_story_text MATCH %s)"
        params = [_fts5_match([Term((word,))]) for word in words]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([held] * len(words)), params)
        return {word for word, found in zip(words, cursor.fetchone(), strict=True) if found}


def _fts5_match(terms):
    positive, negative = [], []
    for term in terms:
        phrase = '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")
        (negative if term.negated else positive).append(phrase)
    return " AND ".join(positive) + "".join(f" NOT {n}" for n in negative)


def _tsquery(terms):
    parts = []
    for term in terms:
        words = [f"'{w}'" for w in term.words]
        if term.prefix:
            words[-1] += ":*"
        phrase = " <-> ".join(words)
        parts.append(f"!({phrase})" if term.negated else f"({phrase})")
    return " & ".join(parts)


class StoryMatches:
    """The published stories matching `terms`, best first, as a sequence the paginator
    can count and slice: each slice is one query for the page's ids.

    Stories are ranked by relevance, then recency, unless more than COMMON match: then
    the words are too common to tell the stories apart (a word in nearly every story
    weighs next to nothing), the newest come first and only COMMON are counted and
    paged, so that ranking and counting never walk every story."""

    COMMON = 1000
    PREFIX_FROM = 3  # letters a last word needs to be read as the start of words

    def __init__(self, terms, now=None):
        self.terms = terms
        self.now = now or timezone.now()
        self.postgres = connection.vendor == "postgresql"
        self._count = None

    def _settle(self):
        """Count the matches, deciding first how the last word is read: whole if a
        story holds it whole, since a finished word is what the reader meant
        ("manager", not also "managerial") and a prefix common in the text would cost
        the engine a merge of every word it starts; else ("alleg") as a start."""
        if self._count is not None:
            return
        *before, last = self.terms
        if last.prefix:
            whole = [*before, Term(last.words, last.negated)]
            count = self._count_of(whole)
            if count or len(last.words[-1]) < self.PREFIX_FROM:
                self.terms, self._count = whole, count
                return
        self._count = self._count_of(self.terms)

    def _count_of(self, terms):
        """How many published stories match `terms`, up to COMMON + 1."""
        sql, params = self._where(terms)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {sql} AND s.status = 'published' "
                "AND s.published_at <= %s LIMIT %s) matches",
                [*params, self.now, self.COMMON + 1],
            )
            return cursor.fetchone()[0]

    @property
    def _prefix(self):
        return any(term.prefix for term in self.terms)

    def _where(self, terms=None):
        terms = self.terms if terms is None else terms
        if self.postgres:
            return (
                "FROM news_story s WHERE s.search_vector @@ to_tsquery('dugout', %s) ",
                [_tsquery(terms)],
            )
        return (
            "FROM news_story_text JOIN news_story s ON s.id = news_story_text.rowid "
            "WHERE news_story_text MATCH %s ",
            [_fts5_match(terms)],
        )

    def count(self):
        """How many match, up to COMMON."""
        self._settle()
        return min(self._count, self.COMMON)

    @property
    def common(self):
        """Whether more than COMMON stories match."""
        self._settle()
        return self._count > self.COMMON

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        if self.common:
            sql, params = self._newest()
        else:
            sql, params = self._most_relevant()
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, stop - start, start])
            return [row[0] for row in cursor.fetchall()]

    def _most_relevant(self):
        sql, params = self._where()
        if self.postgres:
            relevance = "ts_rank(s.search_vector, to_tsquery('dugout', %s)) DESC"
            params = [*params, self.now, params[0]]
        else:
            relevance = "bm25(news_story_text, 10.0, 4.0, 1.0)"  # lower is better
            params = [*params, self.now]
        return (
            f"SELECT s.id {sql} AND s.status = 'published' AND s.published_at <= %s "
            f"ORDER BY {relevance}, s.published_at DESC, s.id DESC",
            params,
        )

    def _newest(self):
        """Newest first, along the published index, each story checked against the
        words as it is passed: most are matches, so a page is found in a few rows.
        On SQLite, FTS5 is asked about each story in turn, unless a word is a prefix:
        then it is asked once for the matching ids, since each question would merge the
        doclists of every word the prefix stands for."""
        if self.postgres:
            matches = "s.search_vector @@ to_tsquery('dugout', %s)"
            words = _tsquery(self.terms)
        else:
            if self._prefix:
                matches = (
                    "s.id IN (SELECT rowid FROM news_story_text WHERE news_story_text MATCH %s)"
                )
            else:
                matches = (
                    "EXISTS (SELECT 1 FROM news_story_text WHERE news_story_text.rowid = s.id "
                    "AND news_story_text MATCH %s)"
                )
            words = _fts5_match(self.terms)
        return (
            "SELECT s.id FROM news_story s WHERE s.status = 'published' "
            f"AND s.published_at <= %s AND {matches} ORDER BY s.published_at DESC, s.id DESC",
            [self.now, words],
        )

    def cards(self, ids):
        """The stories `ids`, each with `standfirst_marked` and `body_marked`: its
        standfirst and an excerpt of its body with the matching words between START
        and STOP. One query."""
        if not ids:
            return {}
        self._settle()
        columns = "s.id, s.headline, s.slug, s.standfirst, s.published_at"
        marks = f"StartSel={START}, StopSel={STOP}"
        if self.postgres:
            sql = (
                f"SELECT {columns}, ts_headline('dugout', s.standfirst, q, %s) standfirst_marked, "
                "ts_headline('dugout', s.body, q, %s) body_marked "
                "FROM news_story s, to_tsquery('dugout', %s) q WHERE s.id = ANY(%s)"
            )
            params = [
                f"HighlightAll=true, {marks}",
                f"MaxWords=28, MinWords=12, MaxFragments=1, {marks}",
                _tsquery(self.terms),
                list(ids),
            ]
        else:
            placeholders = ", ".join(["%s"] * len(ids))
            # Looked up in FTS5 by rowid, unless a prefix makes each look-up a merge.
            by = "s.id" if self._prefix else "news_story_text.rowid"
            sql = (
                f"SELECT {columns}, highlight(news_story_text, 1, %s, %s) standfirst_marked, "
                "snippet(news_story_text, 2, %s, %s, '…', 24) body_marked "
                "FROM news_story_text JOIN news_story s ON s.id = news_story_text.rowid "
                f"WHERE news_story_text MATCH %s AND {by} IN ({placeholders})"
            )
            params = [START, STOP, START, STOP, _fts5_match(self.terms), *ids]
        return {story.pk: story for story in Story.objects.raw(sql, params)}

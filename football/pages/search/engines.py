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
from django.db.models.expressions import RawSQL
from django.utils import timezone

from football.news.models import Story

from .words import trigrams, typo_limit

CANDIDATES = 200  # names looked at per kind; the best are shown
# Marks around the matching words in snippets: control characters, never in the text
# (football.pages.search drops them from what it is given), so that the snippet can be
# escaped first and marked after.
START, STOP = "\x02", "\x03"


def _pieces(query):
    """What a name must share with the query: a whole word, or a piece of one that its
    typos cannot all have touched. A word with up to k typos (words.typo_limit) split in
    k + 1 parts keeps one part intact ("alegri": "ale", "gri"; "allegri" has "gri");
    parts shorter than three letters are useless to a trigram index, so a long word
    with two typos allowed is cut in halves, and a short one gives its trigrams
    instead (more of them, and commoner)."""
    pieces = set()
    for word in query.words:
        if len(word) < 3:
            continue
        pieces.add(word)
        limit = typo_limit(word)
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


def name_candidates(model, query, fields):
    """Up to CANDIDATES records of `model` (with `fields` loaded) whose names may answer
    the query: one query, the index's pick of ids inside it."""
    table = model._meta.db_table
    pieces = _pieces(query)
    short = [w for w in query.words if len(w) < 3]
    if not pieces:
        # Only short words ("ac"): too short for a trigram index, read the names.
        like = " OR ".join(["search_text LIKE %s OR search_text LIKE %s"] * len(short))
        params = [p for w in short for p in (f"{w}%", f"% {w}%")]
        ids = f"SELECT id FROM {table} WHERE {like} ORDER BY length(search_text), id LIMIT %s"
    elif connection.vendor == "postgresql":
        # Each piece is a LIKE the trigram index answers; the names holding most of
        # them first, then the shortest (as FTS5's bm25 ranks them on SQLite).
        like = ["search_text LIKE %s"] * len(pieces)
        shared = " + ".join(f"({piece})::int" for piece in like)
        ids = (
            f"SELECT id FROM {table} WHERE {' OR '.join(like)} "
            f"ORDER BY {shared} DESC, length(search_text), id LIMIT %s"
        )
        params = [f"%{p}%" for p in pieces] * 2
    else:
        ids = f"SELECT rowid FROM {table}_names WHERE {table}_names MATCH %s ORDER BY rank LIMIT %s"
        params = [" OR ".join(f'"{p}"' for p in pieces)]
    return model.objects.only(*fields).filter(pk__in=RawSQL(ids, [*params, CANDIDATES]))


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
    can count and slice: each slice is one query for the page's ids."""

    def __init__(self, terms, now=None):
        self.terms = terms
        self.now = now or timezone.now()
        self.postgres = connection.vendor == "postgresql"
        self._count = None

    def _where(self):
        if self.postgres:
            return (
                "FROM news_story s WHERE s.search_vector @@ to_tsquery('dugout', %s) ",
                [_tsquery(self.terms)],
            )
        return (
            "FROM news_story_text JOIN news_story s ON s.id = news_story_text.rowid "
            "WHERE news_story_text MATCH %s ",
            [_fts5_match(self.terms)],
        )

    def count(self):
        if self._count is None:
            sql, params = self._where()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) {sql} AND s.status = 'published' AND s.published_at <= %s",
                    [*params, self.now],
                )
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        sql, params = self._where()
        if self.postgres:
            relevance = "ts_rank(s.search_vector, to_tsquery('dugout', %s)) DESC"
            params = [*params, self.now, params[0]]
        else:
            relevance = "bm25(news_story_text, 10.0, 4.0, 1.0)"  # lower is better
            params = [*params, self.now]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.id {sql} AND s.status = 'published' AND s.published_at <= %s "
                f"ORDER BY {relevance}, s.published_at DESC, s.id DESC LIMIT %s OFFSET %s",
                [*params, stop - start, start],
            )
            return [row[0] for row in cursor.fetchall()]

    def cards(self, ids):
        """The stories `ids`, each with `standfirst_marked` and `body_marked`: its
        standfirst and an excerpt of its body with the matching words between START
        and STOP. One query."""
        if not ids:
            return {}
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
            sql = (
                f"SELECT {columns}, highlight(news_story_text, 1, %s, %s) standfirst_marked, "
                "snippet(news_story_text, 2, %s, %s, '…', 24) body_marked "
                "FROM news_story_text JOIN news_story s ON s.id = news_story_text.rowid "
                f"WHERE news_story_text MATCH %s AND s.id IN ({placeholders})"
            )
            params = [START, STOP, START, STOP, _fts5_match(self.terms), *ids]
        return {story.pk: story for story in Story.objects.raw(sql, params)}

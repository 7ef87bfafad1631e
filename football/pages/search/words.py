"""What a reader typed, and how close a name comes to it. No database here.

A query is read as web search engines read it: words in any order, "a quoted phrase",
and -word to leave something out. Every word must match; the last one may be
unfinished (a prefix), since readers search as they type. A name word matches a query
word exactly, as a prefix (the last word only) or with one typo (two in words of eight
letters or more): a letter missing, doubled, swapped or wrong.
"""

import functools
import re
from dataclasses import dataclass, field

from football.core.text import fold

WORD = re.compile(r"\w+")
TERM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# Too common to tell stories apart; PostgreSQL's English configuration drops them, so
# both engines are given the query without them.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "will",
        "with",
    ]
)
TYPO_FROM = 4  # letters a word needs before a typo in it is forgiven

EXACT, PREFIX, TYPO = 3, 2, 1  # how a name word answers a query word
WHOLE, EVERY_WORD, WITH_CONTEXT, WITH_TYPOS = range(4)  # a Match's tier


@functools.lru_cache(maxsize=65536)
def words(text):
    """The folded words of a text (names repeat: each is folded once per process)."""
    return tuple(WORD.findall(fold(text)))


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    negated: bool = False
    prefix: bool = False  # the query's last word, perhaps not typed to its end


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    text: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text):
        tokens = TERM.findall(text)
        terms = []
        for minus, phrase, minus_word, word in tokens:
            found = tuple(words(phrase if phrase else word))
            if found:
                terms.append(Term(found, negated=bool(minus or minus_word)))
        positive = [i for i, term in enumerate(terms) if not term.negated]
        # A quoted phrase was typed to its end; a bare word may not have been.
        if positive and not tokens[-1][1]:
            last = positive[-1]
            terms[last] = Term(terms[last].words, prefix=True)
        return cls(tuple(terms), text)

    def __bool__(self):
        return bool(self.words)

    @functools.cached_property
    def words(self):
        """The words every match must have, in order; the last may be a prefix."""
        return [w for term in self.terms if not term.negated for w in term.words]

    @functools.cached_property
    def excluded(self):
        return {w for term in self.terms if term.negated for w in term.words}

    @functools.cached_property
    def last_is_prefix(self):
        positive = [term for term in self.terms if not term.negated]
        return bool(positive) and positive[-1].prefix

    @functools.cached_property
    def _answers(self):
        """How each name word met so far answers each of the words (a query meets the
        same name words in many records: each is weighed once)."""
        return {}

    def answers(self, name_word):
        """closeness() of `name_word` to each of the words, in order."""
        found = self._answers.get(name_word)
        if found is None:
            last = len(self.words) - 1
            found = self._answers[name_word] = tuple(
                closeness(word, name_word, i == last and self.last_is_prefix)
                for i, word in enumerate(self.words)
            )
        return found

    def unfound(self, texts):
        """The words none of the texts holds as typed (the last may be a start)."""
        held = {w for text in texts if text for w in words(text)}
        return {
            word
            for word, score in zip(self.words, self.scores(held), strict=True)
            if score < PREFIX
        }

    def scores(self, found):
        """How each of the words is answered by the set of words `found` (0: not)."""
        scores = [0] * len(self.words)
        for name_word in found:
            scores = list(map(max, scores, self.answers(name_word)))
        return scores

    def story_terms(self):
        """The terms without stop words (a phrase keeps them: it is matched whole)."""
        kept = []
        for term in self.terms:
            found = term.words
            if len(found) == 1 and found[0] in STOP_WORDS and not term.prefix:
                continue
            kept.append(term)
        return kept


def typo_limit(word):
    return 0 if len(word) < TYPO_FROM else 1 if len(word) < 8 else 2


def edits(a, b, limit):
    """The optimal string alignment distance (Damerau–Levenshtein with adjacent
    swaps), or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@functools.lru_cache(maxsize=65536)
def closeness(query_word, name_word, prefix):
    """EXACT, PREFIX, TYPO or 0: how `name_word` answers `query_word`."""
    if name_word == query_word:
        return EXACT
    if prefix and name_word.startswith(query_word):
        return PREFIX
    limit = typo_limit(query_word)
    if limit:
        if edits(query_word, name_word, limit) <= limit:
            return TYPO
        start = name_word[: len(query_word)]
        if prefix and len(name_word) > len(query_word) and edits(query_word, start, limit) <= limit:
            return TYPO
    return 0


@dataclass(frozen=True, order=True)
class Match:
    """How well a record's names answer a query; smaller sorts first."""

    tier: int  # WHOLE name, EVERY_WORD in its names, WITH_CONTEXT, WITH_TYPOS
    shortfall: int  # how far each word fell short of an exact match, summed
    length: int  # words in the name matched best, so "Inter" before "Inter Milan"
    label: str


def names_some(query, names):
    """Whether the names answer at least one of the query's words."""
    return any(query.scores({w for name in names for w in words(name)}))


def match(query, names, context=(), label=""):
    """A Match when every query word is found in the names (or, for some words, in
    the context: a manager's clubs, a club's city), at least one in the names; else None.
    `names` are strings; the first is the one shown."""
    wanted = query.words
    named = [words(name) for name in names]
    name_words = {w for name in named for w in name}
    if query.excluded & name_words:
        return None
    scores = query.scores(name_words)
    if not any(scores):
        return None
    from_context = not all(scores)
    if from_context:
        context_words = {w for text in context for w in words(text)}
        in_context = query.scores(context_words)
        scores = [score or other for score, other in zip(scores, in_context, strict=True)]
        if not all(scores):
            return None
    whole = [name for name in named if sorted(name) == sorted(wanted)]
    if whole:
        tier = WHOLE
    elif min(scores) == TYPO:
        tier = WITH_TYPOS
    else:
        tier = WITH_CONTEXT if from_context else EVERY_WORD
    shortest = min((len(n) for n in (whole or named) if n), default=0)
    return Match(
        tier, sum(EXACT - s for s in scores), shortest, label or (names[0] if names else "")
    )


def trigrams(word):
    """The three-letter pieces of a word: a name sharing any of them may be a typo of it."""
    return {word[i : i + 3] for i in range(len(word) - 2)}

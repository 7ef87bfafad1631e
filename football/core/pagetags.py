"""What a page shows, gathered while it renders: its tags (surrogate keys).

The page cache (football.pagecache) opens a collection around each anonymous request
it may store (`collecting()`); everything else may add to it, and outside one every
call here does nothing. Three kinds of tags:

- record tags, "manager:12", "club:3", "story:44": added by themselves whenever such a
  record is loaded during the request (a `post_init` receiver the page cache connects
  for each model with a `page_tag`), so whatever a template shows of a record is
  covered without a view having to name it;
- own-page tags, "manager-page:12", "club-page:3", "story-page:44": added by a
  record's own page (its view), for the fields only that page shows (a model's
  OWN_PAGE: a biography, a spell's notes, a story's body); a change to those alone
  makes stale that page and no other page that shows the record;
- collection tags, "list:managers", "list:clubs", "list:stories", "list:spells": named by
  the views that list a collection (`declare`), since a new record appears on them
  before any page has loaded it. A record's change makes its collection stale only
  when it changes what lists show of it (the model's LISTED fields: a name, not a
  biography; see football.pagecache.signals); "list:search" goes stale when what only
  search reads changes (a story's body).

A page whose view declares nothing is tagged with every collection (EVERY_LIST): it
may list anything, so any change forgets it. A view that declares `records=False` (a
sitemap, a feed) keeps only its collection tags: what it shows of each record goes
stale with the collection, and thousands of record tags would not fit in a header.

This module imports nothing of the site, so every app may use it.
"""

import contextlib
import contextvars

MANAGERS = "list:managers"
CLUBS = "list:clubs"
STORIES = "list:stories"
SPELLS = "list:spells"
COLLECTIONS = (MANAGERS, CLUBS, STORIES, SPELLS)
SEARCH = "list:search"  # what search alone reads of a record (a story's body)
EVERY_LIST = (*COLLECTIONS, SEARCH)
EVERYTHING = "all"  # never stored: the global content version stands for it


class Collection:
    def __init__(self):
        self.records = set()
        self.collections = set()
        self.declared = False
        self.keep_records = True
        self.seconds = None  # how long the page may be stored at most (None: no limit)

    def tags(self):
        collections = self.collections if self.declared else set(EVERY_LIST)
        records = self.records if self.keep_records else set()
        return sorted(collections | records)


_current = contextvars.ContextVar("dugout_page_tags", default=None)


@contextlib.contextmanager
def collecting():
    """Collect the tags of what is rendered inside; yields the Collection."""
    collection = Collection()
    token = _current.set(collection)
    try:
        yield collection
    finally:
        _current.reset(token)


def add(*tags):
    """Tag the page being rendered (record tags)."""
    collection = _current.get()
    if collection is not None:
        collection.records.update(tags)


def declare(*collections, records=True, seconds=None):
    """The collections the page being rendered lists (none: it lists none), whether
    the records it loads tag it too, and for how many seconds at most it may be
    stored (what it shows changes with no tag: a sitemap's lastmod)."""
    collection = _current.get()
    if collection is not None:
        collection.declared = True
        collection.collections.update(collections)
        collection.keep_records = collection.keep_records and records
        if seconds is not None:
            collection.seconds = min(seconds, collection.seconds or seconds)


def on_record_loaded(sender, instance, **kwargs):
    """post_init receiver: a record loaded while a page renders tags the page."""
    collection = _current.get()
    if collection is not None and instance.pk is not None:
        collection.records.add(sender.page_tag(instance.pk))


def declared(*collections, records=True, seconds=None):
    """A view decorator: `declare(*collections, ...)` before the view."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            declare(*collections, records=records, seconds=seconds)
            return view(request, *args, **kwargs)

        wrapped.__name__ = getattr(view, "__name__", "view")
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator

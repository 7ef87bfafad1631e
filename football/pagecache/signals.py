"""What a saved, deleted or relinked record makes stale: the page tags it names.

Each content model (apps `careers` and `news`) says which tags a change to one of its
records makes stale (`stale_page_tags()`, see the models); a model that does not say
(Source, Competition) makes every page stale. The tags are asked for before the change
(the record as stored: a spell moved to another club or date still reaches its old club
and neighbours) and after it, and made stale once the transaction commits.

Lists (collection tags, football.core.pagetags) show little of each record: a model's
LISTED maps each list tag to the fields they show or search reads. A change keeps a
list tag only if one of its fields changed: a manager's biography or a spell's notes
edited leave the lists, the home page and search cached; his name changed does not.
A record created or deleted changes every list it is in. (Every change moves the
record's lastmod in the sitemaps: they are stored for minutes, not told.)

A record's own page (a manager's profile, a club's history, a story) shows fields no
other page shows: a model's OWN_PAGE names them, and a change to those alone makes
stale only the pages its `own_page_tags()` name (a spell's notes: its manager's
profile; a story's body: its page), not every page that shows the record. A model's
PLACEMENT names the fields that decide which pages show a record (a story's status
and date: which lists, which managers' latest stories); a change to none of them
reaches the pages tagged with the record and its own page, not every page its links
would (a headline edited: the pages showing the story, not its managers' every page).
Historical records (django-simple-history) are shown on no reader page and are ignored.
"""

from football.core import pagetags

from .store import invalidate_on_commit

CONTENT_APPS = {"careers", "news"}
EVERYTHING = {pagetags.EVERYTHING}


def _content(sender):
    return sender._meta.app_label in CONTENT_APPS and not hasattr(sender, "instance_type")


def _tags(instance):
    stale = getattr(instance, "stale_page_tags", None)
    return stale() if stale is not None else EVERYTHING


def _lists(sender):
    """Every list tag a record of `sender` may be in."""
    return set(getattr(sender, "LISTED", {}))


def _changed_fields(sender, stored, instance):
    """The fields that differ between the record as stored and as saved (fields not
    loaded on the instance, deferred, are not saved: unchanged)."""
    loaded = instance.__dict__
    return [
        field
        for field in sender._meta.concrete_fields
        if field.attname in loaded and loaded[field.attname] != getattr(stored, field.attname)
    ]


def _listed_changes(sender, changed):
    """The list tags one of whose fields is among the `changed` ones."""
    names = {field.attname for field in changed}
    return {tag for tag, fields in getattr(sender, "LISTED", {}).items() if names & set(fields)}


def _own_page_only(sender, changed):
    """Whether every `changed` field is one only the record's own page shows
    (OWN_PAGE). Fields the site sets itself, not editable (the folded names search
    reads, rendered Markdown, `auto_now`), follow the fields they come from."""
    own = getattr(sender, "OWN_PAGE", None)
    return own is not None and all(f.attname in own for f in changed if f.editable)


def _record_only(sender, changed):
    """Whether no `changed` field decides which pages show the record (a model's
    PLACEMENT: a story's status and date): the change then reaches the pages that show
    it, which carry its tag, and its own page, not every page its links would reach."""
    placement = getattr(sender, "PLACEMENT", None)
    return placement is not None and not any(f.attname in placement for f in changed)


def before_save(sender, instance, raw=False, using=None, **kwargs):
    """Note the tags of the record as stored, and the lists its change reaches;
    after_save makes them stale with its own (one cache write and one purge a save)."""
    if raw or not _content(sender) or instance.pk is None:
        return
    if not hasattr(instance, "stale_page_tags"):
        return  # after_save makes everything stale anyway
    stored = sender._base_manager.using(using).filter(pk=instance.pk).first()
    if stored is not None:
        changed = _changed_fields(sender, stored, instance)
        if _own_page_only(sender, changed):
            tags = stored.own_page_tags()
        elif _record_only(sender, changed):
            tags = {stored.page_tag(stored.pk), *stored.own_page_tags()}
        else:
            tags = None
        instance._stale_page_tags_before = (
            _tags(stored) if tags is None else tags,
            _listed_changes(sender, changed),
            tags is not None,
        )


def after_save(sender, instance, raw=False, created=False, using=None, **kwargs):
    if not _content(sender):
        return
    # A fixture being loaded (raw) may name records not there yet: forget everything.
    if raw:
        invalidate_on_commit(using, EVERYTHING)
        return
    noted = instance.__dict__.pop("_stale_page_tags_before", None)
    if noted is not None and not created:
        before, changed, same_pages = noted
        after = () if same_pages else _tags(instance)  # the same pages as before
        tags = {*before, *after} - _lists(sender) | changed
        invalidate_on_commit(using, tags)
        return
    tags = set(_tags(instance))
    if tags != EVERYTHING:
        tags |= _lists(sender)
    invalidate_on_commit(using, tags)


def before_delete(sender, instance, using=None, **kwargs):
    if _content(sender):
        tags = _tags(instance)
        invalidate_on_commit(using, tags if tags == EVERYTHING else {*tags, *_lists(sender)})


def links_changed(sender, instance, action, model, pk_set=None, using=None, **kwargs):
    """A story linked to or unlinked from managers, clubs, spells or sources (either
    side): asked before the change (a clear has no pk_set) and after it."""
    if not _content(sender):
        return
    tags = set(_tags(instance))
    page_tag = getattr(model, "page_tag", None)
    if page_tag is not None and pk_set:
        tags.update(page_tag(pk) for pk in pk_set)
    invalidate_on_commit(using, tags)


def connect(models):
    from django.db.models.signals import (
        m2m_changed,
        post_init,
        post_save,
        pre_delete,
        pre_save,
    )

    pre_save.connect(before_save, dispatch_uid="page-cache-before-save")
    post_save.connect(after_save, dispatch_uid="page-cache-save")
    pre_delete.connect(before_delete, dispatch_uid="page-cache-delete")
    m2m_changed.connect(links_changed, dispatch_uid="page-cache-m2m")
    # A record with a page tag loaded while a page renders tags the page.
    for model in models:
        if _content(model) and hasattr(model, "page_tag"):
            post_init.connect(
                pagetags.on_record_loaded, sender=model, dispatch_uid=f"page-tag-{model._meta}"
            )

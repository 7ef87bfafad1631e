"""Markdown for editors, safe HTML for readers.

Markdown is rendered first, then everything it produced is passed through nh3
(the ammonia sanitiser): only the tags and attributes below survive, links may
only point at http(s), mailto or a relative address, and every link gets
rel="noopener noreferrer".

On top of nh3's own URL check, every URL-valued attribute (href, cite) is checked
once more after removing whitespace and control characters, the characters some
browsers skip inside a scheme: "java	script:" or "java\\x00script:" reach nh3 as a
harmless-looking relative link, and `cite` is not checked by nh3 at all.
"""

import re

import markdown as markdown_lib
import nh3
from django.db import models
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "blockquote", "ul", "ol", "li",
    "strong", "em", "b", "i", "code", "pre", "a", "abbr", "cite", "q", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}}
URL_ATTRIBUTES = {"href", "cite"}
URL_SCHEMES = {"http", "https", "mailto"}
# Whitespace, C0/C1 controls and the replacement character that stands in for NUL.
INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufffd\u200b-\u200f\u2028\u2029\ufeff]+")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def safe_url_attribute(tag, attribute, value):
    """nh3's attribute_filter: drop a URL whose scheme, once squeezed, is not allowed."""
    if attribute not in URL_ATTRIBUTES:
        return value
    match = SCHEME.match(INVISIBLE.sub("", value))
    if match and match.group(1).lower() not in URL_SCHEMES:
        return None
    return value


def render_markdown(text):
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=safe_url_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


class RenderedMarkdown(models.TextField):
    """The sanitised HTML of another field's Markdown, rendered when the record is saved
    (and by bulk_create), so a page shows it without rendering it: Markdown and nh3 cost
    a story page about 2 ms, for a body that changes only when an editor saves it.

    Templates show it with the `rendered` filter, which renders the Markdown itself
    when the HTML is missing (a record loaded from a backup made before the field
    existed). A change to how Markdown is rendered needs a data migration that saves
    the HTML again (news/migrations/0007_rendered_markdown.py shows how).

    NULL until rendered, not "": SQLite adds a column that may be NULL in place, where
    it rebuilds the table for one with a default, and a rebuilt table loses its
    triggers (search's, which keep the names and stories indexed)."""

    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs.update(editable=False, blank=True, null=True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("editable", "blank", "null"):
            kwargs.pop(key, None)
        return name, path, args, {**kwargs, "source": self.source}

    def pre_save(self, model_instance, add):
        html = render_markdown(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, html)
        return html


def rendered(html, source):
    """A RenderedMarkdown value as safe HTML, or `source` rendered now if it has none."""
    if not html and source:
        html = render_markdown(source)
    return mark_safe(html or "")  # noqa: S308 - sanitised by nh3 (render_markdown)


def render_all(model, source, html, batch=500):
    """Save the HTML of every `model` record's `source` Markdown in `html`: for the
    migration that adds a RenderedMarkdown field (`model` is then the migration's),
    or one that renders them again. Each text is rendered once, and saved by key on
    every record that has it."""
    keys = {}
    for pk, text in model.objects.exclude(**{source: ""}).values_list("pk", source).iterator():
        keys.setdefault(text, []).append(pk)
    for text, pks in keys.items():
        value = render_markdown(text)
        for start in range(0, len(pks), batch):
            model.objects.filter(pk__in=pks[start : start + batch]).update(**{html: value})

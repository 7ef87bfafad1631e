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

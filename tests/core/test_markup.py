"""Editor-written Markdown never lets anything executable through to readers."""

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from football.core.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

SQUEEZE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\ufffd\u200b-\u200f\u2028\u2029\ufeff]+")
SAFE_SCHEMES = {"http", "https", "mailto"}


class Audit(HTMLParser):
    """Collects every tag and attribute of the sanitised output, as a browser would parse it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def assert_inert(html):
    audit = Audit()
    audit.feed(html)
    audit.close()
    for tag in audit.tags:
        assert tag in ALLOWED_TAGS, f"<{tag}> survived in {html!r}"
    for tag, name, value in audit.attributes:
        assert not name.startswith("on"), f"event handler {name} survived in {html!r}"
        assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, f"{tag}[{name}] in {html!r}"
        if name in {"href", "cite"}:
            squeezed = SQUEEZE.sub("", value).lower()
            scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", squeezed)
            assert scheme is None or scheme.group(1) in SAFE_SCHEMES, f"{name}={value!r}"
    lowered = html.lower()
    # Belt and braces: no raw tag of these kinds at all (text mentioning them is escaped).
    for executable in ["<script", "<style", "<iframe", "<svg", "<object", "<embed", "<img"]:
        assert executable not in lowered, f"{executable} survived in {html!r}"


def test_the_audit_spots_what_it_looks_for():
    for unsafe in [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="java&#9;script:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<p style="color:red">x</p>',
        '<b title="x" style="color:red">x</b>',
        '<img src="data:image/png;base64,AAAA">',
        "<svg></svg>",
    ]:
        with pytest.raises(AssertionError):
            assert_inert(unsafe)


ATTACKS = [
    # script tags, plain and disguised
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "\x00<script>alert(1)</script>",
    "<script\x20type='text/javascript'>alert(1);</script>",
    "```\n</code><script>alert(1)</script>\n```",
    # javascript: links in Markdown and HTML, with case, entities and whitespace tricks
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<q cite="javascript:alert(1)">q</q>',
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">hi</p>',
    "<a href='https://example.com' onmouseover='alert(1)'>x",
    '<abbr title="x" onclick="alert(1)">A</abbr>',
    "<body onload=alert(1)>",
    '<details open ontoggle="alert(1)">',
    # inline SVG and MathML
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # frames, objects, styles
    "<iframe src=https://evil.example></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=x></object><embed src=x>",
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<b style="position:fixed;top:0">x</b>',
    # data: URLs
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml,<svg onload=alert(1)>)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    # forms, base, meta refresh, links to stylesheets
    "<form action=https://evil.example><input name=q><button>go</button></form>",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    # malformed and unclosed HTML
    "<div><b>unclosed <i>tags",
    '<a href="https://example.com',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<p <script>alert(1)</script>>",
    "<img src=`x` onerror=alert(1)//",
    "</p></p></p><script>alert(1)",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_nothing_executable_survives(text):
    assert_inert(render_markdown(text))


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert(1)</script>", "alert"),
        ("<style>body{display:none}</style>", "display"),
        ("<iframe src=https://evil.example></iframe>", "evil"),
    ],
)
def test_script_style_and_frame_contents_are_dropped_not_shown(text, forbidden):
    assert forbidden not in render_markdown(text)


def test_ordinary_markdown_is_kept():
    html = render_markdown(
        "Allegri **returned** to *Juventus*.\n\n"
        '- one\n- two\n\n> a quote\n\n[report](https://example.com/a "The report")'
    )
    assert "<strong>returned</strong>" in html
    assert "<em>Juventus</em>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert (
        '<a href="https://example.com/a" title="The report" rel="noopener noreferrer">report</a>'
        in html
    )


@pytest.mark.parametrize(
    "href", ["https://example.com/", "http://example.com/", "mailto:desk@example.com", "/clubs/"]
)
def test_safe_links_are_kept(href):
    assert f'href="{href}"' in render_markdown(f"[x]({href})")


def test_a_query_mentioning_javascript_in_a_safe_link_is_kept():
    html = render_markdown("[x](https://example.com/?q=javascript:void)")
    assert 'href="https://example.com/?q=javascript:void"' in html


def test_a_safe_cite_is_kept():
    assert 'cite="https://example.com"' in render_markdown('<q cite="https://example.com">q</q>')


def test_text_that_looks_like_html_is_escaped_not_dropped():
    assert "5 &lt; 6" in render_markdown("5 < 6")


def test_the_template_filter_renders_sanitised_html():
    html = Template("{% load dugout %}{{ body|markdown }}").render(
        Context({"body": "**hi** <script>alert(1)</script>[x](javascript:alert(1))"})
    )
    assert "<strong>hi</strong>" in html
    assert_inert(html)


def test_empty_and_missing_text_render_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


FRAGMENTS = st.sampled_from(
    [
        "<", ">", "</", "/>", '"', "'", "`", "=", " ", "\t", "\n", "\x00", "&#", ";", "&colon;",
        "script", "javascript:", "JaVaScRiPt:", "java\tscript:", "data:", "vbscript:",
        "<script>", "</script>", "<svg", "<img", "<a href=", "<q cite=", "<iframe", "<style>",
        " onerror=", " onclick=", " style=", "alert(1)", "[x](", ")", "](", "![", "**", "<!--",
        "-->", "<![CDATA[", "<math>", "<p", "<b>", "x", "https://example.com",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS | st.text(max_size=5), max_size=40).map("".join))
def test_random_mixtures_of_dangerous_fragments_come_out_inert(text):
    assert_inert(render_markdown(text))

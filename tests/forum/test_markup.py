"""core.markup: hostile input first, then the Markdown people actually write.

Everything runs the real renderer; ``find_executable`` is an independent
second opinion on the output.
"""

from __future__ import annotations

import html
import time

import html5lib
import pytest

from core.markup import (
    MAX_SOURCE_CHARS,
    MarkupError,
    normalise,
    normalise_line,
    render,
)
from tests.html_safety import find_executable

LINK_REL = "nofollow ugc noopener noreferrer"
# A denial-of-service bound, not a performance target. It is checked against
# the CPU time of the render itself, so a busy shared test machine cannot turn
# a linear-time render into a failure.
RENDER_BUDGET_SECONDS = 1.0


def _tree(out: str):
    return html5lib.parseFragment(out, treebuilder="etree", namespaceHTMLElements=False)


def text_of(out: str) -> str:
    return "".join(_tree(out).itertext())


def anchors(out: str) -> list[dict[str, str]]:
    return [dict(a.attrib, text="".join(a.itertext())) for a in _tree(out).iter("a")]


def hrefs(out: str) -> list[str]:
    return [a["href"] for a in anchors(out) if "href" in a]


def tags(out: str) -> set[str]:
    return {el.tag for el in _tree(out).iter() if isinstance(el.tag, str)} - {
        "DOCUMENT_FRAGMENT"
    }


def squashed(value: str) -> str:
    """A URL decoded and with every space or control removed, lower-cased."""
    for _ in range(5):
        value = html.unescape(value)
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace()).lower()


def render_in_budget(source: str) -> str:
    started = time.process_time()
    out = render(source)
    elapsed = time.process_time() - started
    assert elapsed < RENDER_BUDGET_SECONDS, f"render took {elapsed:.2f}s"
    return out


# --- Raw HTML: never parsed as markup, always shown as the text typed ---------

RAW_HTML_CASES = [
    pytest.param("<script>alert(1)</script>", id="script-plain"),
    pytest.param("<ScRiPt>alert(1)</sCrIpT>", id="script-mixed-case"),
    pytest.param("<scr<script>ipt>alert(1)</scr</script>ipt>", id="script-nested"),
    pytest.param("<<script>script>alert(1)<</script>/script>", id="script-doubled-lt"),
    pytest.param("<script src=//evil.example/x.js></script>", id="script-src"),
    pytest.param("</p><script>alert(1)</script><p>", id="script-break-out-of-p"),
    pytest.param("<!--<script>-->alert(1)<!--</script>-->", id="script-in-comments"),
    pytest.param("<![CDATA[<script>alert(1)</script>]]>", id="script-cdata"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param('<a onclick="alert(1)">click me</a>', id="a-onclick"),
    pytest.param("<body onload=alert(1)>", id="body-onload"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("<svg/onload=alert(1)>", id="svg-slash-onload"),
    pytest.param('<div onmouseover="alert(1)">hover</div>', id="div-onmouseover"),
    pytest.param("<details open ontoggle=alert(1)>", id="details-ontoggle"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg-script"),
    pytest.param(
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        id="svg-xlink-href",
    ),
    pytest.param(
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>", id="svg-animate"
    ),
    pytest.param(
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        id="mathml-mutation",
    ),
    pytest.param('<math href="javascript:alert(1)">x</math>', id="mathml-href"),
    pytest.param("<style>body{display:none}</style>", id="style-element"),
    pytest.param(
        '<p style="background:url(javascript:alert(1))">x</p>', id="style-attribute"
    ),
    pytest.param('<iframe src="javascript:alert(1)"></iframe>', id="iframe-src"),
    pytest.param(
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>', id="iframe-srcdoc"
    ),
    pytest.param('<object data="javascript:alert(1)"></object>', id="object-data"),
    pytest.param(
        '<embed src="data:text/html,<script>alert(1)</script>">', id="embed-src"
    ),
    pytest.param(
        '<form action="javascript:alert(1)"><button>go</button></form>', id="form"
    ),
    pytest.param("<input autofocus onfocus=alert(1)>", id="input-onfocus"),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        id="meta-refresh",
    ),
    pytest.param('<base href="javascript:alert(1)//">', id="base-href"),
    pytest.param("<link rel=stylesheet href=//evil.example/x.css>", id="link-css"),
    pytest.param(
        "<a target=_blank href=https://example.org>x</a>", id="a-target-blank"
    ),
    pytest.param('<a href="javascript:alert(1)">click me</a>', id="a-href-js"),
    pytest.param("<div>\n<script>alert(1)</script>\n</div>", id="html-block"),
    pytest.param("> <script>alert(1)</script>", id="script-in-blockquote"),
    pytest.param("- <script>alert(1)</script>", id="script-in-list"),
    pytest.param("# <script>alert(1)</script>", id="script-in-heading"),
]


@pytest.mark.parametrize("source", RAW_HTML_CASES)
def test_raw_html_is_shown_as_text_and_never_becomes_markup(source):
    out = render_in_budget(source)
    assert find_executable(out) == []
    assert tags(out) <= {"p", "a", "blockquote", "ul", "li", "h3"}
    # The tag the user typed is still visible to readers, as text.
    start = source.index("<")
    first_tag = source[start : source.index(">", start) + 1]
    assert first_tag in text_of(out)


# --- javascript: and other dangerous schemes in Markdown links ----------------

JAVASCRIPT_LINK_CASES = [
    pytest.param("[click me](javascript:alert(1))", id="inline"),
    pytest.param("[click me](JAVASCRIPT:alert(1))", id="upper-case"),
    pytest.param("[click me](JaVaScRiPt:alert(1))", id="mixed-case"),
    pytest.param("[click me](&#106;avascript:alert(1))", id="decimal-entity"),
    pytest.param("[click me](&#0000106;avascript:alert(1))", id="padded-entity"),
    pytest.param("[click me](&#x6A;avascript:alert(1))", id="hex-entity"),
    pytest.param("[click me](&#X6a;avascript:alert(1))", id="hex-entity-upper-x"),
    pytest.param("[click me](javascript&colon;alert(1))", id="named-colon"),
    pytest.param("[click me](javascript&#58;alert(1))", id="decimal-colon"),
    pytest.param("[click me](javascript&#58alert(1))", id="colon-no-semicolon"),
    pytest.param("[click me](javascript&#x3A;alert(1))", id="hex-colon"),
    pytest.param("[click me](&#x26;#106;avascript:alert(1))", id="double-encoded"),
    pytest.param("[click me](\\&#106;avascript:alert(1))", id="escaped-ampersand"),
    pytest.param("[click me](javascript\\:alert(1))", id="escaped-colon"),
    pytest.param("[click me](<java\tscript:alert(1)>)", id="tab-in-scheme"),
    pytest.param("[click me](java&#9;script:alert(1))", id="tab-entity"),
    pytest.param("[click me](java&#x09;script:alert(1))", id="tab-hex-entity"),
    pytest.param("[click me](java&#10;script:alert(1))", id="newline-entity"),
    pytest.param("[click me](java&#13;script:alert(1))", id="cr-entity"),
    pytest.param("[click me](java\nscript:alert(1))", id="newline-in-scheme"),
    pytest.param("[click me](java%09script:alert(1))", id="percent-tab"),
    pytest.param("[click me](%6A%61vascript:alert(1))", id="percent-letters"),
    pytest.param("[click me]( javascript:alert(1))", id="leading-space"),
    pytest.param("[click me](<  javascript:alert(1)>)", id="leading-space-pointy"),
    pytest.param("[click me](\x01\x02javascript:alert(1))", id="leading-controls"),
    pytest.param("[click me](&#1;javascript:alert(1))", id="leading-control-entity"),
    pytest.param("[click me](\u00a0javascript:alert(1))", id="leading-nbsp"),
    pytest.param("[click me](\u200bjavascript:alert(1))", id="leading-zero-width"),
    pytest.param("[click me](javascript:1)", id="digits-only"),
    pytest.param("[click me](javascript:100)", id="digits-only-port-like"),
    pytest.param("[click me](javascript://%0aalert(1))", id="comment-newline"),
    pytest.param("[click me](javascript://example.org/%0Aalert(1))", id="comment-host"),
    pytest.param("[click me][1]\n\n[1]: javascript:alert(1)", id="reference"),
    pytest.param(
        "[click me][1]\n\n[1]: &#106;avascript:alert(1)", id="reference-entity"
    ),
    pytest.param(
        '[click me][1]\n\n[1]: <javascript:alert(1)> "title"', id="reference-pointy"
    ),
    pytest.param("[click me]\n\n[click me]: javascript:alert(1)", id="shortcut-ref"),
    pytest.param("<javascript:alert(1)> click me", id="autolink"),
    pytest.param("<JAVASCRIPT:alert(1)> click me", id="autolink-upper"),
    pytest.param("<javascript&#x3A;alert(1)> click me", id="autolink-entity"),
    pytest.param("![click me](javascript:alert(1))", id="image"),
    pytest.param("[![click me](javascript:alert(1))](javascript:1)", id="nested"),
    pytest.param("javascript:alert(1) click me", id="bare-text"),
    pytest.param("jAvAsCrIpT://example.org/%0aalert(1) click me", id="bare-host"),
]


@pytest.mark.parametrize("source", JAVASCRIPT_LINK_CASES)
def test_javascript_links_lose_their_href_but_keep_their_text(source):
    out = render_in_budget(source)
    assert find_executable(out) == []
    assert not [h for h in hrefs(out) if "javascript" in squashed(h)]
    assert "click me" in text_of(out)


OTHER_SCHEME_CASES = [
    pytest.param("[click me](vbscript:msgbox(1))", "vbscript", id="vbscript"),
    pytest.param("[click me](VBScript:msgbox(1))", "vbscript", id="vbscript-case"),
    pytest.param(
        "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "data",
        id="data-html",
    ),
    pytest.param(
        "[click me](data:text/html,<script>alert(1)</script>)",
        "data",
        id="data-html-plain",
    ),
    pytest.param(
        "[click me](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "data",
        id="data-svg",
    ),
    pytest.param(
        "![click me](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "data",
        id="data-svg-image",
    ),
    pytest.param(
        "![click me](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAY=)",
        "data",
        id="data-png-image",
    ),
    pytest.param("[click me](file:///etc/passwd)", "file", id="file"),
    pytest.param("[click me](ftp://example.org/x)", "ftp", id="ftp"),
    pytest.param("[click me](blob:https://example.org/x)", "blob", id="blob"),
    pytest.param("ftp://example.org/x click me", "ftp", id="bare-ftp"),
]


@pytest.mark.parametrize(("source", "scheme"), OTHER_SCHEME_CASES)
def test_links_with_other_schemes_are_not_links(source, scheme):
    out = render_in_budget(source)
    assert find_executable(out) == []
    assert not [h for h in hrefs(out) if squashed(h).startswith(scheme + ":")]
    assert "click me" in text_of(out)


ATTRIBUTE_INJECTION_CASES = [
    pytest.param('[click me](https://example.org" onclick="alert(1))', id="href"),
    pytest.param(
        '[click me](https://example.org "t\\" onmouseover=\\"alert(1)")', id="title"
    ),
    pytest.param(
        '[click me](https://example.org "<script>alert(1)</script>")',
        id="title-script",
    ),
    pytest.param(
        '![click me" onerror="alert(1)](https://example.org/a.png)', id="image-alt"
    ),
    pytest.param('![A](B "<C D="E" onerror=alert(1) >")click me', id="image-title"),
    pytest.param("[<img src=x onerror=alert(1)> click me](https://e.org)", id="text"),
    pytest.param('```js" onclick="alert(1)\nclick me\n```', id="fence-info"),
    pytest.param(
        "```\n</code></pre><script>alert(1)</script>\n```\nclick me", id="fence-body"
    ),
    pytest.param("`</code><script>alert(1)</script>` click me", id="code-span"),
]


@pytest.mark.parametrize("source", ATTRIBUTE_INJECTION_CASES)
def test_markdown_cannot_inject_attributes_or_tags(source):
    out = render_in_budget(source)
    assert find_executable(out) == []
    for anchor in anchors(out):
        assert set(anchor) <= {"href", "title", "rel", "text"}
    assert "click me" in text_of(out)


def test_no_link_ever_carries_a_target():
    out = render_in_budget(
        "<a target=_blank href=https://example.org>x</a> [y](https://example.org)"
    )
    assert find_executable(out) == []
    assert all("target" not in anchor for anchor in anchors(out))


def test_bidi_override_cannot_disguise_link_text():
    out = render("[\u202egro.elpmaxe](https://evil.example)")
    assert "\u202e" not in out
    assert anchors(out)[0]["text"] == "gro.elpmaxe"


def test_link_titles_are_bounded():
    out = render('[x](https://example.org "' + "t" * 5000 + '")')
    assert 0 < len(anchors(out)[0]["title"]) <= 200


# --- Denial of service: pathological input renders fast or not at all --------

DOS_CASES = [
    pytest.param(">" * 10_000 + " x", id="quotes-10000-deep"),
    pytest.param("> " * 10_000 + "x", id="quotes-spaced-10000-deep"),
    pytest.param("- " * 10_000 + "x", id="bullet-lists-10000-deep"),
    pytest.param("1. " * 10_000 + "x", id="ordered-lists-10000-deep"),
    pytest.param("> - " * 5_000 + "x", id="quote-list-alternating"),
    pytest.param("[" * 50_000, id="open-brackets-50000"),
    pytest.param("[" * 19_999 + "]", id="open-brackets-closed-once"),
    pytest.param("[a" * 10_000 + "]", id="nested-labels-closed-once"),
    pytest.param("![" * 10_000, id="image-openers"),
    pytest.param("[a](" * 5_000, id="unclosed-links"),
    pytest.param("[a]" * 6_000 + "\n\n[a]: /x", id="many-reference-uses"),
    pytest.param("a" * 100_000, id="word-100000"),
    pytest.param("*" * 50_000, id="stars-50000"),
    pytest.param("*a" * 10_000, id="emphasis-openers"),
    pytest.param("_" * 50_000, id="underscores-50000"),
    pytest.param("`" * 50_000, id="backticks-50000"),
    pytest.param("`a" * 10_000, id="backtick-runs"),
    pytest.param("(" * 50_000, id="open-parens-50000"),
    pytest.param("a-" * 50_000, id="hyphenated-word"),
    pytest.param("(a-" * 30_000, id="parenthesised-hyphens"),
    pytest.param("a." * 50_000, id="dotted-word"),
    pytest.param("https://example.org/" + ")" * 50_000, id="url-trailing-parens"),
    pytest.param("https://example.org/" + "a" * 99_000, id="url-99000"),
    pytest.param("- *x*\n" * 3_000, id="list-items-3000"),
    pytest.param("```\n" * 5_000, id="fences-5000"),
    pytest.param("&" * 20_000, id="ampersands"),
    pytest.param("<" * 20_000, id="less-thans"),
    pytest.param("&#x6A;" * 3_000, id="entities"),
    pytest.param("\n" * 100_000, id="newlines"),
]


@pytest.mark.parametrize("source", DOS_CASES)
def test_pathological_markdown_renders_within_budget(source):
    assert len(source) <= MAX_SOURCE_CHARS
    out = render_in_budget(source)
    assert find_executable(out) == []


def test_nesting_is_capped_instead_of_followed():
    out = render("> " * 10_000 + "x")
    assert 0 < out.count("<blockquote>") <= 20


def test_very_long_url_is_still_one_link():
    url = "https://example.org/" + "a" * 50_000
    out = render_in_budget(url)
    assert hrefs(out) == [url]


def test_input_over_the_hard_limit_is_refused():
    with pytest.raises(MarkupError):
        render("a" * (MAX_SOURCE_CHARS + 1))


def test_input_at_the_hard_limit_is_rendered():
    assert render_in_budget("a " * (MAX_SOURCE_CHARS // 2)).startswith("<p>a a")


def test_markup_error_is_a_value_error():
    assert issubclass(MarkupError, ValueError)


# --- Ordinary Markdown ---------------------------------------------------------


def test_empty_input_renders_as_empty_string():
    assert render("") == ""
    assert render("  \n\t\n") == ""


def test_emphasis_renders_to_strong_and_em():
    assert render("**bold** and *italic*") == (
        "<p><strong>bold</strong> and <em>italic</em></p>"
    )


def test_lists_render_to_ul_and_ol():
    out = render("- one\n- two\n\n1. first\n2. second")
    assert tags(out) == {"ul", "ol", "li"}
    assert text_of(out).split() == ["one", "two", "first", "second"]


def test_blockquote_renders():
    assert render("> quoted") == "<blockquote>\n<p>quoted</p>\n</blockquote>"


def test_inline_code_and_code_block_render():
    assert render("`x < y`") == "<p><code>x &lt; y</code></p>"
    assert render("```python\nprint(1)\n```") == "<pre><code>print(1)\n</code></pre>"


def test_hard_break_and_rule_render():
    out = render("one  \ntwo\n\n---")
    assert tags(out) == {"p", "br", "hr"}


def test_headings_are_demoted_below_the_page_headings():
    assert render("# Top") == "<h3>Top</h3>"
    assert render("## Second") == "<h4>Second</h4>"
    assert render("Setext\n======") == "<h3>Setext</h3>"
    assert render("###### Sixth") == "<h6>Sixth</h6>"


def test_tables_are_not_rendered_as_tables():
    out = render("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "table" not in tags(out)
    assert "| a | b |" in text_of(out)


def test_raw_html_is_escaped_not_interpreted():
    out = render("<b>x</b>")
    assert out == "<p>&lt;b&gt;x&lt;/b&gt;</p>"


def test_bare_url_is_linkified_with_rel():
    out = render("See https://example.org for more.")
    assert anchors(out) == [
        {"href": "https://example.org", "rel": LINK_REL, "text": "https://example.org"}
    ]


def test_bare_domain_is_linkified_as_http():
    assert hrefs(render("Try www.example.org/page?a=1&b=2 today")) == [
        "http://www.example.org/page?a=1&b=2"
    ]


def test_trailing_punctuation_is_not_part_of_a_linkified_url():
    out = render("(see https://example.org/page).")
    assert hrefs(out) == ["https://example.org/page"]
    assert text_of(out) == "(see https://example.org/page)."


def test_urls_in_code_are_not_linkified():
    assert anchors(render("`https://example.org`")) == []


def test_markdown_link_gets_rel_and_keeps_title():
    out = render('[NHS advice](https://www.nhs.uk/ "Read this")')
    assert anchors(out) == [
        {
            "href": "https://www.nhs.uk/",
            "title": "Read this",
            "rel": LINK_REL,
            # A listed reputable source (tests/forum/test_reputable_links.py).
            "class": "source-reputable",
            "text": "NHS advice",
        }
    ]


def test_autolink_gets_rel():
    assert anchors(render("<https://example.org/x>"))[0]["rel"] == LINK_REL


def test_mailto_link_is_kept():
    out = render("[write](mailto:help@example.org) or <help@example.org>")
    assert hrefs(out) == ["mailto:help@example.org", "mailto:help@example.org"]
    assert {a["rel"] for a in anchors(out)} == {LINK_REL}


@pytest.mark.parametrize("href", ["/threads/12/", "../up", "?page=2", "#answer-3"])
def test_relative_links_are_kept(href):
    assert hrefs(render(f"[here]({href})")) == [href]


def test_empty_link_target_keeps_only_the_text():
    assert render("[nowhere]()") == "<p>nowhere</p>"


def test_image_becomes_a_link_not_an_img():
    out = render('![a chart](https://example.org/chart.png "Weekly")')
    assert "img" not in tags(out)
    assert anchors(out) == [
        {
            "href": "https://example.org/chart.png",
            "title": "Weekly",
            "rel": LINK_REL,
            "text": "a chart",
        }
    ]


def test_image_inside_a_link_becomes_the_link_text():
    out = render("[![logo](https://example.org/l.png)](https://example.org/)")
    assert "img" not in tags(out)
    assert anchors(out) == [
        {"href": "https://example.org/", "rel": LINK_REL, "text": "logo"}
    ]


def test_entities_are_shown_as_characters():
    assert text_of(render("&lt;3 &amp; &copy;")) == "<3 & \u00a9"


# --- normalise / normalise_line -------------------------------------------------


def test_normalise_composes_to_nfc():
    assert normalise("caf" + "e\u0301") == "caf\u00e9"


def test_normalise_unifies_line_endings():
    assert normalise("a\r\nb\rc\n") == "a\nb\nc\n"


def test_normalise_strips_control_characters_but_keeps_tabs_and_newlines():
    assert normalise("a\x00b\x07c\x1bd\x7fe\x85f\x9fg\th\ni") == "abcdefg\th\ni"


def test_normalise_strips_bidi_overrides_from_bodies():
    assert normalise("abc\u202edef\u2066g\u2069") == "abcdefg"


def test_normalise_line_strips_bidi_and_zero_width_characters():
    assert normalise_line("\u202eevil\u200b\u200c\u200d\ufeff\u200e\u200f\u061cx") == (
        "evilx"
    )


def test_normalise_line_collapses_whitespace_and_newlines():
    assert normalise_line("  Low\t iron \r\n\n and  tiredness  ") == (
        "Low iron and tiredness"
    )


def test_normalise_line_composes_to_nfc():
    assert normalise_line("Cre\u0300me") == "Cr\u00e8me"


def test_parenthesised_url_keeps_its_own_brackets():
    out = render("(https://en.wikipedia.org/wiki/Anaemia_(disease))")
    assert hrefs(out) == ["https://en.wikipedia.org/wiki/Anaemia_(disease)"]
    assert text_of(out) == "(https://en.wikipedia.org/wiki/Anaemia_(disease))"

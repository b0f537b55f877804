"""The one place where user text becomes HTML.

Every post body goes ``normalise`` -> Markdown (markdown-it-py, raw HTML off)
-> bleach allow-list clean -> linkify, and every ``href`` that survives is
checked again here after browser-style normalisation. Titles and display names
never become HTML; they only go through ``normalise_line``.

This is the only module in the project allowed to import bleach, so that the
sanitising policy cannot drift between call sites.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import threading
import unicodedata
from collections.abc import Callable

import bleach
from bleach import html5lib_shim
from bleach.linkifier import TLDS, LinkifyFilter
from bleach.sanitizer import Cleaner
from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from core.links import is_reputable_source

logger = logging.getLogger(__name__)

#: Hard ceiling on what ``render`` accepts; forms enforce the smaller body limit
#: but this keeps any other caller from feeding the parser unbounded input.
MAX_SOURCE_CHARS = 100_000

#: markdown-it stops building deeper block/inline structure past this depth,
#: which bounds both parse time and the nesting bleach has to walk.
MAX_NESTING = 20

MAX_TITLE_ATTR_CHARS = 200

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
    }
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener noreferrer"
#: Class of links to a listed reputable source (``core.links``).
REPUTABLE_CLASS = "source-reputable"

# Headings inside a post sit under the page's own h1/h2, so shift them down.
_HEADING_DEMOTION = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6"}

_NEWLINES_RE = re.compile(r"\r\n?")
# C0 and C1 controls except tab and newline (CR is already gone), plus DEL and
# lone surrogates, which cannot be encoded as UTF-8 and would fail on save.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Override, embedding and isolate controls can reorder what readers see
# (e.g. make a link's text look like a different address).
_BIDI_CONTROL_RE = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Lines (titles, names) additionally lose marks and zero-width characters,
# which are only useful for spoofing a one-line label.
_LINE_INVISIBLE_RE = re.compile(r"[\u200b-\u200f\u061c\u2060\ufeff]")

# Browsers drop ASCII tab/newline anywhere in a URL and trim C0 controls and
# spaces at the ends; removing every whitespace, control and format character
# is stricter, so nothing a browser would read as a scheme can hide.
_URL_IGNORED_RE = re.compile(
    r"[\s\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
_URL_SCHEME_END_RE = re.compile(r"[:/?#]")


class MarkupError(ValueError):
    """The text cannot be rendered safely or within bounds."""


def normalise(text: str) -> str:
    """Normalise a multi-line body: NFC, LF line ends, no control or bidi chars."""
    text = _NEWLINES_RE.sub("\n", text)
    text = _CONTROL_RE.sub("", text)
    text = _BIDI_CONTROL_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def normalise_line(text: str) -> str:
    """Normalise a one-line label: ``normalise``, drop invisibles, collapse spaces."""
    text = _LINE_INVISIBLE_RE.sub("", normalise(text))
    return " ".join(text.split())


def _is_safe_href(value: str) -> bool:
    """Whether a URL, read the way a browser would, is http(s), mailto or relative."""
    previous = None
    # Unescape until stable: the value may be escaped once by the serializer
    # and again by whoever wrote it, and a browser decodes one layer per parse.
    for _ in range(10):
        if value == previous:
            break
        previous, value = value, html.unescape(value)
    else:
        return False
    value = _URL_IGNORED_RE.sub("", value).lower()
    if not value:
        return False  # An empty href only reloads the page; keep the text.
    match = _URL_SCHEME_END_RE.search(value)
    if match is None or match.group() != ":":
        return True  # No scheme: relative (path, query or fragment).
    return value[: match.start()] in ALLOWED_PROTOCOLS


def _allow_a_attr(tag: str, name: str, value: str) -> bool:
    if name == "href":
        return _is_safe_href(value)
    return name == "title"


def _link_callback(attrs: dict, new: bool = False) -> dict | None:
    # Runs on every <a> after sanitising, including links linkify has just
    # created from bare text, so it is the last word on what an href may be.
    href = attrs.get((None, "href"))
    if href is None or not _is_safe_href(href):
        return None
    kept: dict = {(None, "href"): href, "_text": attrs.get("_text", "")}
    title = attrs.get((None, "title"))
    if title:
        kept[(None, "title")] = title[:MAX_TITLE_ATTR_CHARS]
    kept[(None, "rel")] = LINK_REL
    if is_reputable_source(href):
        # Stored HTML is shared by readers of every language, so the visible
        # "reputable source" label comes from the stylesheet (:lang variants).
        kept[(None, "class")] = REPUTABLE_CLASS
    return kept


# bleach's URL pattern starts a match at any "(" or word boundary and lets
# "[\w-]+" run to the end of the text, so a long "a-a-a-..." or "((((" costs
# quadratic time. Here a match may only start where a run of word characters,
# dots, hyphens and "@" starts, or at the first "(" of a run (which
# strip_non_url_bits balances against a closing ")"), so each run is scanned
# a bounded number of times. Userinfo ("user:pass@host") is not linked on
# purpose: it is mostly used to disguise the real host.
_URL_RE = re.compile(
    r"""(?:(?<![\w@.\-(])\(++|(?<![\w@.\-]))
    (?:(?:{protocols}):/{{0,3}})?
    (?:[\w-]+\.)+(?:{tlds})(?::[0-9]+)?(?!\.\w)\b
    (?:[/?][^\s{{}}|\\^`<>"]*)?
    """.format(
        protocols="|".join(sorted(html5lib_shim.allowed_protocols)),
        tlds="|".join(sorted(TLDS, reverse=True)),
    ),
    re.IGNORECASE | re.VERBOSE,
)


class _Linkifier(LinkifyFilter):
    def __init__(self, source):
        super().__init__(
            source,
            callbacks=[_link_callback],
            skip_tags={"pre", "code"},
            parse_email=False,
            url_re=_URL_RE,
        )

    def strip_non_url_bits(self, fragment: str) -> tuple[str, str, str]:
        # Same result as bleach's version, which re-slices the string once per
        # trailing ")", "," or "." and so is quadratic on "http://x.org/))))...".
        start, end = 0, len(fragment)
        open_parens = fragment.count("(")
        while start < end:
            if fragment[start] == "(":
                start += 1
                open_parens -= 1
                if start < end and fragment[end - 1] == ")":
                    end -= 1
                continue
            last = fragment[end - 1]
            if (last == ")" and not open_parens) or last in ",.":
                end -= 1
                continue
            break
        return fragment[start:end], fragment[:start], fragment[end:]


_EtreeWalker = html5lib_shim.getTreeWalker("etree")


class _Walker(_EtreeWalker):
    # html5lib's etree walker finds a parent's position with list.index() on
    # the grandparent each time it climbs back up, which is quadratic in the
    # number of siblings (thousands of list items or paragraphs). Keeping each
    # ancestor's index on the stack makes the walk linear; the node tuples
    # otherwise keep html5lib's (element, index, ancestors, flag) shape.

    def getFirstChild(self, node):
        if isinstance(node, tuple):
            element, key, parents, flag = node
        else:
            element, key, parents, flag = node, None, [], None
        if flag in ("text", "tail"):
            return None
        if element.text:
            return element, key, parents, "text"
        if len(element):
            parents.append((element, key))
            return element[0], 0, parents, None
        return None

    def getNextSibling(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            if len(element):
                parents.append((element, key))
                return element[0], 0, parents, None
            return None
        if element.tail and flag != "tail":
            return element, key, parents, "tail"
        parent = parents[-1][0]
        if key < len(parent) - 1:
            return parent[key + 1], key + 1, parents, None
        return None

    def getParentNode(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            return (element, key, parents, None) if parents else element
        parent, parent_key = parents.pop()
        if not parents:
            return parent
        return parent, parent_key, parents, None


def _rewrite_tokens(state: StateCore) -> None:
    # One linear pass, so the cost stays proportional to the token count.
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_DEMOTION.get(token.tag, token.tag)
        elif token.type == "inline" and token.children:
            token.children = _replace_images(token.children, state)


def _replace_images(children: list[Token], state: StateCore) -> list[Token]:
    # <img> would fetch third-party URLs on page view (tracking the reader),
    # so an image becomes a link to it, or just its text inside a link.
    out: list[Token] = []
    link_depth = 0
    for token in children:
        if token.type == "link_open":
            link_depth += 1
        elif token.type == "link_close":
            link_depth = max(0, link_depth - 1)
        if token.type != "image":
            out.append(token)
            continue
        alt = state.md.renderer.renderInlineAsText(
            token.children, state.md.options, state.env
        )
        src = token.attrGet("src") or ""
        text = Token("text", "", 0, content=alt or src)
        if link_depth:
            out.append(text)
            continue
        link_open = Token("link_open", "a", 1, attrs={"href": src})
        title = token.attrGet("title")
        if title:
            link_open.attrSet("title", title)
        out.extend([link_open, text, Token("link_close", "a", -1)])
    return out


def _needs_closing_bracket(
    rule: Callable[[StateInline, bool], bool],
) -> Callable[[StateInline, bool], bool]:
    # Every "[" makes the link and image rules scan ahead for a label, up to
    # maxNesting levels deep, so a long run of "[" is one of the costliest
    # inputs. A label cannot end without a later "]", so answering "no" early
    # when there is none changes no output and makes such a run cheap.
    def guarded(state: StateInline, silent: bool) -> bool:
        last_close = getattr(state, "_carethread_last_close", None)
        if last_close is None:
            last_close = state.src.rfind("]")
            state._carethread_last_close = last_close
        if last_close <= state.pos:
            return False
        return rule(state, silent)

    return guarded


def _build_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    md.inline.ruler.at("link", _needs_closing_bracket(rules_inline.link))
    md.inline.ruler.at("image", _needs_closing_bracket(rules_inline.image))
    md.core.ruler.push("carethread_rewrite", _rewrite_tokens)
    return md


_markdown = _build_markdown()
_local = threading.local()


def _cleaner() -> Cleaner:
    # bleach's Cleaner keeps parser state, so each thread needs its own.
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = Cleaner(
            tags=ALLOWED_TAGS,
            attributes={"a": _allow_a_attr},
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[_Linkifier],
        )
        cleaner.walker = _Walker
        _local.cleaner = cleaner
    return cleaner


def render(source: str) -> str:
    """Turn Markdown from a user into sanitised HTML, or raise ``MarkupError``.

    The last few results are kept: a form checks that its text renders and
    the service then stores the same HTML, so one post is rendered once."""
    return _render(source)


@functools.lru_cache(maxsize=32)
def _render(source: str) -> str:
    if len(source) > MAX_SOURCE_CHARS:
        raise MarkupError(
            f"Text is too long to format ({len(source):,} > {MAX_SOURCE_CHARS:,})."
        )
    text = normalise(source)
    if not text.strip():
        return ""
    try:
        return _cleaner().clean(_markdown.render(text)).strip()
    except RecursionError as exc:
        raise MarkupError("Text is nested too deeply to format.") from exc
    except Exception as exc:
        # A parser bug on odd input must become a form error, not a 500; log it
        # so the bug is still seen.
        logger.exception("Markdown rendering failed")
        raise MarkupError("Text could not be formatted.") from exc


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders as exactly that text (a name in a
    quote, say): every character Markdown would read is backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def excerpt(rendered: str, limit: int = 240) -> str:
    """Plain text of a post's stored HTML (from ``render``), whitespace
    collapsed and cut at a word before ``limit`` characters with "…". Not
    HTML: templates escape it like any other text."""
    text = bleach.clean(rendered, tags=set(), strip=True)
    text = " ".join(html.unescape(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def highlight(text: str, start: str, stop: str) -> str:
    """Escape plain text and turn ``start``…``stop`` pairs into ``<mark>``."""
    out: list[str] = []
    is_open = False
    for piece in re.split(f"({re.escape(start)}|{re.escape(stop)})", text):
        if piece == start:
            if not is_open:
                out.append("<mark>")
                is_open = True
        elif piece == stop:
            if is_open:
                out.append("</mark>")
                is_open = False
        else:
            out.append(html.escape(piece, quote=True))
    if is_open:
        out.append("</mark>")
    return "".join(out)

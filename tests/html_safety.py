"""An independent check that rendered HTML cannot run code or load content.

This deliberately shares nothing with ``core.markup``: it parses the output
with html5lib the way a browser would and applies its own URL reading, so a
mistake in the renderer's checks is not repeated here.
"""

from __future__ import annotations

import html
import re
import unicodedata

import html5lib

BANNED_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "link",
        "meta",
        "base",
        "img",
        "image",
        "picture",
        "video",
        "audio",
        "source",
        "track",
        "template",
        "noscript",
        "portal",
    }
)

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "ping",
        "codebase",
        "manifest",
    }
)

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_XLINK_NS = "{http://www.w3.org/1999/xlink}"
_SCHEME_RE = re.compile(r"([^:/?#]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in ``value``, or None for a relative URL."""
    for _ in range(20):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    # Browsers remove tab/newline anywhere and trim controls and spaces at the
    # ends; dropping every space, control and format character is stricter.
    value = "".join(
        ch
        for ch in value
        if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    ).lower()
    match = _SCHEME_RE.match(value)
    return match.group(1) if match else None


def _local_name(name: str) -> str:
    if name.startswith(_XLINK_NS):
        return "xlink:" + name[len(_XLINK_NS) :]
    return name.rsplit("}", 1)[-1].lower()


def _bad_url(value: str) -> bool:
    scheme = url_scheme(value)
    return scheme is not None and scheme not in SAFE_SCHEMES


def find_executable(markup: str) -> list[str]:
    """Problems in ``markup`` that could run script, load content or open forms."""
    problems: list[str] = []
    root = html5lib.parseFragment(
        markup, treebuilder="etree", namespaceHTMLElements=False
    )
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue  # The fragment container itself, or a comment.
        tag = _local_name(element.tag)
        if tag in BANNED_ELEMENTS:
            problems.append(f"<{tag}> element")
        attrs = {_local_name(name): value for name, value in element.attrib.items()}
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}> event handler")
            elif name == "style":
                problems.append(f"<{tag} style> attribute")
            elif name == "srcdoc":
                problems.append(f"<{tag} srcdoc> attribute")
            elif name in URL_ATTRIBUTES and _bad_url(value):
                problems.append(f"<{tag} {name}={value!r}> unsafe URL")
            elif name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ", 1)[0]
                    if _bad_url(url):
                        problems.append(f"<{tag} srcset={value!r}> unsafe URL")
                        break
        if "target" in attrs and "noopener" not in attrs.get("rel", "").split():
            problems.append(f"<{tag} target> without rel=noopener")
    return problems

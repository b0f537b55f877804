"""TEMPORARY stub: replaced by the real renderer."""

import html
import unicodedata


class MarkupError(ValueError):
    pass


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def normalise_line(text: str) -> str:
    return " ".join(normalise(text).split())


def render(source: str) -> str:
    return "<p>" + html.escape(normalise(source)) + "</p>"

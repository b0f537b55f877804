"""What a search asks for, shared by the query parser and the backends: the
parsed words and phrases, and the filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


def fts5_string(text: str) -> str:
    """Quote text as one FTS5 string: searched for as words, never as syntax."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False


@dataclass
class ParsedQuery:
    """A websearch-style query: groups joined by OR, terms in a group by AND."""

    text: str
    groups: list[list[Term]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def to_websearch(self) -> str:
        """The same query as PostgreSQL websearch text, each term quoted."""
        return " or ".join(
            " ".join(("-" if t.negated else "") + f'"{t.text}"' for t in group)
            for group in self.groups
        )

    def to_fts5(self) -> str:
        """A MATCH expression in which every term is a quoted FTS5 string, so
        nothing the user typed can be read as FTS5 syntax."""
        parts = []
        for group in self.groups:
            positive = " AND ".join(fts5_string(t.text) for t in group if not t.negated)
            negative = "".join(
                f" NOT {fts5_string(t.text)}" for t in group if t.negated
            )
            parts.append(f"(({positive}){negative})")
        return " OR ".join(parts)


@dataclass(frozen=True)
class Filters:
    condition_id: int | None = None
    clinician_answered: bool | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None

"""Every row of the shared hostile-input corpus must render safely and quickly.

The corpus lives outside this repository, in ``shared/hostile-inputs`` next to
it (see its README for fields and sources). No row is allowed to raise
``MarkupError``: all of them are short enough to render, so refusing one would
only hide a renderer bug behind a form error.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from core.markup import render
from tests.html_safety import find_executable

CORPUS = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "hostile-inputs"
    / "public.jsonl"
)
EXPECTED_ROWS = 579
# A denial-of-service bound, not a performance target.
RENDER_BUDGET_SECONDS = 1.0

if not CORPUS.is_file():
    pytest.skip(
        f"hostile-input corpus not found at {CORPUS}; "
        "check out shared/hostile-inputs next to the repository to run these",
        allow_module_level=True,
    )


def _source(row: dict) -> str:
    if "input_b64" in row:
        # Invalid UTF-8 reaches the app as U+FFFD after Django decodes the
        # request, so that is what the renderer must cope with.
        return base64.b64decode(row["input_b64"]).decode("utf-8", errors="replace")
    return row["input"]


ROWS = [
    json.loads(line)
    for line in CORPUS.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_whole_corpus_is_loaded():
    assert len(ROWS) == EXPECTED_ROWS
    assert len({row["id"] for row in ROWS}) == EXPECTED_ROWS


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_hostile_input_renders_without_executable_content(row):
    source = _source(row)
    started = time.perf_counter()
    out = render(source)
    elapsed = time.perf_counter() - started
    assert elapsed < RENDER_BUDGET_SECONDS, f"render took {elapsed:.2f}s"
    assert find_executable(out) == []

"""Guard rails: HTML reaches pages only through ``core.markup``.

Post HTML is produced and sanitised in one module and stored as ``html``; the
only way templates may print it unescaped is ``<something>.html|safe``. Any
other way of marking text safe, and any other module importing bleach, fails
here with the file and line to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {".venv", "venv", "node_modules", "__pycache__", "staticfiles"}
MARKUP_MODULE = REPO / "core" / "markup.py"

UNSAFE_CODE_RE = re.compile(
    r"\bmark_safe\s*\(|\bSafeString\s*\("
    r"|\{%-?\s*autoescape\s+off|\{%-?\s*filter\s[^%]*\bsafe"
)
SAFE_FILTER_RE = re.compile(r"\|\s*safe")
ALLOWED_SAFE_RE = re.compile(r"\.html\|safe\b")
BLEACH_IMPORT_RE = re.compile(
    r"^[ \t]*(?:import\s+bleach\b|from\s+bleach\b)|import_module\(\s*['\"]bleach",
    re.MULTILINE,
)


def _walk(suffix: str) -> Iterator[Path]:
    for root, dirs, files in os.walk(REPO):
        # Prune in place so the virtualenv and caches are never descended into.
        dirs[:] = sorted(
            d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")
        )
        for name in sorted(files):
            if name.endswith(suffix):
                yield Path(root) / name


def _project_code() -> Iterator[Path]:
    for path in _walk(".py"):
        parts = path.relative_to(REPO).parts
        if parts[0] == "tests" or "migrations" in parts:
            continue
        yield path


def _templates() -> Iterator[Path]:
    for path in _walk(".html"):
        if "templates" in path.relative_to(REPO).parts:
            yield path


def _offences(path: Path, pattern: re.Pattern[str]) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [
        f"{path.relative_to(REPO)}:{text.count(chr(10), 0, match.start()) + 1}: "
        f"{match.group(0)!r}"
        for match in pattern.finditer(text)
    ]


def test_project_code_never_marks_strings_safe():
    offences = [
        offence
        for path in [*_project_code(), *_templates()]
        for offence in _offences(path, UNSAFE_CODE_RE)
    ]
    assert not offences, "\n" + "\n".join(offences)


def test_templates_only_use_safe_on_sanitised_post_html():
    offences = []
    for path in _templates():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in SAFE_FILTER_RE.finditer(text):
            # Allowed only as ".html|safe": the field markup.render wrote.
            start = match.start() - len(".html")
            if start >= 0 and ALLOWED_SAFE_RE.match(text, start):
                continue
            line = text.count("\n", 0, match.start()) + 1
            snippet = text.splitlines()[line - 1].strip()
            offences.append(f"{path.relative_to(REPO)}:{line}: {snippet}")
    assert not offences, "\n" + "\n".join(offences)


def test_only_the_markup_module_imports_bleach():
    offences = [
        offence
        for path in _walk(".py")
        if path != MARKUP_MODULE
        for offence in _offences(path, BLEACH_IMPORT_RE)
    ]
    assert not offences, "\n" + "\n".join(offences)


def test_the_scan_sees_the_project():
    # An empty scan would pass every check above, so prove it found files.
    code = list(_project_code())
    assert MARKUP_MODULE in code
    assert len(code) > 5

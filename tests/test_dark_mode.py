"""Dark mode follows the system setting with stylesheets only: Bootstrap's
dark colour mode (generated from the vendored Bootstrap, kept in step) is
linked for ``prefers-color-scheme: dark``, and CareThread's own colours change
in the same media query. Contrast in both schemes is checked by axe in
tests/browser/test_accessibility.py."""

import importlib.util
from pathlib import Path

from django.conf import settings
from django.test import Client

BASE = Path(settings.BASE_DIR)


def _builder():
    spec = importlib.util.spec_from_file_location(
        "build_dark_css", BASE / "scripts" / "build_dark_css.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dark_stylesheet_matches_the_vendored_bootstrap():
    builder = _builder()
    expected = builder.build(builder.SOURCE.read_text(encoding="utf-8"))
    assert builder.TARGET.read_text(encoding="utf-8") == expected, (
        "static/css/bootstrap-dark.css is stale: run `make dark-css`"
    )
    # Page-wide only, never a component themed on request.
    assert ".navbar:root" not in expected
    assert expected.count(":root{color-scheme:dark;") == 1


def test_every_page_links_the_dark_stylesheet_for_dark_systems_only(db):
    html = Client().get("/").content.decode()
    assert 'media="(prefers-color-scheme: dark)"' in html
    assert "bootstrap-dark" in html
    assert '<meta name="color-scheme" content="light dark">' in html
    site_css = (BASE / "static" / "css" / "site.css").read_text()
    assert "@media (prefers-color-scheme: dark)" in site_css

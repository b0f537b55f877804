"""Links to reputable sources: one rule decides (``core.links``), posts carry
its class and a label in the reader's language, and look-alikes get none."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template

from core import markup
from core.links import is_reputable_source, source_host


@pytest.fixture(autouse=True)
def _listed(settings):
    settings.CARETHREAD_REPUTABLE_SOURCES = ["nhs.uk", "who.int", "has-sante.fr"]


@pytest.mark.parametrize(
    "url",
    [
        "https://nhs.uk/",
        "https://www.nhs.uk/conditions/multiple-sclerosis/",
        "http://www.nhs.uk",
        "https://a.b.who.int/news?x=1#top",
        "HTTPS://WWW.NHS.UK/Conditions",  # Case.
        "https://www.nhs.uk./conditions/",  # The trailing dot of an FQDN.
        "https://www.nhs.uk:443/conditions/",  # A port.
        "https://www.nhs.uk:8443/",
        "https://www.has-sante.fr/jcms/c_1",
        "https://www.nhs.uk/page?next=https://evil.example/",
        "https://nhs.uk#@evil.example",  # "@" after the host: still nhs.uk.
    ],
)
def test_listed_domains_and_their_subdomains_are_reputable(url):
    assert is_reputable_source(url), url


@pytest.mark.parametrize(
    "url",
    [
        "https://evilnhs.uk/",  # Not at a dot boundary.
        "https://nhs.uk.evil.com/",  # Listed name as a prefix.
        "https://www.nhs.uk.evil.com/conditions",
        "https://nhs.uk@evil.com/",  # Userinfo: the host is evil.com.
        "https://www.nhs.uk:pass@evil.com/",
        "https://evil.com\\@nhs.uk/",
        "https://evil.com\\.nhs.uk/",  # Browsers read "\" as "/": host evil.com.
        "javascript:alert(1)//nhs.uk",
        "javascript://nhs.uk/%0aalert(1)",
        "data:text/html,nhs.uk",
        "ftp://nhs.uk/",
        "//nhs.uk/conditions",  # No scheme.
        "https://nhѕ.uk/",  # Cyrillic "ѕ" (IDN look-alike).
        "https://xn--nh-gta.uk/",  # A punycode look-alike.
        "https://ｎｈｓ.uk/",  # Fullwidth letters.
        "https://nhs。uk/",  # Ideographic full stop.
        "https://nhs%2Euk/",  # Percent-escaped dot.
        "https://www.nhs.uk\t.evil.com/",  # Browsers drop the tab.
        "https://www.nhs.uk :443/",
        "https://www.nhs.uk:99999/",  # Port out of range.
        "https://www.nhs.uk:44x/",
        "https://www.nhs.uk../",
        "https://[::1]/",
        "https://nhs.uk-evil.com/",
        "https://uk/",
        "",
        "nhs.uk",
    ],
)
def test_look_alikes_and_tricks_are_not_reputable(url):
    assert not is_reputable_source(url), url


def test_hosts_are_read_lower_case_without_the_trailing_dot():
    assert source_host("https://WWW.NHS.UK.:443/a") == "www.nhs.uk"
    assert source_host("https://nhs.uk@evil.com/") is None


def test_the_list_comes_from_settings(settings):
    assert not is_reputable_source("https://www.cochrane.org/")
    settings.CARETHREAD_REPUTABLE_SOURCES = ["Cochrane.org."]
    assert is_reputable_source("https://www.cochrane.org/")
    assert not is_reputable_source("https://www.nhs.uk/")


def test_the_default_list_holds_the_main_health_authorities():
    from config import settings as project_settings

    listed = project_settings.CARETHREAD_REPUTABLE_SOURCES
    for domain in ("nhs.uk", "who.int", "has-sante.fr", "ameli.fr", "cochrane.org"):
        assert domain in listed


def _links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]*)"[^>]*?(?: class="([^"]*)")?>', html)


def test_rendered_posts_mark_links_to_reputable_sources_only():
    html = markup.render(
        "See [the NHS page](https://www.nhs.uk/conditions/ms/) and "
        "https://who.int/news, not https://evilnhs.uk/x or "
        "[this](https://nhs.uk.evil.com/) or <https://nhs.uk@evil.com/>."
    )
    classes = {href: cls for href, cls in _links(html)}
    assert classes["https://www.nhs.uk/conditions/ms/"] == "source-reputable"
    assert classes["https://who.int/news"] == "source-reputable"
    assert classes["https://evilnhs.uk/x"] == ""
    assert classes["https://nhs.uk.evil.com/"] == ""
    assert classes["https://nhs.uk@evil.com/"] == ""
    assert html.count("source-reputable") == 2


def test_members_cannot_give_their_own_links_the_class():
    html = markup.render(
        '<a href="https://evil.example" class="source-reputable">x</a> '
        '[y](https://evil.example "source-reputable")'
    )
    assert 'class="source-reputable"' not in html


def test_the_label_is_in_the_stylesheet_in_english_and_french():
    css = (Path(django_settings.BASE_DIR) / "static/css/site.css").read_text()
    assert re.search(
        r'\.post-body a\.source-reputable::after \{ content: "reputable source"', css
    )
    assert re.search(
        r'a\.source-reputable:lang\(fr\)::after \{ content: "source reconnue"', css
    )


def _source_link(url: str, language: str = "en") -> str:
    from django.utils import translation

    with translation.override(language):
        return Template("{% load review_tags %}{% source_link url %}").render(
            Context({"url": url})
        )


def test_source_links_show_the_host_and_the_label_for_listed_sources():
    html = _source_link("https://www.nhs.uk/conditions/ms/")
    assert ">www.nhs.uk</a>" in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html
    assert "reputable source" in html


def test_source_links_elsewhere_have_no_label():
    html = _source_link("https://evilnhs.uk/ms")
    assert ">evilnhs.uk</a>" in html
    assert "reputable source" not in html


def test_a_source_that_is_not_a_plain_web_address_is_never_a_link():
    html = _source_link("javascript:alert(1)//nhs.uk")
    assert "<a" not in html
    assert "javascript:alert(1)//nhs.uk" in html
    html = _source_link('https://x.org/"><script>alert(1)</script>')
    assert "<script>" not in html

"""French translation: pages render in French when the browser asks for it or
the footer switcher chooses it, stay English otherwise, and the committed
catalogue (locale/fr/LC_MESSAGES/django.po and its compiled django.mo) is
complete."""

import ast
import datetime as dt
import html
import re
from pathlib import Path

import html5lib
import pytest
from django.conf import settings
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from forum.models import Post
from moderation import services as moderation_services
from tests.factories import reply

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _restore_language():
    """LocaleMiddleware activates the request's language in this thread and
    leaves it active: put English back so later tests are not in French."""
    previous = translation.get_language()
    yield
    translation.activate(previous)


# A small .po reader (polib is not a dependency) ------------------------------


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr(s), flags."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": [], "msgid": "", "msgid_plural": None, "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key.startswith("msgstr"):
                entry["msgstr"][key] += value
            else:
                entry[key] += value
        else:
            match = re.match(
                r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line
            )
            assert match, f"unexpected line in {path.name}: {line!r}"
            key, value = match.group(1), ast.literal_eval(match.group(2))
            if key.startswith("msgstr"):
                entry["msgstr"][key] = value
            else:
                entry[key] = value
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    entries = read_po(PO_FILE)
    assert entries[0]["msgid"] == "", "the header comes first"
    return entries


# Rendering helpers --------------------------------------------------------------


def visible_text(markup: str) -> str:
    """Text a reader meets: element text plus labels in attributes, with
    scripts and JSON blocks left out."""
    doc = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    parts = []
    for el in doc.iter():
        if el.tag in ("script", "style"):
            continue
        for name in ("aria-label", "placeholder", "title", "alt"):
            if el.get(name):
                parts.append(el.get(name))
        if el.text:
            parts.append(el.text)
    for el in doc.iter():
        if el.tail:
            parts.append(el.tail)
    # Collapse ASCII whitespace only: French text keeps its no-break spaces.
    return html.unescape(re.sub(r"[ \t\r\n\f]+", " ", " ".join(parts))).strip()


def html_lang(markup: str) -> str:
    doc = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    return doc.get("lang")


def get(client: Client, url: str, language: str | None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


KNOWN_ENGLISH: set[str] = set()


def untranslated(text: str, catalogue: list[dict]) -> list[str]:
    """English catalogue strings of three words or more found in ``text``."""
    found = []
    for entry in catalogue[1:]:
        for source in filter(None, (entry["msgid"], entry["msgid_plural"])):
            if "%" in source or "<" in source or len(source.split()) < 3:
                continue
            if source in KNOWN_ENGLISH:
                continue
            if source.strip() in text:
                found.append(source)
    return found


@pytest.fixture
def site(thread, member, moderator, other_member, condition):
    """A thread with an older reply, a flagged reply and a member joined in
    February 2024."""
    first = reply(thread)
    Post.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=3)
    )
    flagged = reply(thread, body="Stop your tablets, this tea cures everything.")
    moderation_services.flag_create(
        post=flagged, reporter=other_member, reason="misinformation"
    )
    member.date_joined = dt.datetime(2024, 2, 10, 9, 0, tzinfo=dt.UTC)
    member.save(update_fields=["date_joined"])
    return {"thread": thread, "condition": condition, "member": member}


# (name, url builder, who signs in, French strings, English strings)
PAGES = [
    (
        "home",
        lambda s: reverse("forum:home"),
        None,
        ["Poser une question", "Les plus commentées", "Règles de la communauté"],
        ["Ask a question", "Most commented", "Community guidelines"],
    ),
    (
        "condition",
        lambda s: s["condition"].get_absolute_url(),
        None,
        ["Poser une question sur cette maladie", "Se connecter pour suivre"],
        ["Ask about this condition", "Sign in to follow"],
    ),
    (
        "thread",
        lambda s: s["thread"].get_absolute_url(),
        None,
        ["Participer à la discussion", "créer un compte", "il y a 3"],
        ["Join the discussion", "create an account", "3\xa0hours ago"],
    ),
    (
        "thread signed in",
        lambda s: s["thread"].get_absolute_url(),
        "member",
        ["Écrire une réponse", "Publier la réponse", "Suivie", "Signaler"],
        ["Write a reply", "Post reply", "Unfollow"],
    ),
    (
        "ask",
        lambda s: reverse("forum:thread_create"),
        "member",
        ["Publier votre question", "Votre question", "Titre", "Maladies"],
        ["Post your question", "Your question", "Title"],
    ),
    (
        "signup",
        lambda s: reverse("accounts:signup"),
        None,
        ["Rejoindre CareThread", "Créer le compte", f"Déjà membre{NBSP}?"],
        ["Join CareThread", "Create account", "Already a member?"],
    ),
    (
        "search",
        lambda s: reverse("search:search") + "?q=fatigue",
        None,
        ["Rechercher dans les discussions", "Toutes les maladies"],
        ["Search discussions", "All conditions"],
    ),
    (
        "moderation queue",
        lambda s: reverse("moderation:queue") + "?tab=flags",
        "moderator",
        ["File de modération", "Désinformation médicale", f"Pour la sélection{NBSP}:"],
        ["Review queue", "Medical misinformation", "With selected:"],
    ),
    (
        "profile",
        lambda s: s["member"].get_absolute_url(),
        None,
        ["Membre depuis", "février 2024"],
        ["Member since", "February 2024"],
    ),
]


def _client_for(who, request):
    client = Client()
    if who:
        client.force_login(request.getfixturevalue(who))
    return client


@pytest.mark.parametrize(
    ("name", "url", "who", "french", "english"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_in_french_from_the_browser_language(
    request, site, catalogue, name, url, who, french, english
):
    response = get(_client_for(who, request), url(site), "fr-FR,fr;q=0.9,en;q=0.5")
    markup = response.content.decode()
    text = visible_text(markup)
    assert html_lang(markup) == "fr"
    assert response["Content-Language"] == "fr"
    for phrase in french:
        assert phrase in text, f"{name}: missing French {phrase!r}"
    for phrase in english:
        assert phrase not in text, f"{name}: English {phrase!r} on the French page"
    assert untranslated(text, catalogue) == [], name


@pytest.mark.parametrize(
    ("name", "url", "who", "french", "english"), PAGES, ids=[p[0] for p in PAGES]
)
@pytest.mark.parametrize("language", [None, "en-GB,en;q=0.9", "de-DE,de"])
def test_page_stays_english_otherwise(
    request, site, name, url, who, french, english, language
):
    """No header (as in every other test), English, or a language the site
    does not offer: English."""
    response = get(_client_for(who, request), url(site), language)
    markup = response.content.decode()
    text = visible_text(markup)
    assert html_lang(markup) == "en"
    for phrase in english:
        assert phrase in text, f"{name}: missing English {phrase!r}"
    for phrase in french:
        assert phrase not in text, f"{name}: French {phrase!r} on the English page"


def test_french_dates_and_relative_times(site):
    text = visible_text(
        get(Client(), site["thread"].get_absolute_url(), "fr").content.decode()
    )
    assert re.search(r"il y a 3\s+heures", text)
    created = site["thread"].created_at
    with translation.override("fr"):
        assert date_format(created, "j M Y") in text


def test_sort_tabs_are_translated(db):
    text = visible_text(get(Client(), reverse("forum:home"), "fr").content.decode())
    assert "Awaiting a clinician" not in text
    assert "Most replies" not in text


def test_ask_page_conditions_help_is_translated(member):
    client = Client()
    client.force_login(member)
    text = visible_text(
        get(client, reverse("forum:thread_create"), "fr").content.decode()
    )
    assert "Pick between" not in text


# The footer language switcher -------------------------------------------------


def _switcher(markup: str):
    doc = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    forms = [
        form
        for form in doc.iter("form")
        if form.get("action") == reverse("set_language")
    ]
    assert len(forms) == 1, "one language form, in the footer"
    footers = [el for el in doc.iter("footer") if "site-footer" in el.get("class", "")]
    assert forms[0] in list(footers[0].iter("form"))
    return forms[0]


def test_switcher_is_a_plain_labelled_post_form(client, db):
    form = _switcher(get(client, reverse("forum:home"), None).content.decode())
    assert form.get("method").lower() == "post"
    fields = {el.get("name"): el for el in form.iter("input")}
    assert fields["csrfmiddlewaretoken"].get("value")
    assert fields["next"].get("value") == reverse("forum:home")
    select = next(form.iter("select"))
    assert select.get("name") == "language"
    labels = [lab for lab in form.iter("label") if lab.get("for") == select.get("id")]
    assert labels and labels[0].text.strip() == "Language"
    options = {opt.get("value"): opt for opt in select.iter("option")}
    assert set(options) == {"en", "fr"}
    assert "selected" in options["en"].attrib
    assert options["fr"].get("lang") == "fr"
    assert [b.get("type") for b in form.iter("button")] == ["submit"]
    # Works without JavaScript: no handlers, no inline script.
    for el in form.iter():
        assert not any(name.startswith("on") for name in el.attrib)
        assert el.tag != "script"


def test_switching_to_french_and_back(db, thread):
    client = Client(enforce_csrf_checks=True)
    page = thread.get_absolute_url()
    form = _switcher(get(client, page, None).content.decode())
    token = next(
        el.get("value")
        for el in form.iter("input")
        if el.get("name") == "csrfmiddlewaretoken"
    )

    response = client.post(
        reverse("set_language"),
        {"language": "fr", "next": page, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response.url == page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"

    # The cookie wins over an English browser.
    french = get(client, page, "en-GB,en").content.decode()
    assert html_lang(french) == "fr"
    assert "Participer à la discussion" in visible_text(french)
    form = _switcher(french)
    select = next(form.iter("select"))
    selected = [o.get("value") for o in select.iter("option") if "selected" in o.attrib]
    assert selected == ["fr"]
    assert next(form.iter("label")).text.strip() == "Langue"

    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": page, "csrfmiddlewaretoken": token},
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = get(client, page, "fr").content.decode()
    assert html_lang(english) == "en"
    assert "Join the discussion" in visible_text(english)


def test_switcher_returns_to_the_same_page_and_query(db):
    client = Client()
    page = reverse("search:search") + "?q=hip+pain&answered=on&page=1"
    form = _switcher(get(client, page, None).content.decode())
    fields = {el.get("name"): el.get("value") for el in form.iter("input")}
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": fields["next"]}
    )
    assert response.status_code == 302
    target = response.url
    assert target.split("?")[0] == reverse("search:search")
    assert QueryDict(target.split("?")[1]) == QueryDict(page.split("?")[1])


def test_switcher_does_not_echo_the_query_verbatim(db):
    markup = get(Client(), "/?sort=javascript:alert(1)", None).content.decode()
    assert "javascript:" not in markup


def test_switcher_refuses_an_outside_next(db):
    client = Client()
    response = client.post(
        reverse("set_language"),
        {"language": "fr", "next": "https://evil.example/"},
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url


# The catalogue ------------------------------------------------------------------


def test_catalogue_header(catalogue):
    header = catalogue[0]
    assert "fuzzy" not in header["flags"]
    text = header["msgstr"]["msgstr"]
    assert "Language: fr\n" in text
    assert "Plural-Forms: nplurals=2; plural=(n > 1);\n" in text
    assert "charset=UTF-8" in text


def test_every_message_is_translated(catalogue):
    assert len(catalogue) > 800
    problems = []
    for entry in catalogue[1:]:
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        expected = {"msgstr[0]", "msgstr[1]"} if entry["msgid_plural"] else {"msgstr"}
        if set(entry["msgstr"]) != expected:
            problems.append(f"forms {sorted(entry['msgstr'])}: {entry['msgid']!r}")
        for key, value in entry["msgstr"].items():
            if not value.strip():
                problems.append(f"empty {key}: {entry['msgid']!r}")
    assert problems == []


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|<[^>]+>")


def test_translations_keep_placeholders_and_markup(catalogue):
    problems = []
    for entry in catalogue[1:]:
        for key, value in entry["msgstr"].items():
            source = entry["msgid_plural"] if key == "msgstr[1]" else entry["msgid"]
            if sorted(PLACEHOLDER.findall(value)) != sorted(
                PLACEHOLDER.findall(source)
            ):
                problems.append(f"{key}: {entry['msgid']!r} -> {value!r}")
            if source.startswith("\n") != value.startswith("\n") or source.endswith(
                "\n"
            ) != value.endswith("\n"):
                problems.append(f"newlines: {entry['msgid']!r}")
    assert problems == []


def test_compiled_catalogue_matches_the_po_file(catalogue):
    """The committed django.mo is compiled from the current django.po: Django
    returns every translation, plural forms included."""
    assert MO_FILE.exists() and MO_FILE.stat().st_size > 0
    problems = []
    with translation.override("fr"):
        for entry in catalogue[1:]:
            if entry["msgid_plural"]:
                for n, key in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                    got = ngettext(entry["msgid"], entry["msgid_plural"], n)
                    if got != entry["msgstr"][key]:
                        problems.append(f"{entry['msgid']!r} ({n}): {got!r}")
            elif entry.get("msgctxt") is not None:
                got = pgettext(entry["msgctxt"], entry["msgid"])
                if got != entry["msgstr"]["msgstr"]:
                    problems.append(f"{entry['msgctxt']}|{entry['msgid']!r}: {got!r}")
            elif gettext(entry["msgid"]) != entry["msgstr"]["msgstr"]:
                problems.append(f"{entry['msgid']!r}: {gettext(entry['msgid'])!r}")
    assert problems == [], "run `make messages` (or compilemessages)"


def test_french_is_offered(db):
    assert dict(settings.LANGUAGES).keys() >= {"en", "fr"}
    assert settings.LANGUAGE_CODE == "en"
    assert settings.USE_I18N
    assert settings.MIDDLEWARE.index(
        "django.middleware.locale.LocaleMiddleware"
    ) > settings.MIDDLEWARE.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )

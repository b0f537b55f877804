"""A fuzzer of our own over every route and form: malformed ids, query
strings, form fields, charsets and bodies, as a visitor, a member and a
moderator. Whatever the input, the answer is a page or a refusal, never a
500. Each case that fails is listed, so one run shows them all."""

from __future__ import annotations

import functools
import itertools
import random
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.crypto import get_random_string

from tests import factories
from tests.factories import reply

pytestmark = [
    pytest.mark.django_db,
    # A key too long for some cache servers (an unknown 300-character slug).
    pytest.mark.filterwarnings("error::django.core.cache.CacheKeyWarning"),
]

HUGE = "99999999999999999999999"
PARAM_RE = re.compile(r"<(?:(\w+):)?\w+>")
# Values for path parameters, by converter.
PATH_VALUES = {
    "int": ["0", HUGE],
    "id": ["0", "999999999999999999"],
    "str": ["x", "%00", "a" * 300, "%ED%A0%80"],
    "slug": ["no-such-condition", "a" * 300],
    "path": ["x/y", "%00"],
}
# Query strings every page meets: bad pages, cursors, sorts, searches, next.
QUERIES = [
    "page=-1&sort=%3Cscript%3E&q=%00&next=abc&after=garbage&before=%ED%A0%80",
    f"page={HUGE}&after={HUGE}.{HUGE}&condition=%00&tab=nope&status=%00",
    "q=" + "%22a%22+or+" * 40 + "&from=2024-13-45&to=0000-00-00&answered=maybe",
]
# Field names the forms use, with hostile values.
FIELDS = """title body reason note next action kind days status email username
password password1 password2 display_name word q conditions post_ids decision
profession registration_number registration_body country bio target
frequency_reply personal_data_ok posts old_password new_password1
new_password2 language key t text outcome category explanation url name
good_faith age_ok health_consent notice preview code anonymous""".split()
NASTY = [
    "\x00",
    "%ED%A0%80",  # Sent raw: a lone surrogate, percent-encoded.
    "-5",
    HUGE,
    "abc",
    "<script>alert(1)</script>",
    "a" * 20_000,
    "../../etc/passwd",
]


def _routes() -> list[str]:
    """Every URL pattern, with sample values for its parameters."""
    found = []

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append(prefix + str(entry.pattern))

    walk(get_resolver())
    paths = set()
    for pattern in found:
        if pattern.startswith("^") or "admin/" in pattern:
            continue  # Django admin: its own, well-fuzzed code.
        # "t/<id:pk>/reply/" -> ["t/", "id", "/reply/"]: text and converters in turn.
        pieces = PARAM_RE.split(pattern)
        texts, converters = pieces[::2], pieces[1::2]
        choices = [PATH_VALUES.get(c or "str", PATH_VALUES["str"]) for c in converters]
        for combo in itertools.product(*choices):
            filled = [t + v for t, v in zip(texts, combo, strict=False)]
            paths.add("/" + "".join(filled) + texts[-1])
    return sorted(paths)


def _requests(client: Client, path: str, rng: random.Random, headers=None):
    """(label, response) for the hostile requests made of ``path``."""
    yield "GET", client.get(path)
    yield "GET ?hostile", client.get(f"{path}?{rng.choice(QUERIES)}")
    post = functools.partial(client.post, headers=headers or {})
    fields = rng.sample(FIELDS, 8)
    data = {name: rng.choice(NASTY) for name in fields}
    data["next"] = rng.choice(["abc", "//evil.example/", "/%00", "javascript:alert(1)"])
    data["action"] = rng.choice(
        ["hide", "approve", "restore", "dismiss", "reveal", "x"]
    )
    data["conditions"] = [str(i) for i in range(10_000)]
    data["post_ids"] = [HUGE, "-1", "x"]
    yield "POST form", post(path, data)
    raw = "&".join(f"{name}={rng.choice(NASTY)}" for name in fields).encode()
    yield (
        "POST utf-16",
        post(
            path, raw, content_type="application/x-www-form-urlencoded; charset=utf-16"
        ),
    )
    yield (
        "POST bad multipart",
        post(
            path,
            b'--X\r\nContent-Disposition: form-data; name="body"\r\n\r\nno end',
            content_type="multipart/form-data; boundary=X",
        ),
    )
    yield (
        "POST raw bytes",
        post(
            path,
            b"body=%ED%A0%80%00&title=\xff\xfe\x00&next=%2F%2Fevil.example",
            content_type="application/x-www-form-urlencoded",
        ),
    )


@pytest.fixture
def world(thread, other_member):
    reply(thread, other_member, body="A reply for the fuzzer to aim at.")
    return thread


def test_no_route_answers_500_to_hostile_input(world, member):
    moderator = factories.ModeratorFactory()
    clients = {
        "visitor": Client(),
        "member": Client(),
        "moderator": Client(),
        # As a browser is: CSRF checked (a valid token in a header), so the
        # check itself reads each hostile body first.
        "member, CSRF checked": Client(enforce_csrf_checks=True),
    }
    clients["member"].force_login(member)
    clients["moderator"].force_login(moderator)
    clients["member, CSRF checked"].force_login(member)
    token = get_random_string(32)
    clients["member, CSRF checked"].cookies["csrftoken"] = token
    for client in clients.values():
        client.raise_request_exception = False
    rng = random.Random(20261205)
    routes = _routes()
    assert len(routes) > 60  # Every app's routes, with sample parameters.
    failures = []
    count = 0
    for path in routes:
        for who, client in clients.items():
            headers = {"X-CSRFToken": token} if "CSRF" in who else None
            for label, response in _requests(client, path, rng, headers):
                count += 1
                if response.status_code >= 500:
                    failures.append(f"{who} {label} {path}: {response.status_code}")
    assert count > 1000
    if failures:
        pytest.fail(f"{len(failures)} of {count} answered 500:\n" + "\n".join(failures))

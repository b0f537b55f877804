"""Security headers, cookies, error pages, security.txt and the deploy check."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD

from .urls import SECRET

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
)
def test_page_response_carries_the_security_headers(client):
    response = client.get(reverse("forum:home"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy  # Scripts from our files only.
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_error_and_plain_text_responses_carry_the_headers_too(client):
    for url in ("/no-such-page/", "/.well-known/security.txt"):
        response = client.get(url)
        assert "camera=()" in response["Permissions-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff", url


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https(client):
    response = client.get(reverse("forum:home"))
    assert response.status_code == 301
    assert response.url.startswith("https://")


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_are_secure_httponly_and_samesite(client, member):
    response = client.get(reverse("accounts:login"), secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("accounts:login"),
        {"username": member.username, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


# Error pages ------------------------------------------------------------------


@pytest.fixture
def failing_client():
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.safety.urls", DEBUG=False):
        yield client


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (400, "Something was wrong with that request"),
        (403, "You can"),
        (404, "We can"),
        (429, "Slow down a little"),
        (500, "Something went wrong on our side"),
    ],
)
def test_error_pages_render_without_internal_detail(failing_client, status, heading):
    response = failing_client.get(f"/fail/{status}/")
    page = response.content.decode()
    assert response.status_code == status
    assert heading in page
    assert SECRET not in page
    assert "Traceback" not in page
    assert "RuntimeError" not in page
    assert "Django" not in page


def test_unknown_url_gets_the_friendly_404(failing_client):
    response = failing_client.get("/nothing/here/at/all/")
    assert response.status_code == 404
    assert "Back to the discussions" in response.content.decode()


def test_rate_limit_page_says_when_to_retry(failing_client):
    response = failing_client.get("/fail/429/")
    assert response["Retry-After"] == "240"
    assert "4 minutes" in response.content.decode()


# security.txt -------------------------------------------------------------------


def _fields(body: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in body.strip().splitlines())


def test_security_txt_follows_rfc_9116(client, settings):
    settings.SITE_URL = "https://forum.example.org"
    settings.SAFETY_SECURITY_CONTACT = "mailto:security@forum.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response.content.decode())
    assert fields["Contact"] == "mailto:security@forum.example.org"
    assert fields["Canonical"] == "https://forum.example.org/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "en"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=UTC
    )
    now = datetime.now(UTC)
    assert now < expires < now + timedelta(days=365)


def test_security_txt_uses_a_configured_expiry(client, settings):
    settings.SAFETY_SECURITY_TXT_EXPIRES = "2031-01-01T00:00:00Z"
    fields = _fields(client.get("/.well-known/security.txt").content.decode())
    assert fields["Expires"] == "2031-01-01T00:00:00Z"


# Deploy check --------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3-" + "x9Qp2Lm7Vt4Rz8Wc1Yb6Nd0Hf5Js3Gk" * 2,
    "DJANGO_ALLOWED_HOSTS": "forum.example.org",
    "DJANGO_SITE_URL": "https://forum.example.org",
    "DJANGO_HTTPS": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_PRELOAD": "1",
    "EMAIL_HOST": "smtp.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k != "REDIS_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = _check_deploy(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_asks_for_a_shared_cache():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "forum.W001" in result.stderr
    assert "REDIS_URL" in result.stderr


def test_deploy_check_fails_without_https_settings():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_HTTPS"}
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W012" in result.stderr

"""Explicit consent to keep health data, and a minimum age, at sign-up: two
separate boxes nobody ticks for the member; without either, no account and
a clear reason; the wording's version and the time are kept, shown in
settings and in the data export; withdrawing is leaving."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import consent
from accounts.models import User
from members import services as member_services

pytestmark = pytest.mark.django_db

FORM = {
    "username": "quietfern",
    "email": "fern@example.org",
    "display_name": "Quiet Fern",
    "password1": "a sturdy passphrase 42",
    "password2": "a sturdy passphrase 42",
}


def sign_up(**extra):
    return Client().post(reverse("accounts:signup"), {**FORM, **extra})


def test_the_boxes_start_unticked_and_separate():
    html = Client().get(reverse("accounts:signup")).content.decode()
    for name in ("age_ok", "health_consent"):
        tag = html[
            html.index(f'name="{name}"') - 200 : html.index(f'name="{name}"') + 80
        ]
        assert "checked" not in tag
    assert "I am 16 years old or older." in html
    assert "deleting my account" in html


def test_under_age_is_refused_with_the_reason():
    response = sign_up(health_consent="on")
    assert response.status_code == 200
    assert "aged 16 and over" in response.content.decode()
    assert not User.objects.filter(username="quietfern").exists()


def test_no_consent_no_account():
    response = sign_up(age_ok="on")
    assert "We need your explicit consent" in response.content.decode()
    assert not User.objects.filter(username="quietfern").exists()


def test_consent_and_age_are_recorded_shown_and_exported():
    response = sign_up(age_ok="on", health_consent="on")
    assert response.status_code == 302
    member = User.objects.get(username="quietfern")
    assert member.health_consent_version == consent.VERSION
    assert member.health_consent_at is not None
    assert member.age_confirmed_at is not None
    exported = member_services.account_export(user=member)["consent"]
    assert exported["health_data_wording"] == consent.VERSION
    assert exported["health_data_given_at"].startswith(
        member.health_consent_at.date().isoformat()
    )
    client = Client()
    client.force_login(member)
    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert f"wording of {consent.VERSION}" in settings_page
    assert reverse("accounts:account_delete") in settings_page


def test_minimum_age_is_a_setting(settings):
    settings.ACCOUNTS_MINIMUM_AGE = 18
    html = Client().get(reverse("accounts:signup")).content.decode()
    assert "I am 18 years old or older." in html
    response = sign_up(health_consent="on")
    assert "aged 18 and over" in response.content.decode()

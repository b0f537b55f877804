"""A patient and a clinician use the forum in a real browser (Chromium)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from forum.models import Condition, Thread
from tests import factories
from tests.browser.signin import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_patient_asks_and_reads_verified_answer(live_server, browser, shot):
    clinician = factories.ClinicianProfileFactory(
        user__display_name="Dr Ada", specialty="Neurology"
    ).user
    ms = Condition.objects.get(slug="multiple-sclerosis")
    ra = Condition.objects.get(slug="rheumatoid-arthritis")

    # A patient signs up under a pseudonym.
    patient = browser.new_page(viewport={"width": 1280, "height": 800})
    patient.goto(f"{live_server.url}/")
    patient.get_by_role("link", name="Join").click()
    patient.get_by_label("Username").fill("maple")
    patient.get_by_label("Email").fill("maple@example.org")
    patient.get_by_label("Public display name").fill("MapleWalker")
    patient.locator("#id_password1").fill("a sturdy passphrase 42")
    patient.locator("#id_password2").fill("a sturdy passphrase 42")
    # Two separate boxes, neither ticked for them: age, and health-data consent.
    patient.get_by_label("I am 16 years old or older.").check()
    patient.get_by_label("I agree that CareThread keeps and shows what I write").check()
    patient.get_by_role("button", name="Create account").click()
    expect(patient.get_by_role("heading", name="Check your inbox")).to_be_visible()

    # Confirms the email from the link, then signs in.
    assert [m.to for m in mail.outbox] == [["maple@example.org"]]
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", mail.outbox[0].body)
    patient.goto(f"{live_server.url}{link.group(1)}")
    expect(patient.get_by_text("Your email is confirmed.")).to_be_visible()
    patient.get_by_label("Username").fill("maple")
    patient.locator("#id_password").fill("a sturdy passphrase 42")
    patient.get_by_role("button", name="Sign in").click()
    expect(patient.get_by_role("button", name="MapleWalker")).to_be_visible()

    # Asks a question tagged with two conditions; a bad submit shows errors first.
    patient.get_by_role("link", name="Ask a question").first.click()
    patient.get_by_label("Title").fill("Tired")
    patient.get_by_role("button", name="Post your question").click()
    expect(patient.get_by_text("at least 10 characters")).to_be_visible()
    assert Thread.objects.count() == 0
    patient.get_by_label("Title").fill("Fatigue with both MS and RA: what helps?")
    patient.get_by_label("Your question").fill(
        "Since my RA diagnosis my MS fatigue feels **worse**. <script>x()</script>"
    )
    # Conditions are picked as chips: type, Enter.
    picker = patient.get_by_role("combobox", name="Find a condition")
    for name in (ms.name, ra.name):
        picker.fill(name)
        picker.press("Enter")
    chips = patient.get_by_role("list", name="Selected conditions")
    expect(chips.get_by_role("listitem")).to_have_text([f"{ms.name}×", f"{ra.name}×"])
    shot(patient, "ask")
    patient.get_by_role("button", name="Post your question").click()
    expect(
        patient.get_by_role("heading", name="Fatigue with both MS and RA")
    ).to_be_visible()
    assert patient.locator(".post-question strong").inner_text() == "worse"
    assert patient.locator(".post-question script").count() == 0
    thread_url = patient.url

    # It is listed on both condition pages.
    for condition in (ms, ra):
        patient.goto(f"{live_server.url}{condition.get_absolute_url()}")
        expect(
            patient.get_by_role("link", name="Fatigue with both MS and RA")
        ).to_be_visible()

    # A verified clinician answers.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    doctor = context.new_page()
    sign_in(doctor, live_server, clinician)
    doctor.goto(thread_url)
    doctor.get_by_label("Your reply").fill(
        "Fatigue is common in both conditions; keep a diary and review it "
        "with your team."
    )
    doctor.get_by_role("button", name="Post reply").click()
    expect(doctor.get_by_text("Your reply is posted.")).to_be_visible()
    context.close()

    # The patient is told: the bell counts one unread notification, which
    # leads to the answer.
    patient.goto(f"{live_server.url}/")
    assert (
        patient.locator(".notification-bell .notification-count")
        .inner_text()
        .startswith("1")
    )
    patient.locator(".notification-bell").click()
    patient.locator(".notification-item.is-unread a").first.click()
    assert patient.url.startswith(thread_url)

    # The patient follows the thread and sees the badge and the disclaimer.
    patient.goto(thread_url)
    badge = patient.locator(".post-clinician .badge-clinician")
    assert "Physician · Neurology · Verified" in badge.inner_text()
    assert (
        "not a consultation"
        in patient.locator(".post-clinician .clinician-disclaimer").inner_text()
    )
    assert "1 reply" in patient.locator(".thread-meta").inner_text()

    # …and marks the answer helpful.
    patient.locator(".post-clinician").get_by_role("button", name="Helpful").click()
    expect(patient.get_by_text("Marked as helpful. Thank you.")).to_be_visible()
    assert "Helpful · 1" in patient.locator(".post-clinician .btn-helpful").inner_text()
    assert patient.locator(".notification-bell .notification-count").count() == 0
    shot(patient, "thread")

    # The same page on a phone-sized screen.
    mobile = browser.new_page(viewport={"width": 390, "height": 844})
    mobile.goto(thread_url)
    expect(mobile.locator(".badge-clinician")).to_be_visible()
    shot(mobile, "thread-mobile")
    assert get_user_model().objects.get(username="maple").threads.count() == 1

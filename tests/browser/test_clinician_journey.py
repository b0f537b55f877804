"""A doctor becomes a verified clinician and answers, in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import ClinicianApplication, ClinicianProfile
from forum.models import Condition, Thread
from tests import factories
from tests.browser.signin import enrol, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
# The header link, with the number of questions waiting in its name.
INBOX = re.compile(r"^Clinician inbox\b")
ANSWER = "Heat sensitivity is common in MS; cooling and pacing usually help."


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def test_doctor_applies_is_approved_and_answers_with_badge(
    live_server, browser, shot, private_media
):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    ra = Condition.objects.get(slug="rheumatoid-arthritis")
    question = factories.ThreadFactory(
        title="Why does heat make my MS symptoms worse?",
        conditions=[ms],
        author=factories.UserFactory(display_name="Sunny Patient"),
    )
    moderator = factories.ModeratorFactory(display_name="Mod Mina")
    viewport = {"width": 1280, "height": 900}

    # A doctor signs up.
    doctor_context = browser.new_context(viewport=viewport)
    doctor = doctor_context.new_page()
    doctor.set_default_timeout(10_000)
    doctor.goto(f"{live_server.url}/")
    doctor.get_by_role("link", name="Join").click()
    doctor.get_by_label("Username").fill("ada")
    doctor.get_by_label("Email").fill("ada@example.org")
    doctor.get_by_label("Public display name").fill("Dr Ada")
    doctor.locator("#id_password1").fill("a sturdy passphrase 42")
    doctor.locator("#id_password2").fill("a sturdy passphrase 42")
    doctor.locator("#id_age_ok").check()
    doctor.locator("#id_health_consent").check()
    doctor.get_by_role("button", name="Create account").click()
    expect(doctor.get_by_role("heading", name="Check your inbox")).to_be_visible()
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", mail.outbox[0].body)
    mail.outbox.clear()
    doctor.goto(f"{live_server.url}{link.group(1)}")
    expect(doctor.get_by_text("Your email is confirmed.")).to_be_visible()
    doctor.get_by_label("Username").fill("ada")
    doctor.locator("#id_password").fill("a sturdy passphrase 42")
    doctor.get_by_role("button", name="Sign in").click()
    assert doctor.get_by_role("link", name=INBOX).count() == 0

    # Account menu → Settings → apply.
    doctor.locator(".account-menu .dropdown-toggle").click()
    doctor.get_by_role("link", name="Settings").click()
    doctor.get_by_role("link", name=re.compile("Apply for a verified badge")).click()
    expect(
        doctor.get_by_role("heading", name="Answer as a verified clinician")
    ).to_be_visible()
    doctor.get_by_label("Profession").select_option("physician")
    doctor.get_by_label("Specialty").fill("Neurology")
    doctor.get_by_label("Registration or licence number").fill("GMC 7654321")
    doctor.get_by_label("Issuing body").fill("General Medical Council")
    doctor.get_by_label("Country").fill("United Kingdom")
    doctor.get_by_label(ms.name, exact=True).check()
    doctor.get_by_label(ra.name, exact=True).check()
    doctor.get_by_label("Public bio").fill(
        "Consultant neurologist; I run an MS clinic and see many RA patients."
    )
    doctor.get_by_label("Proof of registration").set_input_files(
        {"name": "Ada-Lovelace-GMC.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    shot(doctor, "application-form")
    doctor.get_by_role("button", name="Send application").click()
    expect(doctor.get_by_text("Your application is sent.")).to_be_visible()
    expect(doctor.get_by_text("Awaiting review").first).to_be_visible()
    application = ClinicianApplication.objects.get(user__username="ada")
    assert set(application.conditions.all()) == {ms, ra}
    assert "Ada" not in application.proof.name
    assert application.proof.path.startswith(str(private_media))
    shot(doctor, "application-sent")

    # A moderator signs in through the form and approves.
    moderator_context = browser.new_context(viewport=viewport)
    mod = moderator_context.new_page()
    mod.set_default_timeout(10_000)
    sign_in(mod, live_server, moderator)
    # Review (the moderators' queue) → the clinician applications tab.
    mod.get_by_role("link", name=re.compile(r"^Review")).click()
    mod.get_by_role("link", name=re.compile(r"^Clinician applications")).click()
    expect(mod.get_by_role("heading", name="Clinician applications")).to_be_visible()
    mod.get_by_role("link", name="Dr Ada").click()
    expect(mod.get_by_text("GMC 7654321")).to_be_visible()
    expect(mod.get_by_role("link", name="Download")).to_be_visible()
    mod.get_by_label("Approve: verify this clinician").check()
    mod.get_by_label("Message to the applicant").fill("Checked on the GMC register.")
    shot(mod, "review")
    mod.get_by_role("button", name="Record decision").click()
    expect(mod.get_by_text("Decision recorded; the applicant is told.")).to_be_visible()
    expect(mod.get_by_text("No applications here.")).to_be_visible()
    assert ClinicianProfile.objects.get(user__username="ada").is_verified
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    moderator_context.close()

    # The newly verified doctor is asked to set up two-factor authentication
    # before the inbox and the badge are theirs to use.
    doctor.reload()
    assert doctor.get_by_role("link", name=INBOX).count() == 0
    doctor.get_by_role("link", name="Set it up or enter your code").click()
    enrol(doctor, shot)
    expect(doctor.get_by_text("need two-factor authentication")).to_have_count(0)

    # The doctor opens the inbox, then the question, and answers.
    expect(doctor.get_by_role("link", name=INBOX)).to_have_accessible_name(
        "Clinician inbox 1 question awaiting a clinician in your conditions"
    )
    doctor.get_by_role("link", name=INBOX).click()
    expect(doctor.get_by_role("heading", name="Clinician inbox")).to_be_visible()
    shot(doctor, "inbox")
    doctor.get_by_role("link", name=question.title).click()
    doctor.get_by_label("Your reply").fill(ANSWER)
    doctor.get_by_role("button", name="Post reply").click()
    expect(doctor.get_by_text("Your reply is posted.")).to_be_visible()
    thread_url = f"{live_server.url}{question.get_absolute_url()}"
    doctor.get_by_role("link", name=INBOX).click()
    assert doctor.get_by_role("link", name=question.title).count() == 0
    doctor_context.close()
    assert Thread.objects.get(pk=question.pk).has_clinician_answer

    # An anonymous reader sees the badge and the marker.
    reader_context = browser.new_context(viewport=viewport)
    reader = reader_context.new_page()
    reader.set_default_timeout(10_000)
    reader.goto(thread_url)
    badge = reader.locator(".post-clinician .badge-clinician")
    assert badge.count() == 1
    assert "Physician · Neurology · Verified" in badge.inner_text()
    assert "Dr Ada" in reader.locator(".post-clinician .author").inner_text()
    expect(reader.locator(".thread-meta .mark-clinician")).to_be_visible()
    shot(reader, "thread-anonymous")
    reader.goto(f"{live_server.url}/")
    item = reader.locator(".thread-item").filter(has_text=question.title)
    assert "Answered by a clinician" in item.inner_text()
    reader_context.close()

    # The same answer on a phone.
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(thread_url)
    expect(phone.locator(".post-clinician .badge-clinician")).to_be_visible()
    shot(phone, "thread-anonymous-mobile")
    phone.close()

"""A question routed to the right clinicians in time, answered, reviewed and
disputed, in a real browser with a test clock (time-machine moves the
whole process's clock, the live server's included)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Condition, Post, Review, Thread
from tests import factories
from tests.browser.signin import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Heat makes my legs heavy: is a cooling vest worth it?"
ANSWER = (
    "Heat sensitivity (Uhthoff's phenomenon) is common in MS and passes as "
    "you cool down. Cooling vests help some people; the "
    "[NHS page on MS](https://www.nhs.uk/conditions/multiple-sclerosis/) "
    "covers it, unlike [this shop's blog](https://cooling-miracle.example/ms)."
)
DISAGREE = "Vests help some people, but pre-cooling with a cool shower works as well."


def _clinician(name, specialty, *conditions, email):
    profile = factories.ClinicianProfileFactory(
        user__display_name=name, user__email=email, specialty=specialty
    )
    profile.conditions.set(conditions)
    return profile.user


def _answered_history(ms, clinician, hours):
    """Past MS questions, each first answered by a verified clinician after
    ``hours``: the estimate's median."""
    now = timezone.now()
    for n, delay in enumerate(hours):
        asked = now - timedelta(days=10 + n)
        thread = factories.ThreadFactory(
            title=f"Earlier MS question {n}", conditions=[ms]
        )
        Thread.objects.filter(pk=thread.pk).update(created_at=asked)
        Post.objects.filter(thread=thread).update(created_at=asked)
        answer = factories.reply(thread, author=clinician, body="An earlier answer.")
        Post.objects.filter(pk=answer.pk).update(
            created_at=asked + timedelta(hours=delay)
        )


def test_question_routed_claimed_answered_reviewed_and_disputed(
    live_server, browser, shot
):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    asthma = Condition.objects.get(slug="asthma")
    neurologist = _clinician("Dr Ada Neuro", "Neurology", ms, email="ada@example.org")
    ms_nurse = _clinician("Nurse Ben", "MS nursing", ms, email="ben@example.org")
    chest = _clinician("Dr Cy Chest", "Respiratory", asthma, email="cy@example.org")
    factories.ModeratorFactory(email="mod@example.org")
    _answered_history(ms, ms_nurse, hours=[2, 4, 6, 8, 10])
    patient = factories.UserFactory(display_name="MapleWalker")

    # The patient asks and sees, on their question, when to expect an answer.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    asker = context.new_page()
    asker.set_default_timeout(10_000)
    sign_in(asker, live_server, patient)
    asker.goto(f"{live_server.url}/ask/")
    asker.get_by_label("Title").fill(TITLE)
    asker.get_by_label("Your question").fill(
        "Every summer my legs get heavy by lunchtime. Would a cooling vest help?"
    )
    picker = asker.get_by_role("combobox", name="Find a condition")
    picker.fill(ms.name)
    picker.press("Enter")
    asker.get_by_role("button", name="Post your question").click()
    expect(asker.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(
        asker.get_by_text(
            "Clinicians usually answer questions about Multiple sclerosis within "
            "about 6 hours (median of the last 90 days)."
        )
    ).to_be_visible()
    shot(asker, "asker-expectation-phone")
    thread = Thread.objects.get(title=TITLE)
    thread_url = f"{live_server.url}{thread.get_absolute_url()}"
    mail.outbox.clear()

    start = timezone.now()
    # 13 hours later (past half the 24-hour target), cron's routing run:
    # the MS clinicians are emailed, the chest physician and moderators not.
    with time_machine.travel(start + timedelta(hours=13), tick=True):
        call_command("route_questions")
        told = sorted(addr for m in mail.outbox for addr in m.to if TITLE in m.body)
        assert told == ["ada@example.org", "ben@example.org"]
        call_command("route_questions")  # Cron again: nobody twice.
        assert sorted(a for m in mail.outbox for a in m.to) == told

        # The neurologist opens the inbox: the question, its age and target.
        doctor_context = browser.new_context(viewport={"width": 1280, "height": 900})
        doctor = doctor_context.new_page()
        doctor.set_default_timeout(10_000)
        sign_in(doctor, live_server, neurologist)
        doctor.get_by_role("link", name=re.compile("^Clinician inbox")).click()
        item = doctor.locator(".thread-list li", has_text=TITLE)
        expect(item).to_contain_text("target 24 h")
        shot(doctor, "inbox")
        item.get_by_role("link", name=TITLE).click()
        doctor.get_by_role("button", name="I'm answering this").click()
        expect(doctor.get_by_text("Being answered by Dr Ada Neuro")).to_be_visible()

        # The nurse sees it is taken.
        nurse_context = browser.new_context(viewport={"width": 1280, "height": 900})
        nurse = nurse_context.new_page()
        nurse.set_default_timeout(10_000)
        sign_in(nurse, live_server, ms_nurse)
        nurse.goto(thread_url)
        expect(nurse.get_by_text("Being answered by Dr Ada Neuro")).to_be_visible()
        expect(nurse.get_by_role("button", name="I'm answering this")).to_have_count(0)

        # The neurologist answers; the claim ends with the answer.
        doctor.get_by_label("Your reply").fill(ANSWER)
        doctor.get_by_role("button", name="Post reply").click()
        expect(doctor.get_by_text("Your reply is posted.")).to_be_visible()
        expect(doctor.get_by_text("Being answered by")).to_have_count(0)
        answer = Post.objects.get(thread=thread, author=neurologist)

        # The nurse marks the answer reviewed.
        nurse.reload()
        card = nurse.locator(f"#post-{answer.pk}")
        card.get_by_text("Review this answer").click()
        card.get_by_label("Reviewed: the information is sound").check()
        card.get_by_role("button", name="Save review").click()
        card = nurse.locator(f"#post-{answer.pk}")
        expect(card.get_by_text("Reviewed by Nurse Ben")).to_be_visible()

        # The chest physician disagrees, with a note and a source.
        chest_context = browser.new_context(viewport={"width": 1280, "height": 900})
        other = chest_context.new_page()
        other.set_default_timeout(10_000)
        sign_in(other, live_server, chest)
        other.goto(thread_url)
        card = other.locator(f"#post-{answer.pk}")
        card.get_by_text("Review this answer").click()
        card.get_by_label("I disagree").check()
        card.get_by_role("button", name="Save review").click()
        # No note: refused with a clear error, nothing saved.
        expect(other.get_by_text("Say briefly what you disagree with.")).to_be_visible()
        assert not Review.objects.filter(clinician=chest).exists()
        other.get_by_label("I disagree").check()
        other.get_by_label("Note").fill(DISAGREE)
        other.get_by_label("Source (optional)").fill(
            "https://www.nice.org.uk/guidance/ng220"
        )
        other.get_by_role("button", name="Save review").click()
        expect(other.get_by_text("disagrees:")).to_be_visible()
        for ctx in (doctor_context, nurse_context, chest_context):
            ctx.close()

        # A reader (the patient, and a visitor) sees the labels.
        asker.goto(thread_url)
        card = asker.locator(f"#post-{answer.pk}")
        expect(card.get_by_text("Reviewed by Nurse Ben")).to_be_visible()
        expect(card.get_by_text("Dr Cy Chest (Physician) disagrees:")).to_be_visible()
        expect(card.get_by_text(DISAGREE)).to_be_visible()
        shot(asker, "labels-phone")
        visitor = browser.new_page(viewport={"width": 1280, "height": 900})
        visitor.goto(thread_url)
        card = visitor.locator(f"#post-{answer.pk}")
        expect(card.get_by_text("Reviewed by Nurse Ben")).to_be_visible()
        listed = card.locator(".post-body a", has_text="NHS page on MS")
        unlisted = card.locator(".post-body a", has_text="this shop's blog")
        expect(listed).to_have_class(re.compile(r"\bsource-reputable\b"))
        expect(unlisted).not_to_have_class(re.compile(r"\bsource-reputable\b"))
        label = "el => getComputedStyle(el, '::after').content"
        assert "reputable source" in listed.evaluate(label)
        assert unlisted.evaluate(label) in ("none", "normal", "")
        expect(card.locator(".source-label")).to_have_text(["reputable source"])
        shot(visitor, "labels-desktop")
        visitor.close()

        # Answered by a clinician: routing stops, nobody else is told.
        mail.outbox.clear()
    with time_machine.travel(start + timedelta(hours=30), tick=True):
        call_command("route_questions")
        assert [m for m in mail.outbox if TITLE in m.body] == []
    context.close()

"""Statements of reasons and appeals: the member a decision restricts reads
what was decided, the facts, the ground, who decided and how to appeal; may
appeal once within six months; a different moderator decides; a reversal
gives back exactly what was taken, and the member and the post's reporters
are told. Nothing here is open to anyone else."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import ClinicianApplication, ClinicianProfile, Sanction
from forum import services as forum_services
from forum.models import Thread, Visibility
from moderation import appeals, clinicians, services
from moderation.models import Appeal, Flag, ModerationEvent
from notifications.models import Notification
from tests import factories
from tests.factories import reply

# Emails leave after commit: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)
Action = ModerationEvent.Action
WHY = "It was a personal experience, not advice to stop any treatment."


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hidden(thread, member, moderator):
    author = factories.UserFactory(display_name="Hidden Author")
    post = reply(thread, author, body="I stopped my injections and felt better.")
    services.flag_create(
        post=post, reporter=member, reason=Flag.Reason.MISINFORMATION, note="Risky."
    )
    mail.outbox.clear()
    services.post_hide(
        post=post, moderator=moderator, reason="Reads as advice to stop treatment."
    )
    event = ModerationEvent.objects.get(action=Action.POST_HIDE)
    return post, author, event


def test_statement_says_what_why_on_what_ground_who_and_until_when(hidden, moderator):
    post, author, event = hidden
    # The email points to it.
    sent = [m for m in mail.outbox if author.email in m.to]
    assert reverse("moderation:decision", args=[event.pk]) in sent[0].body
    page = as_user(author).get(reverse("moderation:decision", args=[event.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "A moderator hid your post." in html
    assert "Reads as advice to stop treatment." in html
    assert 'href="/guidelines/#health-information"' in html  # The flag's ground.
    assert "A moderator (a person)." in html
    until = (event.created_at + appeals.APPEAL_WINDOW).strftime("%-d %b %Y")
    assert until in html
    assert "Appeal this decision" in html
    # The hidden post's notice links to it too.
    thread_page = as_user(author).get(post.thread.get_absolute_url()).content.decode()
    assert reverse("moderation:decision", args=[event.pk]) in thread_page


def test_nobody_else_sees_a_statement(hidden, other_member):
    _post, _author, event = hidden
    url = reverse("moderation:decision", args=[event.pk])
    assert as_user(other_member).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    # A decision that restricts nobody has no statement.
    services.watched_word_add(word="snake oil", action="flag", moderator=event.actor)
    added = ModerationEvent.objects.get(action=Action.WATCHED_WORD_ADD)
    url = reverse("moderation:decision", args=[added.pk])
    assert as_user(event.actor).get(url).status_code == 404


def test_reversal_by_another_moderator_restores_and_tells_both(
    hidden, member, moderator
):
    post, author, event = hidden
    url = reverse("moderation:decision", args=[event.pk])
    # Too short: refused with a message, nothing created.
    response = as_user(author).post(url, {"appeal": "1", "text": "No."})
    assert response.status_code == 400
    assert "at least 10 characters" in response.content.decode()
    assert not Appeal.objects.exists()

    as_user(author).post(url, {"appeal": "1", "text": WHY})
    appeal = Appeal.objects.get()
    assert appeal.is_open and appeal.member == author
    # Only once.
    as_user(author).post(url, {"appeal": "1", "text": WHY + " Again."})
    assert Appeal.objects.count() == 1

    # The moderator who decided can't decide the appeal.
    page = as_user(moderator).get(url).content.decode()
    assert "another moderator must decide the appeal" in page
    refused = as_user(moderator).post(
        url, {"decide": "1", "outcome": "reverse", "reason": "Looks fine to me."}
    )
    assert refused.status_code == 403
    appeal.refresh_from_db()
    assert appeal.is_open

    second = factories.ModeratorFactory(display_name="Second Look")
    mail.outbox.clear()
    as_user(second).post(
        url,
        {"decide": "1", "outcome": "reverse", "reason": "A personal story, allowed."},
    )
    appeal.refresh_from_db()
    post.refresh_from_db()
    assert appeal.state == Appeal.State.REVERSED and appeal.decided_by == second
    assert post.visibility == Visibility.VISIBLE
    actions = list(
        ModerationEvent.objects.filter(created_at__gte=event.created_at)
        .exclude(action=Action.POST_FLAG)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        Action.POST_HIDE,
        Action.APPEAL_OPEN,
        Action.APPEAL_REVERSE,
        Action.POST_RESTORE,
    ]
    to_author = [m for m in mail.outbox if author.email in m.to]
    to_reporter = [m for m in mail.outbox if member.email in m.to]
    assert "Your post is visible again." in to_author[0].body
    assert "A personal story, allowed." in to_author[0].body
    assert to_reporter and "restored" in to_reporter[0].body
    # The reporter's identity never reaches the author.
    assert member.display_name not in to_author[0].body


def test_upheld_appeal_changes_nothing_but_the_appeal(hidden):
    post, author, event = hidden
    as_user(author).post(
        reverse("moderation:decision", args=[event.pk]), {"appeal": "1", "text": WHY}
    )
    second = factories.ModeratorFactory()
    appeals.appeal_decide(
        appeal=Appeal.objects.get(),
        moderator=second,
        reverse=False,
        reason="Still advice.",
    )
    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN
    assert Appeal.objects.get().state == Appeal.State.UPHELD
    assert not ModerationEvent.objects.filter(action=Action.POST_RESTORE).exists()


def test_no_appeal_after_six_months(hidden):
    _post, author, event = hidden
    ModerationEvent.objects.filter(pk=event.pk).update(
        created_at=timezone.now() - timedelta(days=184)
    )
    response = as_user(author).post(
        reverse("moderation:decision", args=[event.pk]), {"appeal": "1", "text": WHY}
    )
    assert response.status_code == 403
    assert not Appeal.objects.exists()
    page = as_user(author).get(reverse("moderation:decision", args=[event.pk]))
    assert "Appeal this decision" not in page.content.decode()


def test_an_automated_hide_can_be_decided_by_any_moderator(thread, moderator):
    author = factories.UserFactory()
    post = reply(thread, author, body="My clinic's parking is terrible, honestly.")
    for _ in range(3):
        services.flag_create(post=post, reporter=factories.UserFactory(), reason="spam")
    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN
    event = ModerationEvent.objects.filter(action=Action.POST_FLAG).latest("id")
    statement = appeals.statement(event)
    assert statement.automated and appeals.is_restricting(event)
    appeal = appeals.appeal_create(event=event, member=author, text=WHY)
    appeals.appeal_decide(
        appeal=appeal, moderator=moderator, reverse=True, reason="Not spam."
    )
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE


def test_reversing_a_suspension_lifts_it_and_a_lock_unlocks(thread, member, moderator):
    second = factories.ModeratorFactory()
    sanction = services.user_suspend(
        user=member,
        moderator=moderator,
        reason="Rude replies.",
        duration=timedelta(days=3),
    )
    event = ModerationEvent.objects.get(action=Action.USER_SUSPEND)
    appeal = appeals.appeal_create(event=event, member=member, text=WHY)
    appeals.appeal_decide(
        appeal=appeal, moderator=second, reverse=True, reason="Provoked."
    )
    sanction.refresh_from_db()
    assert not sanction.is_active
    assert Sanction.objects.filter(user=member, lifted_at__isnull=True).count() == 0

    services.thread_lock(thread=thread, moderator=moderator, reason="Going in circles.")
    lock = ModerationEvent.objects.get(action=Action.THREAD_LOCK)
    appeal = appeals.appeal_create(event=lock, member=thread.author, text=WHY)
    appeals.appeal_decide(
        appeal=appeal, moderator=second, reverse=True, reason="Useful."
    )
    assert not Thread.objects.get(pk=thread.pk).is_locked


def test_appeals_list_for_moderators(hidden, moderator):
    _post, author, event = hidden
    appeals.appeal_create(event=event, member=author, text=WHY)
    page = as_user(moderator).get(reverse("moderation:appeals")).content.decode()
    assert WHY in page and "yours: another moderator decides" in page


def test_a_banned_member_appeals_from_the_emailed_link(member, moderator):
    """A banned member can't sign in: the link in the ban email opens the
    statement and the appeal form with its signed key, and nothing else."""
    mail.outbox.clear()
    services.user_ban(user=member, moderator=moderator, reason="Selling pills.")
    event = ModerationEvent.objects.get(action=Action.USER_BAN)
    link = next(
        line
        for m in mail.outbox
        if member.email in m.to
        for line in m.body.split()
        if "/moderation/decisions/" in line
    )
    path = link.split("://", 1)[1].split("/", 1)[1]
    visitor = Client()
    page = visitor.get("/" + path)
    assert page.status_code == 200
    assert "A moderator banned your account." in page.content.decode()
    # Without the key, or with another decision's key: sign in first.
    bare = visitor.get(reverse("moderation:decision", args=[event.pk]))
    assert bare.status_code == 302 and reverse("accounts:login") in bare["Location"]
    forged = visitor.get(
        reverse("moderation:decision", args=[event.pk]) + "?t=" + path[-20:]
    )
    assert forged.status_code == 302
    token = path.split("?t=", 1)[1]
    response = visitor.post(
        reverse("moderation:decision", args=[event.pk]),
        {"appeal": "1", "text": WHY, "t": token},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.member == member
    second = factories.ModeratorFactory()
    appeals.appeal_decide(
        appeal=appeal, moderator=second, reverse=True, reason="Wrong member."
    )
    member.refresh_from_db()
    assert not member.is_banned


def appeal_and_reverse(event, member, moderator) -> Appeal:
    """The member appeals; the moderator who decided is refused; a second
    moderator reverses."""
    url = reverse("moderation:decision", args=[event.pk])
    as_user(member).post(url, {"appeal": "1", "text": WHY})
    decision = {"decide": "1", "outcome": "reverse", "reason": "Checked again."}
    assert as_user(moderator).post(url, decision).status_code == 403
    as_user(factories.ModeratorFactory()).post(url, decision)
    return Appeal.objects.get(event=event)


def test_a_clinician_appeals_a_revoked_badge_and_gets_it_back(clinician, moderator):
    profile = clinician.clinician_profile
    clinicians.clinician_status_change(
        profile=profile,
        moderator=moderator,
        status=ClinicianProfile.Status.REVOKED,
        reason="Not found on the register under this number.",
    )
    event = ModerationEvent.objects.get(action=Action.CLINICIAN_REVOKE)
    page = as_user(clinician).get(reverse("moderation:decision", args=[event.pk]))
    assert "revoked your clinician verification" in page.content.decode()
    assert "Not found on the register" in page.content.decode()

    appeal = appeal_and_reverse(event, clinician, moderator)
    profile.refresh_from_db()
    assert appeal.state == Appeal.State.REVERSED
    assert profile.status == ClinicianProfile.Status.VERIFIED
    actions = list(
        ModerationEvent.objects.filter(created_at__gte=event.created_at)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        Action.CLINICIAN_REVOKE,
        Action.APPEAL_OPEN,
        Action.APPEAL_REVERSE,
        Action.CLINICIAN_REINSTATE,
    ]
    told = [m for m in mail.outbox if clinician.email in m.to]
    assert any("your answers show the badge" in m.body for m in told)


def test_a_refused_application_reversed_on_appeal_verifies_the_clinician(
    condition, moderator
):
    applicant = factories.UserFactory(display_name="Nurse Appeal")
    application = account_services.clinician_application_submit(
        user=applicant,
        profession="nurse",
        specialty="Diabetes",
        registration_number="NMC 12A3456B",
        issuing_body="NMC",
        country="UK",
        conditions=[condition],
        bio="Diabetes specialist nurse in a hospital clinic.",
    )
    clinicians.clinician_application_reject(
        application=application, moderator=moderator, reason="No proof of registration."
    )
    event = ModerationEvent.objects.get(action=Action.CLINICIAN_REJECT)
    appeal = appeal_and_reverse(event, applicant, moderator)
    application.refresh_from_db()
    assert appeal.state == Appeal.State.REVERSED
    assert application.status == ClinicianApplication.Status.APPROVED
    profile = ClinicianProfile.objects.get(user=applicant)
    assert profile.status == ClinicianProfile.Status.VERIFIED


def test_the_decision_notification_leads_to_the_statement(hidden):
    post, author, event = hidden
    note = Notification.objects.get(recipient=author, kind="moderation")
    assert note.target_url == reverse("moderation:decision", args=[event.pk])
    page = as_user(author).get(reverse("notifications:notification_list"))
    assert f'href="{note.target_url}"' in page.content.decode()


def test_an_edit_with_reason_is_appealed_and_the_text_comes_back(
    thread, member, moderator
):
    original = "I take my tablets with grapefruit juice every morning."
    post = reply(thread, member, body=original)
    forum_services.edit(
        post=post,
        editor=moderator,
        body="[Removed: unsafe combination; see the guidelines.]",
        reason="Grapefruit interacts with many drugs.",
    )
    event = ModerationEvent.objects.get(action=Action.POST_EDIT)
    note = Notification.objects.get(recipient=member, kind="moderation")
    assert note.target_url == reverse("moderation:decision", args=[event.pk])
    page = as_user(member).get(note.target_url).content.decode()
    assert "A moderator edited your post." in page
    assert "Grapefruit interacts" in page

    appeal = appeal_and_reverse(event, member, moderator)
    post.refresh_from_db()
    assert appeal.state == Appeal.State.REVERSED
    assert post.source == original
    restoring = ModerationEvent.objects.filter(action=Action.POST_EDIT).latest("id")
    assert restoring.pk != event.pk and restoring.changes.get("appeal")
    # Giving the text back is not a new decision to appeal.
    assert not appeals.is_restricting(restoring)

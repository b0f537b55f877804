"""Clinician answers through the views: the clinician inbox, "Answered by a
clinician", helpful marks, accepted answers, the clinician's public profile,
and the whole journey from sign-up to a revoked badge."""

import re
from datetime import timedelta
from html import unescape
from statistics import median

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services as account_services
from accounts.models import ClinicianApplication, ClinicianProfile
from forum import services
from forum.models import Condition, HelpfulMark, Post, Thread, Visibility
from moderation import clinicians
from tests import factories
from tests.factories import reply
from tests.second_factor import app_code, pass_second_factor

pytestmark = pytest.mark.django_db
User = get_user_model()

ANSWERED = "Answered by a clinician"
BADGE = "Physician · Neurology · Verified"
REPLY_BODY = "In clinic we usually suggest pacing and a fatigue diary first."


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def text(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def cond(slug) -> Condition:
    return Condition.objects.get(slug=slug)


@pytest.fixture
def ms():
    return cond("multiple-sclerosis")


@pytest.fixture
def ra():
    return cond("rheumatoid-arthritis")


def ask(title, *conditions, age=timedelta(0), author=None) -> Thread:
    """A question asked ``age`` ago."""
    thread = factories.ThreadFactory(
        title=title,
        conditions=list(conditions),
        **({"author": author} if author else {}),
    )
    created = timezone.now() - age
    Thread.objects.filter(pk=thread.pk).update(
        created_at=created, last_activity_at=created
    )
    Post.objects.filter(thread=thread, is_question=True).update(created_at=created)
    thread.refresh_from_db()
    return thread


def verified_clinician(*conditions, **user_fields) -> User:
    profile = factories.ClinicianProfileFactory(
        **{f"user__{k}": v for k, v in user_fields.items()}
    )
    profile.conditions.set(conditions)
    return profile.user


def set_status(profile_user, status, moderator=None):
    moderator = moderator or factories.UserFactory(is_superuser=True)
    clinicians.clinician_status_change(
        profile=profile_user.clinician_profile,
        moderator=moderator,
        status=status,
        reason="Registration under review.",
    )


def inbox(client, **params):
    return client.get(reverse("forum:clinician_inbox"), params)


# Clinician inbox --------------------------------------------------------------


def test_inbox_is_only_for_verified_clinicians(client, member, moderator, ms):
    url = reverse("forum:clinician_inbox")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    assert client.get(url).status_code == 403
    clinician = verified_clinician(ms)
    client.force_login(clinician)
    assert client.get(url).status_code == 200
    for status in ("suspended", "revoked"):
        set_status(clinician, status)
        assert client.get(url).status_code == 403, status


def test_inbox_link_shown_only_to_verified_clinicians(client, member, ms):
    client.force_login(member)
    assert "Clinician inbox" not in text(client.get(reverse("forum:home")))
    client.force_login(verified_clinician(ms))
    assert "Clinician inbox" in text(client.get(reverse("forum:home")))


def test_inbox_lists_awaiting_questions_in_my_conditions_oldest_first(client, ms, ra):
    me = verified_clinician(ms, ra)
    colleague = verified_clinician(ms)
    suspended = verified_clinician(ms)
    day = timedelta(days=1)

    newest = ask("Newest MS question about fatigue", ms, age=timedelta(hours=1))
    both = ask("Question tagged with both MS and RA", ms, ra, age=2 * day)
    ra_only = ask("Rheumatoid arthritis morning stiffness", ra, age=3 * day)
    member_replied = ask("MS question with a member reply only", ms, age=4 * day)
    reply(member_replied)
    oldest = ask("Oldest MS question about heat", ms, age=5 * day)
    answered = ask("MS question a colleague answered", ms, age=6 * day)
    reply(answered, colleague, body=REPLY_BODY)
    set_status(suspended, "suspended")
    suspended = User.objects.get(pk=suspended.pk)  # As a request would load it.
    by_suspended = ask("MS question answered by a suspended doctor", ms, age=7 * day)
    reply(by_suspended, suspended, body=REPLY_BODY)
    hidden = ask("MS question hidden by a moderator", ms, age=8 * day)
    Thread.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    deleted = ask("MS question deleted by its author", ms, age=9 * day)
    services.post_delete(post=deleted.posts.get(is_question=True), user=deleted.author)
    held = ask("MS question held for pre-moderation", ms, age=10 * day)
    Thread.objects.filter(pk=held.pk).update(visibility=Visibility.PENDING)
    elsewhere = ask("Type 2 diabetes and metformin", cond("type-2-diabetes"), age=day)

    client.force_login(me)
    response = inbox(client)
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [
        by_suspended,
        oldest,
        member_replied,
        ra_only,
        both,
        newest,
    ]
    page = text(response)
    for gone in (answered, hidden, deleted, held, elsewhere):
        assert gone.title not in page
    assert page.index(oldest.title) < page.index(newest.title)


def test_question_leaves_inbox_once_any_verified_clinician_answers(client, ms):
    me = verified_clinician(ms)
    thread = ask("Does MS fatigue get worse in the heat?", ms)
    client.force_login(me)
    assert thread.title in text(inbox(client))

    # A pending applicant's reply does not count…
    applicant = factories.UserFactory()
    account_services.clinician_application_submit(
        user=applicant,
        profession="nurse",
        specialty="MS nursing",
        registration_number="NMC 1",
        issuing_body="NMC",
        country="UK",
        conditions=[ms],
        bio="MS specialist nurse for ten years.",
    )
    reply(thread, applicant, body=REPLY_BODY)
    assert thread.title in text(inbox(client))

    # …a colleague's does, even one without this condition.
    colleague = verified_clinician(cond("epilepsy"))
    reply(thread, colleague, body=REPLY_BODY)
    response = inbox(client)
    assert thread.title not in text(response)
    assert "Nothing waiting" in text(response)


def test_my_own_answer_removes_question_from_my_inbox(client, ms):
    me = verified_clinician(ms)
    thread = ask("What helps with MS spasticity at night?", ms)
    client.force_login(me)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": REPLY_BODY}
    )
    assert response.status_code == 302
    assert thread.title not in text(inbox(client))


def test_inbox_condition_filter_and_counts(client, ms, ra):
    me = verified_clinician(ms, ra)
    ms_one = ask("First MS question waiting", ms, age=timedelta(days=3))
    ms_two = ask("Second MS question waiting", ms, age=timedelta(days=2))
    ra_one = ask("Only RA question waiting", ra, age=timedelta(days=1))
    both = ask("MS and RA together question", ms, ra)
    reply(ask("MS question already answered", ms), verified_clinician(ms), REPLY_BODY)
    hidden = ask("Hidden MS question is not counted", ms)
    Thread.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)

    client.force_login(me)
    response = inbox(client)
    counts = {c.slug: c.awaiting for c in response.context["counts"]}
    assert counts == {"multiple-sclerosis": 3, "rheumatoid-arthritis": 2}
    page = text(response)
    assert f"{ms.name} 3" in page and f"{ra.name} 2" in page

    filtered = inbox(client, condition="rheumatoid-arthritis")
    assert filtered.status_code == 200
    assert list(filtered.context["page_obj"].object_list) == [ra_one, both]
    assert f"Showing {ra.name} only." in text(filtered)
    ms_page = inbox(client, condition="multiple-sclerosis")
    assert list(ms_page.context["page_obj"].object_list) == [ms_one, ms_two, both]


@pytest.mark.parametrize("slug", ["no-such-condition", "type-2-diabetes"])
def test_inbox_filter_on_unknown_or_foreign_condition_is_404(client, ms, slug):
    client.force_login(verified_clinician(ms))
    assert inbox(client, condition=slug).status_code == 404


# "Answered by a clinician" ----------------------------------------------------


def pages_showing_answered(thread) -> dict[str, bool]:
    """Whether an anonymous reader sees the marker next to this thread."""
    anonymous = Client()
    result = {}
    for name, url in (
        ("home", reverse("forum:home")),
        ("condition", thread.conditions.first().get_absolute_url()),
    ):
        html = anonymous.get(url).content.decode()
        # The marker sits inside the thread's list item.
        item = re.search(
            rf'<li class="thread-item">(?:(?!</li>).)*{re.escape(thread.title)}'
            rf"(?:(?!</li>).)*</li>",
            html,
            re.S,
        )
        assert item, name
        result[name] = ANSWERED in item.group(0)
    result["thread"] = ANSWERED in text(anonymous.get(thread.get_absolute_url()))
    return result


def test_answered_by_clinician_shown_on_home_condition_and_thread(client, ms):
    thread = ask("Is it normal to feel dizzy on new MS medication?", ms)
    assert pages_showing_answered(thread) == dict.fromkeys(
        ("home", "condition", "thread"), False
    )
    reply(thread, body="Same here, it got better after a few weeks for me.")
    assert not any(pages_showing_answered(thread).values())

    client.force_login(verified_clinician(ms))
    client.post(reverse("forum:post_create", args=[thread.pk]), {"body": REPLY_BODY})
    assert pages_showing_answered(thread) == dict.fromkeys(
        ("home", "condition", "thread"), True
    )


def test_awaiting_sort_lists_only_threads_without_clinician_answer(ms):
    waiting = ask("Question still waiting for a clinician", ms)
    member_only = ask("Question with only a member reply", ms)
    reply(member_only)
    answered = ask("Question a clinician has answered", ms)
    reply(answered, verified_clinician(ms), REPLY_BODY)
    anonymous = Client()
    for url in (reverse("forum:home"), ms.get_absolute_url()):
        response = anonymous.get(url, {"sort": "awaiting"})
        assert set(response.context["page_obj"].object_list) == {waiting, member_only}
        assert ANSWERED not in text(response)
    everything = anonymous.get(reverse("forum:home"))
    assert answered in everything.context["page_obj"].object_list


def test_revoking_the_clinician_makes_the_thread_awaiting_again(ms):
    clinician = verified_clinician(ms)
    thread = ask("Can MS relapses be triggered by stress?", ms)
    reply(thread, clinician, REPLY_BODY)
    awaiting = reverse("forum:home") + "?sort=awaiting"
    assert thread not in Client().get(awaiting).context["page_obj"].object_list

    set_status(clinician, ClinicianProfile.Status.REVOKED)
    thread.refresh_from_db()
    assert not thread.has_clinician_answer
    assert not any(pages_showing_answered(thread).values())
    assert thread in Client().get(awaiting).context["page_obj"].object_list
    me = verified_clinician(ms)
    inbox_client = Client()
    inbox_client.force_login(me)
    assert thread.title in text(inbox(inbox_client))


def test_revoked_clinician_keeps_thread_answered_if_another_clinician_answered(ms):
    first, second = verified_clinician(ms), verified_clinician(ms)
    thread = ask("Vitamin D and MS: is there evidence?", ms)
    reply(thread, first, REPLY_BODY)
    reply(thread, second, REPLY_BODY)
    set_status(first, ClinicianProfile.Status.REVOKED)
    assert all(pages_showing_answered(thread).values())


def test_verified_clinician_answer_skips_premoderation_and_counts(
    client, settings, moderator, ms
):
    """With the production pre-moderation of new accounts on, a brand-new
    applicant's reply waits for review, but once verified their answer is
    public at once and marks the thread answered."""
    thread = ask("Does cold weather affect MS too?", ms)
    settings.FORUM_PREMODERATION_POSTS = 2
    doctor = factories.UserFactory(display_name="Dr New")
    application = account_services.clinician_application_submit(
        user=doctor,
        profession="physician",
        specialty="Neurology",
        registration_number="GMC 5",
        issuing_body="GMC",
        country="UK",
        conditions=[ms],
        bio="Consultant neurologist in an MS clinic.",
    )
    client.force_login(doctor)
    url = reverse("forum:post_create", args=[thread.pk])
    client.post(url, {"body": "Before verification: " + REPLY_BODY})
    held = Post.objects.get(thread=thread, author=doctor)
    assert held.visibility == Visibility.PENDING
    thread.refresh_from_db()
    assert not thread.has_clinician_answer

    clinicians.clinician_application_approve(
        application=application, moderator=moderator
    )
    thread.refresh_from_db()
    assert not thread.has_clinician_answer  # The held reply still doesn't count.
    # Answering under the badge waits for two-factor authentication.
    response = client.post(url, {"body": "After verification: " + REPLY_BODY})
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert Post.objects.filter(thread=thread, author=doctor).count() == 1
    pass_second_factor(client, doctor)
    client.post(url, {"body": "After verification: " + REPLY_BODY})
    answer = Post.objects.filter(thread=thread, author=doctor).latest("pk")
    assert answer.visibility == Visibility.VISIBLE
    assert all(pages_showing_answered(thread).values())
    assert thread.title not in text(inbox(client))


# Helpful marks ----------------------------------------------------------------


@pytest.fixture
def answer(thread, other_member):
    return reply(thread, other_member, body="Cooling vests helped me a lot.")


def helpful(client, post, **data):
    return client.post(reverse("forum:post_helpful", args=[post.pk]), data)


def helpful_state(post):
    post.refresh_from_db()
    return post.helpful_count, HelpfulMark.objects.filter(post=post).count()


def test_member_marks_and_withdraws_helpful_idempotently(client, answer):
    reader = factories.UserFactory()
    client.force_login(reader)
    response = helpful(client, answer)
    assert response.status_code == 302
    assert helpful_state(answer) == (1, 1)
    page = text(client.get(response.url, follow=True))
    assert "Marked as helpful. Thank you." in page
    assert "Helpful · 1" in page

    assert helpful(client, answer).status_code == 302  # Forged second POST.
    assert helpful_state(answer) == (1, 1)

    assert helpful(client, answer, action="withdraw").status_code == 302
    assert helpful_state(answer) == (0, 0)
    assert helpful(client, answer, action="withdraw").status_code == 302
    assert helpful_state(answer) == (0, 0)


def test_marks_from_two_members_add_up(client, answer):
    for _ in range(2):
        client.force_login(factories.UserFactory())
        helpful(client, answer)
    assert helpful_state(answer) == (2, 2)
    assert "2 found this helpful" in text(
        Client().get(answer.thread.get_absolute_url())
    )


def test_cannot_mark_own_post_helpful(client, answer, other_member):
    client.force_login(other_member)
    assert helpful(client, answer).status_code == 403
    assert helpful_state(answer) == (0, 0)


def test_cannot_mark_the_question_helpful(client, thread, other_member):
    question = thread.posts.get(is_question=True)
    client.force_login(other_member)
    assert helpful(client, question).status_code == 403
    assert helpful_state(question) == (0, 0)


def test_cannot_mark_a_deleted_reply_helpful(client, answer, other_member, member):
    services.post_delete(post=answer, user=other_member)
    client.force_login(member)
    assert helpful(client, answer).status_code == 403
    assert helpful_state(answer) == (0, 0)


def test_anonymous_helpful_is_redirected_to_login(client, answer):
    response = helpful(client, answer)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert helpful_state(answer) == (0, 0)


# Accepted answers -------------------------------------------------------------


def accept(client, post):
    return client.post(reverse("forum:post_accept", args=[post.pk]))


def accepted_of(thread):
    thread.refresh_from_db()
    return thread.accepted_post


def test_asker_accepts_reply_summarised_under_question_and_shown_once(
    client, thread, member
):
    first = reply(thread, body="First reply, a bit generic but kind.")
    chosen = reply(thread, body="Second reply that **actually** answered it.")
    client.force_login(member)
    response = client.post(reverse("forum:post_accept", args=[chosen.pk]), follow=True)
    assert accepted_of(thread) == chosen
    html = response.content.decode()
    assert "Answer accepted." in html
    question = thread.posts.get(is_question=True)
    # Question, then the summary, then the replies in their order, the
    # accepted one in its place.
    positions = [
        html.index(f'id="post-{question.pk}"'),
        html.index('id="accepted-heading"'),
        html.index('id="replies-heading"'),
        html.index(f'id="post-{first.pk}"'),
        html.index(f'id="post-{chosen.pk}"'),
    ]
    assert positions == sorted(positions)
    # Once in full: one article for it, and its formatted text once.
    assert html.count(f'id="post-{chosen.pk}"') == 1
    assert html.count("<strong>actually</strong>") == 1
    summary = html[positions[1] : positions[2]]
    assert "Second reply that actually answered it." in unescape(summary)
    assert f'href="{thread.get_absolute_url()}#post-{chosen.pk}"' in summary
    assert "First reply, a bit generic" not in summary
    assert "Accepted answer" in text(Client().get(thread.get_absolute_url()))


def test_accepted_answer_on_a_later_page_is_linked_from_the_first(
    client, thread, member, settings
):
    settings.FORUM_REPLIES_PER_PAGE = 2
    replies = [reply(thread, body=f"Reply number {n}.") for n in range(5)]
    chosen = replies[3]  # Page 2.
    client.force_login(member)
    accept(client, chosen)
    first_page = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="?page=2#post-{chosen.pk}"' in first_page
    assert f'id="post-{chosen.pk}"' not in first_page  # Not on this page.
    second = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    assert second.count(f'id="post-{chosen.pk}"') == 1
    assert "Reply number 3." in second


def test_a_long_accepted_answer_is_cut_in_the_summary(client, thread, member):
    body = "Start with the clinic nurse. " + "More detail here. " * 40 + "END."
    chosen = reply(thread, body=body)
    client.force_login(member)
    accept(client, chosen)
    html = unescape(client.get(thread.get_absolute_url()).content.decode())
    summary = html[html.index('id="accepted-heading"') : html.index('id="replies')]
    assert "Start with the clinic nurse." in summary and "…" in summary
    assert "END." not in summary
    assert html.count("END.") == 1


def test_accepting_another_reply_replaces_the_first(client, thread, member):
    one, two = reply(thread), reply(thread)
    client.force_login(member)
    accept(client, one)
    accept(client, two)
    assert accepted_of(thread) == two


def test_other_member_forging_accept_is_refused(client, thread, other_member, member):
    answer = reply(thread, other_member)
    earlier = reply(thread)
    services.thread_accept_answer(post=earlier, user=member)
    for user in (other_member, factories.UserFactory()):
        client.force_login(user)
        assert accept(client, answer).status_code == 403
        assert accepted_of(thread) == earlier


def test_moderator_cannot_accept_for_the_asker(client, thread, moderator):
    answer = reply(thread)
    client.force_login(moderator)
    assert accept(client, answer).status_code == 403
    assert accepted_of(thread) is None


def test_accepting_a_deleted_reply_or_the_question_is_refused(client, thread, member):
    gone_author = factories.UserFactory()
    gone = reply(thread, gone_author)
    services.post_delete(post=gone, user=gone_author)
    client.force_login(member)
    assert accept(client, gone).status_code == 403
    assert accept(client, thread.posts.get(is_question=True)).status_code == 403
    assert accepted_of(thread) is None


def test_only_the_asker_can_unaccept(client, thread, member, other_member, moderator):
    answer = reply(thread)
    services.thread_accept_answer(post=answer, user=member)
    url = reverse("forum:thread_unaccept", args=[thread.pk])
    for user in (other_member, moderator):
        client.force_login(user)
        assert client.post(url).status_code == 403
        assert accepted_of(thread) == answer
    client.logout()
    assert client.post(url).status_code == 302
    assert accepted_of(thread) == answer
    client.force_login(member)
    response = client.post(url, follow=True)
    assert "no longer marked as accepted" in text(response)
    assert accepted_of(thread) is None
    assert 'id="accepted-heading"' not in response.content.decode()


def test_deleting_the_accepted_reply_clears_the_acceptance(client, thread, member):
    author = factories.UserFactory()
    answer = reply(thread, author, body="Accepted, then deleted by its author.")
    services.thread_accept_answer(post=answer, user=member)
    client.force_login(author)
    response = client.post(reverse("forum:post_delete", args=[answer.pk]))
    assert response.status_code == 302
    assert accepted_of(thread) is None
    html = Client().get(thread.get_absolute_url()).content.decode()
    assert 'id="accepted-heading"' not in html
    assert "Accepted, then deleted" not in html


# Clinician public profile -----------------------------------------------------


def answer_after(clinician, delay: timedelta, condition, *, title=None) -> Post:
    """A question asked long ago, answered by the clinician ``delay`` later."""
    asked = timezone.now() - timedelta(days=30)
    thread = ask(title or f"Question answered after {delay}", condition)
    Thread.objects.filter(pk=thread.pk).update(created_at=asked)
    post = reply(thread, clinician, REPLY_BODY)
    Post.objects.filter(pk=post.pk).update(created_at=asked + delay)
    return post


def profile_text(user) -> str:
    return text(Client().get(user.get_absolute_url()))


def test_clinician_profile_shows_identity_conditions_and_figures(ms, ra):
    profile = factories.ClinicianProfileFactory(
        user__display_name="Dr Ada",
        profession=ClinicianProfile.Profession.NURSE,
        specialty="MS specialist nursing",
        bio="I have run an MS nurse clinic for twelve years.",
    )
    profile.conditions.set([ms, ra])
    clinician = profile.user
    posts = [
        answer_after(clinician, timedelta(hours=h), ms, title=f"Answered in {h} h")
        for h in (1, 2, 7)
    ]
    for post, marks in zip(posts, (0, 2, 1), strict=True):
        for _ in range(marks):
            services.post_mark_helpful(post=post, user=factories.UserFactory())
    # Not counted: a deleted reply and a reply in a hidden thread.
    deleted = answer_after(clinician, timedelta(minutes=5), ms)
    services.post_mark_helpful(post=deleted, user=factories.UserFactory())
    services.post_delete(post=deleted, user=clinician)
    hidden = answer_after(clinician, timedelta(days=9), ms)
    Thread.objects.filter(pk=hidden.thread_id).update(visibility=Visibility.HIDDEN)

    page = profile_text(clinician)
    assert "Nurse · MS specialist nursing · Verified" in page
    assert "I have run an MS nurse clinic for twelve years." in page
    assert ms.name in page and ra.name in page
    assert "Answers 3" in page
    assert "Helpful marks received 3" in page
    assert median([1, 2, 7]) == 2
    assert "Median time to first answer 2 hours" in page


@pytest.mark.parametrize(
    ("delays", "expected"),
    [
        pytest.param([timedelta(hours=1), timedelta(hours=5)], "3 hours", id="even"),
        pytest.param(
            [timedelta(minutes=m) for m in (20, 45, 50, 300)], "47 minutes", id="mins"
        ),
        pytest.param([timedelta(days=d) for d in (2, 4, 9)], "4 days", id="days"),
    ],
)
def test_median_time_to_first_answer(ms, delays, expected):
    clinician = verified_clinician(ms)
    for delay in delays:
        answer_after(clinician, delay, ms)
    assert "Median time to first answer " + expected in profile_text(clinician)


def test_median_uses_only_the_clinicians_first_reply_in_each_thread(ms):
    clinician = verified_clinician(ms)
    first = answer_after(clinician, timedelta(hours=2), ms)
    # A later follow-up in the same thread does not change "time to first answer".
    follow_up = reply(first.thread, clinician, REPLY_BODY)
    Post.objects.filter(pk=follow_up.pk).update(
        created_at=first.thread.created_at + timedelta(hours=30)
    )
    page = profile_text(clinician)
    assert "Median time to first answer 2 hours" in page


def test_clinician_without_answers_shows_no_median(ms):
    page = profile_text(verified_clinician(ms))
    assert "Answers 0" in page
    assert "Median time to first answer —" in page


def test_member_profile_has_no_clinician_section(member):
    assert "Median time to first answer" not in profile_text(member)


# The whole journey, client-level ----------------------------------------------


def test_doctor_journey_from_signup_to_revoked_badge(
    moderator, ms, django_capture_on_commit_callbacks
):
    asker = factories.UserFactory(display_name="Worried Walker")
    question = ask("Heat makes my MS symptoms worse, why?", ms, author=asker)

    # A doctor signs up and applies with a proof document.
    doctor_client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = doctor_client.post(
            reverse("accounts:signup"),
            {
                "username": "ada",
                "email": "ada@example.org",
                "display_name": "Dr Ada",
                "password1": "a sturdy passphrase 42",
                "password2": "a sturdy passphrase 42",
                "age_ok": "on",
                "health_consent": "on",
            },
        )
    assert response.status_code == 302
    doctor = User.objects.get(username="ada")
    # Confirms the email from the link, then signs in.
    confirmation = mail.outbox.pop()
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", confirmation.body)
    doctor_client.get(link.group(1))
    assert doctor_client.login(username="ada", password="a sturdy passphrase 42")
    settings_page = text(doctor_client.get(reverse("accounts:settings")))
    assert "Apply for a verified badge" in settings_page
    response = doctor_client.post(
        reverse("accounts:clinician_apply"),
        {
            "profession": "physician",
            "specialty": "Neurology",
            "registration_number": "GMC 7654321",
            "issuing_body": "General Medical Council",
            "country": "United Kingdom",
            "conditions": [ms.pk],
            "bio": "Consultant neurologist running an MS clinic.",
            "proof": SimpleUploadedFile("certificate.pdf", b"%PDF-1.7\n%%EOF\n"),
        },
    )
    assert response.status_code == 302
    application = ClinicianApplication.objects.get(user=doctor)
    assert application.status == ClinicianApplication.Status.PENDING
    assert doctor_client.get(reverse("forum:clinician_inbox")).status_code == 403

    # A moderator approves.
    mod_client = Client()
    mod_client.force_login(moderator)
    queue = text(mod_client.get(reverse("review:application_list")))
    assert "Dr Ada" in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(
            reverse("review:application_detail", args=[application.pk]),
            {"decision": "approve", "reason": "Checked on the GMC register."},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]

    # The inbox first asks the new clinician to set up two-factor
    # authentication: scan the key, type the app's code, get recovery codes.
    response = doctor_client.get(reverse("forum:clinician_inbox"))
    setup = reverse("accounts:two_factor_setup")
    assert response["Location"] == f"{setup}?next=%2Finbox%2F"
    assert "Type the 6-digit code" in text(doctor_client.get(response["Location"]))
    device = TOTPDevice.objects.get(user=doctor, confirmed=False)
    response = doctor_client.post(
        setup, {"code": app_code(device), "next": reverse("forum:clinician_inbox")}
    )
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert "no-store" in response["Cache-Control"]

    # The inbox shows the question; the doctor answers.
    response = doctor_client.get(reverse("forum:clinician_inbox"))
    assert list(response.context["page_obj"].object_list) == [question]
    response = doctor_client.post(
        reverse("forum:post_create", args=[question.pk]), {"body": REPLY_BODY}
    )
    assert response.status_code == 302
    assert question.title not in text(
        doctor_client.get(reverse("forum:clinician_inbox"))
    )

    # An anonymous reader sees the badge and the marker.
    reader = Client()
    thread_page = text(reader.get(question.get_absolute_url()))
    assert "Dr Ada" in thread_page
    assert BADGE in thread_page
    assert ANSWERED in thread_page
    assert all(pages_showing_answered(question).values())
    awaiting = reader.get(reverse("forum:home"), {"sort": "awaiting"})
    assert question not in awaiting.context["page_obj"].object_list

    # The moderator revokes: the badge and the marker go, the thread awaits again.
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(
            reverse("review:clinician_status", args=[doctor.pk]),
            {"status": "revoked", "reason": "Registration was withdrawn."},
        )
    assert response.status_code == 302
    thread_page = text(reader.get(question.get_absolute_url()))
    assert "Dr Ada" in thread_page and REPLY_BODY in thread_page
    assert BADGE not in thread_page and "Verified" not in thread_page
    assert not any(pages_showing_answered(question).values())
    awaiting = reader.get(reverse("forum:home"), {"sort": "awaiting"})
    assert question in awaiting.context["page_obj"].object_list
    assert doctor_client.get(reverse("forum:clinician_inbox")).status_code == 403
    assert mail.outbox[-1].to == ["ada@example.org"]
    assert "Registration was withdrawn." in mail.outbox[-1].body


def test_accepted_summary_is_plain_text_whatever_the_answer_holds(
    client, thread, member
):
    chosen = reply(
        thread,
        body='<img src=x onerror="alert(1)"> <b>bold</b> [a](javascript:alert(2)) ok',
    )
    client.force_login(member)
    accept(client, chosen)
    html = client.get(thread.get_absolute_url()).content.decode()
    summary = html[html.index('id="accepted-heading"') : html.index('id="replies')]
    body = summary[summary.index('class="accepted-summary-text"') :]
    body = body[: body.index("</p>")]
    assert "<" not in body.split(">", 1)[1]  # No tag inside the excerpt.
    # What was typed shows as text, escaped; no link, image or tag is made.
    assert "&lt;img src=x" in body
    assert (
        "<img" not in summary
        and "<b>" not in summary
        and 'href="javascript' not in summary
    )

"""Clinicians' reviews and correction notes (forum.reviews): who may write
them, what readers see (and stop seeing), what the author is told, and the
"medical misinformation" flag that asks for a source."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ClinicianProfile
from core import pagecache
from forum import reviews
from forum.models import CorrectionNote, Post, Review
from moderation import clinicians
from moderation import services as moderation_services
from moderation.models import Flag
from notifications.models import Kind, Notification
from tests import factories

pytestmark = pytest.mark.django_db

NHS = "https://www.nhs.uk/conditions/multiple-sclerosis/"


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def signed_in(user, **kwargs) -> Client:
    client = Client()
    client.force_login(user, **kwargs)
    return client


def clinician_user(name="Dr Ana Ruiz", specialty="Neurology"):
    return factories.ClinicianProfileFactory(
        user=factories.UserFactory(display_name=name), specialty=specialty
    ).user


@pytest.fixture
def asker():
    return factories.UserFactory(display_name="Sam Asker")


@pytest.fixture
def answerer():
    return factories.UserFactory(display_name="Robin Answers")


@pytest.fixture
def question_thread(asker, condition):
    return factories.ThreadFactory(
        author=asker,
        conditions=[condition],
        title="Is heat bad for MS fatigue?",
        body="My fatigue gets worse every summer.",
    )


@pytest.fixture
def answer(question_thread, answerer):
    return factories.reply(
        question_thread, answerer, "A cool shower before going out helps me."
    )


@pytest.fixture
def doctor():
    return clinician_user()


def question_of(thread) -> Post:
    return thread.posts.get(is_question=True)


def review(client, post, **data):
    return client.post(reverse("forum:post_review", args=[post.pk]), data)


def anonymous_page(thread) -> str:
    return text(Client().get(thread.get_absolute_url()))


# Reviews of answers ---------------------------------------------------------------


def test_a_clinician_marks_an_answer_reviewed_and_every_reader_sees_it(
    answer, doctor, other_member
):
    response = review(signed_in(doctor), answer, verdict="reviewed")
    assert response.status_code == 302
    row = Review.objects.get()
    assert (row.post, row.clinician, row.verdict) == (answer, doctor, "reviewed")
    expected = "Reviewed by Dr Ana Ruiz · Physician · Neurology · now"
    assert expected in anonymous_page(answer.thread)
    member_page = text(signed_in(other_member).get(answer.thread.get_absolute_url()))
    assert expected in member_page


def test_disagreeing_needs_a_note_then_shows_it_with_its_source(answer, doctor):
    client = signed_in(doctor)
    response = review(client, answer, verdict="disagree", note="  ")
    assert response.status_code == 400
    assert "Say briefly what you disagree with." in text(response)
    assert not Review.objects.exists()

    response = review(
        client,
        answer,
        verdict="disagree",
        note="Heat doesn't damage nerves; symptoms pass as you cool down.",
        source_url=NHS,
    )
    assert response.status_code == 302
    page = anonymous_page(answer.thread)
    assert (
        "Dr Ana Ruiz (Physician) disagrees: Heat doesn't damage nerves; "
        "symptoms pass as you cool down. — www.nhs.uk reputable source"
    ) in page


@pytest.mark.parametrize(
    "source",
    [
        "javascript:alert(1)",
        "ftp://www.nhs.uk/x",
        "https://www.nhs.uk@evil.example/",
        "data:text/html,hi",
        "https://" + "a" * 600 + ".org/",
    ],
)
def test_a_source_must_be_a_plain_web_address(answer, doctor, source):
    response = review(
        signed_in(doctor), answer, verdict="disagree", note="Wrong.", source_url=source
    )
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_a_source_elsewhere_shows_without_the_label(answer, doctor):
    review(
        signed_in(doctor),
        answer,
        verdict="disagree",
        note="Not quite.",
        source_url="https://evilnhs.uk/ms",
    )
    page = anonymous_page(answer.thread)
    assert "disagrees: Not quite. — evilnhs.uk" in page
    assert "reputable source" not in page


def test_a_clinician_changes_then_withdraws_their_verdict(answer, doctor):
    client = signed_in(doctor)
    review(client, answer, verdict="reviewed")
    review(client, answer, verdict="disagree", note="On reflection, no.")
    row = Review.objects.get()
    assert (row.verdict, row.note) == ("disagree", "On reflection, no.")
    assert "disagrees: On reflection, no." in anonymous_page(answer.thread)

    response = client.post(reverse("forum:review_withdraw", args=[answer.pk]))
    assert response.status_code == 302
    assert not Review.objects.exists()
    page = anonymous_page(answer.thread)
    assert "disagrees" not in page and "Reviewed by" not in page


def test_the_review_form_is_prefilled_with_the_current_review(answer, doctor):
    client = signed_in(doctor)
    review(client, answer, verdict="disagree", note="Too general.")
    page = client.get(reverse("forum:post_review", args=[answer.pk]))
    assert page.status_code == 200
    assert "Too general." in page.content.decode()
    assert "Withdraw my review" in text(page)


# Reviews of the whole thread ------------------------------------------------------


def test_reviewing_the_question_reviews_the_whole_thread(question_thread, doctor):
    question = question_of(question_thread)
    response = review(signed_in(doctor), question, verdict="reviewed")
    assert response.status_code == 302
    row = Review.objects.get()
    assert (row.thread, row.post) == (question_thread, None)
    assert "Reviewed by Dr Ana Ruiz · Physician · Neurology" in anonymous_page(
        question_thread
    )


def test_nobody_disagrees_with_a_question(question_thread, doctor):
    response = review(
        signed_in(doctor), question_of(question_thread), verdict="disagree", note="x"
    )
    assert response.status_code == 400
    assert not Review.objects.exists()


# Who may ------------------------------------------------------------------------


def test_a_member_who_is_not_a_clinician_is_refused(answer, other_member):
    client = signed_in(other_member)
    assert review(client, answer, verdict="reviewed").status_code == 403
    assert client.get(reverse("forum:post_review", args=[answer.pk])).status_code == 403
    assert not Review.objects.exists()
    page = text(client.get(answer.thread.get_absolute_url()))
    assert "Review this answer" not in page


def test_visitors_are_sent_to_sign_in(answer):
    response = review(Client(), answer, verdict="reviewed")
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert not Review.objects.exists()


def test_a_clinician_without_a_second_factor_is_sent_to_enter_one(answer, doctor):
    client = signed_in(doctor, second_factor=False)
    response = review(client, answer, verdict="reviewed")
    assert response.status_code == 302
    assert "two-factor" in response.url or "2fa" in response.url
    assert not Review.objects.exists()


def test_a_clinician_cannot_review_their_own_answer(question_thread, doctor):
    own = factories.reply(question_thread, doctor, "My own advice.")
    assert review(signed_in(doctor), own, verdict="reviewed").status_code == 403
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "status", [ClinicianProfile.Status.SUSPENDED, ClinicianProfile.Status.REVOKED]
)
def test_a_suspended_or_revoked_clinician_is_refused(answer, doctor, status):
    ClinicianProfile.objects.filter(user=doctor).update(status=status)
    assert review(signed_in(doctor), answer, verdict="reviewed").status_code == 403
    assert not Review.objects.exists()


def test_a_clinician_whose_verification_ran_out_is_refused(answer, doctor):
    ClinicianProfile.objects.filter(user=doctor).update(
        verified_until=timezone.now() - timedelta(minutes=1)
    )
    assert review(signed_in(doctor), answer, verdict="reviewed").status_code == 403
    assert not Review.objects.exists()


def test_hidden_deleted_and_pending_posts_cannot_be_reviewed(
    question_thread, doctor, moderator
):
    hidden = factories.reply(question_thread, body="Hidden words.")
    moderation_services.post_hide(post=hidden, moderator=moderator, reason="Spam")
    deleted = factories.reply(question_thread, body="Deleted words.")
    Post.objects.filter(pk=deleted.pk).update(visibility=Post.Visibility.DELETED)
    pending = factories.reply(question_thread, body="Pending words.")
    Post.objects.filter(pk=pending.pk).update(visibility=Post.Visibility.PENDING)
    client = signed_in(doctor)
    for post in (hidden, deleted, pending):
        assert review(client, post, verdict="reviewed").status_code == 403
    assert not Review.objects.exists()


def test_a_hidden_thread_cannot_be_reviewed(answer, doctor, moderator):
    question = question_of(answer.thread)
    moderation_services.post_hide(post=question, moderator=moderator, reason="Spam")
    client = signed_in(doctor)
    assert review(client, question, verdict="reviewed").status_code in (403, 404)
    assert review(client, answer, verdict="reviewed").status_code in (403, 404)
    assert not Review.objects.exists()


def test_withdrawing_is_post_only_and_touches_only_ones_own_review(answer, doctor):
    review(signed_in(doctor), answer, verdict="reviewed")
    url = reverse("forum:review_withdraw", args=[answer.pk])
    assert signed_in(doctor).get(url).status_code == 405
    colleague = clinician_user("Dr Lee")
    assert signed_in(colleague).post(url).status_code == 302
    member = factories.UserFactory()
    assert signed_in(member).post(url).status_code == 403
    assert Review.objects.filter(clinician=doctor).count() == 1


def test_bad_ids_and_bad_input_never_give_a_server_error(answer, doctor):
    client = signed_in(doctor)
    assert (
        client.post("/p/99999999/review/", {"verdict": "reviewed"}).status_code == 404
    )
    for data in (
        {},
        {"verdict": "banana"},
        {"verdict": "disagree", "note": "x" * 501},
        {"verdict": "reviewed", "source_url": "\x00"},
    ):
        assert review(client, answer, **data).status_code == 400
    assert not Review.objects.exists()


# What readers see ------------------------------------------------------------------


def test_reviews_vanish_with_the_badge_on_a_cached_page(answer, doctor, moderator):
    url = answer.thread.get_absolute_url()
    Client().get(url)
    assert Client().get(url)[pagecache.HEADER] == "hit"
    review(signed_in(doctor), answer, verdict="reviewed")
    fresh = Client().get(url)
    assert "Reviewed by Dr Ana Ruiz" in text(fresh)
    assert Client().get(url)[pagecache.HEADER] == "hit"

    clinicians.clinician_status_change(
        profile=doctor.clinician_profile,
        moderator=moderator,
        status=ClinicianProfile.Status.SUSPENDED,
        reason="Registration under investigation",
    )
    assert "Reviewed by Dr Ana Ruiz" not in text(Client().get(url))
    assert Review.objects.exists()  # Kept: back with the badge if reinstated.


def test_members_sharing_the_cached_posts_see_a_new_review(answer, doctor):
    reader = factories.UserFactory()
    url = answer.thread.get_absolute_url()
    assert "Reviewed by" not in text(signed_in(reader).get(url))
    review(signed_in(doctor), answer, verdict="reviewed")
    assert "Reviewed by Dr Ana Ruiz" in text(signed_in(reader).get(url))


def test_a_clinician_gets_forms_even_after_members_cached_the_posts(answer, doctor):
    url = answer.thread.get_absolute_url()
    reader = factories.UserFactory()
    signed_in(reader).get(url)  # Fills the shared fragment.
    page = text(signed_in(doctor).get(url))
    assert "Review this answer" in page
    assert "Review this thread" in page
    assert "Review this answer" not in text(signed_in(reader).get(url))


def test_attach_reads_reviews_and_corrections_in_two_queries(
    question_thread, django_assert_num_queries
):
    posts = [question_of(question_thread)]
    doctors = [clinician_user(f"Dr {i}") for i in range(3)]
    reviews.review_set(post=posts[0], clinician=doctors[0], verdict="reviewed")
    for i in range(6):
        post = factories.reply(question_thread, body=f"Answer {i}")
        posts.append(post)
        for doctor in doctors:
            reviews.review_set(post=post, clinician=doctor, verdict="reviewed")
        reviews.correction_add(post=post, author=doctors[0], text=f"Fix {i}")
    question_thread.refresh_from_db()
    assert question_thread.has_notes
    fresh = list(Post.objects.filter(thread=question_thread).order_by("pk"))
    for post in fresh:
        post.thread = question_thread
    with django_assert_num_queries(2):
        reviews.attach(thread=question_thread, posts=fresh)
        names = [
            r.clinician.clinician_profile.specialty
            for p in fresh
            for r in p.shown_reviews
        ]
        authors = [c.author.display_name for p in fresh for c in p.shown_corrections]
    assert len(names) == 1 + 6 * 3 and len(authors) == 6
    assert len(fresh[0].shown_reviews) == 1  # The thread's review, on the question.


# Corrections ----------------------------------------------------------------------


def correct(client, post, **data):
    return client.post(reverse("forum:correction_create", args=[post.pk]), data)


def test_the_author_adds_a_plain_text_correction(answer, answerer):
    response = correct(
        signed_in(answerer),
        answer,
        text="I meant lukewarm, not cold. <script>alert(1)</script> **bold**",
        source_url=NHS,
    )
    assert response.status_code == 302
    raw = Client().get(answer.thread.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in raw
    page = anonymous_page(answer.thread)
    assert (
        "Correction by Robin Answers: I meant lukewarm, not cold. "
        "<script>alert(1)</script> **bold** — www.nhs.uk reputable source"
    ) in page
    assert not Notification.objects.filter(kind=Kind.REVIEWED).exists()


def test_a_clinician_adds_a_correction_and_the_author_is_told(answer, doctor):
    response = correct(
        signed_in(doctor), answer, text="Cold showers can trigger spasms."
    )
    assert response.status_code == 302
    assert (
        "Correction by Dr Ana Ruiz (Physician): Cold showers can trigger spasms."
        in anonymous_page(answer.thread)
    )
    note = Notification.objects.get(kind=Kind.REVIEWED)
    assert (note.recipient, note.actor, note.post) == (answer.author, doctor, answer)


def test_others_cannot_add_corrections(answer, other_member):
    client = signed_in(other_member)
    assert correct(client, answer, text="You are wrong.").status_code == 403
    assert (
        client.get(reverse("forum:correction_create", args=[answer.pk])).status_code
        == 403
    )
    assert correct(Client(), answer, text="Drive-by.").status_code == 302
    assert not CorrectionNote.objects.exists()


def test_an_empty_or_too_long_correction_is_refused_clearly(answer, answerer):
    client = signed_in(answerer)
    response = correct(client, answer, text="   ")
    assert response.status_code == 400
    assert "This field is required." in text(response)
    assert correct(client, answer, text="x" * 1001).status_code == 400
    assert not CorrectionNote.objects.exists()


def test_an_anonymous_authors_correction_names_nobody(question_thread):
    secret = factories.UserFactory(display_name="Secret Person")
    from forum import services

    post = services.reply(
        thread=question_thread,
        author=secret,
        body="Posted anonymously.",
        anonymous=True,
    ).post
    assert correct(signed_in(secret), post, text="A small fix.").status_code == 302
    page = anonymous_page(question_thread)
    assert "A small fix." in page
    assert "Secret Person" not in page


def test_a_suspended_clinicians_correction_vanishes_but_an_authors_stays(
    answer, answerer, doctor, moderator
):
    correct(signed_in(doctor), answer, text="Clinician fix.")
    correct(signed_in(answerer), answer, text="Author fix.")
    clinicians.clinician_status_change(
        profile=doctor.clinician_profile,
        moderator=moderator,
        status=ClinicianProfile.Status.REVOKED,
        reason="Registration lapsed",
    )
    page = anonymous_page(answer.thread)
    assert "Author fix." in page and "Clinician fix." not in page


# Notifications -------------------------------------------------------------------


def test_the_author_is_told_once_per_verdict_in_the_app_and_by_email(
    answer, doctor, django_capture_on_commit_callbacks, mailoutbox
):
    client = signed_in(doctor)
    with django_capture_on_commit_callbacks(execute=True):
        review(client, answer, verdict="reviewed")
    note = Notification.objects.get(kind=Kind.REVIEWED)
    assert (note.recipient, note.actor, note.thread, note.post) == (
        answer.author,
        doctor,
        answer.thread,
        answer,
    )
    assert [m.to for m in mailoutbox] == [[answer.author.email]]
    assert "A clinician reviewed your post" in mailoutbox[0].subject

    review(client, answer, verdict="reviewed", note="Reworded only.")
    assert Notification.objects.filter(kind=Kind.REVIEWED).count() == 1
    review(client, answer, verdict="disagree", note="Changed my mind.")
    assert Notification.objects.filter(kind=Kind.REVIEWED).count() == 2


def test_a_thread_review_tells_the_asker(question_thread, asker, doctor):
    review(signed_in(doctor), question_of(question_thread), verdict="reviewed")
    note = Notification.objects.get(kind=Kind.REVIEWED)
    assert note.recipient == asker
    assert "Dr Ana Ruiz reviewed or corrected your post" in note.summary()


# The misinformation flag -------------------------------------------------------------


def test_a_misinformation_flag_needs_a_note_and_asks_for_a_source(answer, other_member):
    client = signed_in(other_member)
    url = reverse("moderation:flag_create", args=[answer.pk])
    form = text(client.get(url))
    assert "link to a reliable source" in form
    response = client.post(url, {"reason": "misinformation", "note": " "})
    assert response.status_code == 200
    assert "Say what is medically wrong in this post" in text(response)
    assert not Flag.objects.exists()
    response = client.post(
        url, {"reason": "misinformation", "note": f"Cold showers can harm: {NHS}"}
    )
    assert response.status_code == 302
    assert Flag.objects.get().note.endswith(NHS)


def test_other_flag_reasons_still_need_no_note(answer, other_member):
    client = signed_in(other_member)
    url = reverse("moderation:flag_create", args=[answer.pk])
    assert client.post(url, {"reason": "spam", "note": ""}).status_code == 302


def test_an_authors_corrections_count_against_the_posting_limit(answer, answerer):
    client = signed_in(answerer)
    for i in range(3):  # A new account's limit: 3 posts in 10 minutes.
        assert correct(client, answer, text=f"Fix {i}").status_code == 302
    assert correct(client, answer, text="One more").status_code == 429
    assert CorrectionNote.objects.count() == 3


def test_a_blocked_watched_word_refuses_a_correction(answer, answerer):
    from safety.models import WatchedWord
    from safety.screening import forget_watched_words

    WatchedWord.objects.create(word="miracle cure", action=WatchedWord.Action.BLOCK)
    forget_watched_words()
    response = correct(signed_in(answerer), answer, text="Try this miracle cure.")
    assert response.status_code == 400
    assert "isn't allowed here" in text(response)
    assert not CorrectionNote.objects.exists()


def test_a_review_follows_its_answer_into_a_merged_thread(
    answer, doctor, moderator, condition
):
    review(signed_in(doctor), answer, verdict="reviewed")
    target = factories.ThreadFactory(conditions=[condition], title="Heat and MS")
    moderation_services.thread_merge(
        source=answer.thread, target=target, moderator=moderator, reason="Duplicate"
    )
    assert "Reviewed by Dr Ana Ruiz" in anonymous_page(target)


def test_attach_reads_nothing_for_a_thread_without_reviews_or_notes(
    question_thread, django_assert_num_queries
):
    factories.reply(question_thread, body="An answer nobody reviewed.")
    question_thread.refresh_from_db()
    assert not question_thread.has_notes
    fresh = list(Post.objects.filter(thread=question_thread))
    with django_assert_num_queries(0):
        reviews.attach(thread=question_thread, posts=fresh)
    assert all(p.shown_reviews == [] and p.shown_corrections == [] for p in fresh)

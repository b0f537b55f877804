"""A member's rights over what the forum keeps of them, across every app:
the export of their data and the deletion of their account."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import twofactor
from accounts.models import (
    ClinicianApplication,
    ClinicianProfile,
    ConditionStatement,
    Sanction,
    User,
)
from accounts.storage import private_storage
from forum import cache as forum_cache
from forum import services as forum_services
from forum.models import (
    CorrectionNote,
    Draft,
    HelpfulMark,
    MeToo,
    Post,
    PostRevision,
    Review,
    Thread,
)
from forum.models import Visibility as PostVisibility
from moderation import log as moderation_log
from moderation.models import Flag
from notifications.models import Follow, Notification, NotificationPreference
from search import index as search_index


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def account_export(*, user: User) -> dict[str, Any]:
    """Everything CareThread keeps about the member, as JSON-ready data. Other
    members appear only by public display name; moderators not at all."""
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread")
        .prefetch_related("revisions")
        .order_by("created_at", "id")
    )
    follows = Follow.objects.filter(user=user).select_related("thread", "condition")
    flags = Flag.objects.filter(reporter=user).order_by("created_at", "id")
    applications = ClinicianApplication.objects.filter(user=user).prefetch_related(
        "conditions"
    )
    profile = ClinicianProfile.objects.filter(user=user).first()
    return {
        "format": "carethread-export-1",
        "exported_at": _iso(timezone.now()),
        "profile": {
            "username": user.username,
            "email": user.email,
            "pending_email": user.pending_email,
            "email_confirmed_at": _iso(user.email_verified_at),
            "display_name": user.display_name,
            "bio": user.bio,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "language": user.language,
        },
        "consent": {
            "health_data_wording": user.health_consent_version or None,
            "health_data_given_at": _iso(user.health_consent_at),
            "minimum_age_confirmed_at": _iso(user.age_confirmed_at),
        },
        # Whether it is on, not the key or the codes: a file that leaks must
        # not give away the second factor too.
        "two_factor": {
            "enabled": twofactor.is_enabled(user),
            "recovery_codes_left": twofactor.recovery_codes_left(user),
        },
        "posts": [
            {
                "id": post.pk,
                "thread_id": post.thread_id,
                "thread_title": post.thread.title,
                "is_question": post.is_question,
                "anonymous": post.is_anonymous,
                "source": post.source,
                "visibility": post.visibility,
                "created_at": _iso(post.created_at),
                "edited_at": _iso(post.edited_at),
                "helpful_count": post.helpful_count,
                "earlier_versions": [
                    {
                        "title": revision.title,
                        "source": revision.source,
                        "replaced_at": _iso(revision.created_at),
                    }
                    for revision in post.revisions.all()
                ],
            }
            for post in posts
        ],
        "follows": [
            {
                "thread_id": follow.thread_id,
                "thread_title": follow.thread.title if follow.thread else None,
                "condition": follow.condition.name if follow.condition else None,
                "since": _iso(follow.created_at),
            }
            for follow in follows
        ],
        "drafts": [
            {
                "composer": draft.key,
                "title": draft.title,
                "body": draft.body,
                "saved_at": _iso(draft.updated_at),
            }
            for draft in Draft.objects.filter(author=user).order_by("updated_at")
        ],
        "helpful_marks": list(
            HelpfulMark.objects.filter(user=user)
            .order_by("created_at")
            .values_list("post_id", flat=True)
        ),
        "flags_made": [
            {
                "post_id": flag.post_id,
                "reason": flag.reason,
                "note": flag.note,
                "state": flag.state,
                "created_at": _iso(flag.created_at),
                "resolved_at": _iso(flag.resolved_at),
            }
            for flag in flags
        ],
        # Private ones too: they are the member's, whoever else may see them.
        "condition_statements": [
            {
                "condition": statement.condition.name,
                "relation": statement.relation,
                "public": statement.is_public,
                "since": _iso(statement.created_at),
            }
            for statement in ConditionStatement.objects.filter(user=user)
            .select_related("condition")
            .order_by("created_at", "id")
        ],
        # What they wrote about other members' posts, and asked to follow.
        "corrections_written": [
            {
                "post_id": note.post_id,
                "text": note.text,
                "source": note.source_url,
                "created_at": _iso(note.created_at),
            }
            for note in CorrectionNote.objects.filter(author=user).order_by(
                "created_at", "id"
            )
        ],
        "reviews_written": [
            {
                "thread_id": review.thread_id,
                "post_id": review.post_id,
                "verdict": review.verdict,
                "note": review.note,
                "source": review.source_url,
                "created_at": _iso(review.created_at),
            }
            for review in Review.objects.filter(clinician=user).order_by(
                "created_at", "id"
            )
        ],
        "questions_shared": list(
            MeToo.objects.filter(user=user)
            .order_by("created_at")
            .values_list("thread_id", flat=True)
        ),
        "notification_preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list(
                "kind", "frequency"
            )
        ),
        "clinician_profile": None
        if profile is None
        else {
            "profession": profile.profession,
            "specialty": profile.specialty,
            "registration_number": profile.registration_number,
            "issuing_body": profile.issuing_body,
            "country": profile.country,
            "bio": profile.bio,
            "status": profile.status,
            "verified_at": _iso(profile.verified_at),
        },
        # The proof document itself stays private storage; only whether one
        # was sent is listed (its path says nothing useful and names storage).
        "clinician_applications": [
            {
                "profession": application.profession,
                "specialty": application.specialty,
                "registration_number": application.registration_number,
                "issuing_body": application.issuing_body,
                "country": application.country,
                "conditions": [c.name for c in application.conditions.all()],
                "bio": application.bio,
                "proof_sent": bool(application.proof),
                "status": application.status,
                "submitted_at": _iso(application.submitted_at),
                "decided_at": _iso(application.decided_at),
                "decision_reason": application.decision_reason,
            }
            for application in applications
        ],
        "sanctions": [
            {
                "kind": sanction.kind,
                "reason": sanction.reason,
                "created_at": _iso(sanction.created_at),
                "ends_at": _iso(sanction.ends_at),
                "lifted_at": _iso(sanction.lifted_at),
                "acknowledged_at": _iso(sanction.acknowledged_at),
            }
            for sanction in Sanction.objects.filter(user=user)
        ],
    }


# Stored, so not translated per reader.
DELETED_THREAD_TITLE = "Deleted question"
FORMER_MEMBER_NAME = "Former member #%(id)s"


def _posts_delete_for_erasure(user: User) -> None:
    """Soft-delete every post of a leaving member, keeping counters exact like
    ``forum.services.post_delete``, and wipe the words themselves."""
    posts = list(
        Post.objects.select_for_update()
        .filter(author=user)
        .exclude(visibility=PostVisibility.DELETED)
        .order_by("id")
    )
    thread_ids = set()
    for post in posts:
        thread_ids.add(post.thread_id)
        if post.is_question:
            Thread.objects.filter(pk=post.thread_id).exclude(
                visibility=PostVisibility.MERGED
            ).update(visibility=PostVisibility.DELETED)
        elif post.visibility == PostVisibility.VISIBLE:
            # Locks the thread row and decrements; also drops the accepted
            # mark and refreshes "answered by a clinician".
            forum_services.thread_uncount_reply(thread_id=post.thread_id, post=post)
    ids = [post.pk for post in posts]
    Thread.objects.filter(accepted_post__in=ids).update(accepted_post=None)
    Post.objects.filter(pk__in=ids).update(
        visibility=PostVisibility.DELETED, updated_at=timezone.now()
    )
    # "Delete" means the words go too, earlier versions and the titles of
    # the member's own questions included; a deleted post keeps its place.
    Post.objects.filter(author=user).update(source="", html="")
    PostRevision.objects.filter(post__author=user).update(source="", title="")
    Thread.objects.filter(
        posts__author=user, posts__is_question=True, visibility=PostVisibility.DELETED
    ).update(title=DELETED_THREAD_TITLE)
    for thread_id in sorted(thread_ids):
        search_index.thread_reindex(thread_id)


@transaction.atomic
def account_delete(*, user: User, password: str, delete_posts: bool) -> User:
    """Erase a member: personal data purged, the row kept (anonymised) because
    posts and the moderation log still point at it, every session ended."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise PermissionDenied(_("This account is already deleted."))
    if not user.check_password(password):
        raise ValidationError(
            _("That password is not right. Your account is unchanged."),
            code="password_incorrect",
        )
    if delete_posts:
        _posts_delete_for_erasure(user)

    # What the member did: follows, notifications, preferences, drafts go; helpful
    # marks go with their counts; flags stay for the moderators, unsigned.
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    Notification.objects.filter(actor=user).update(actor=None)
    NotificationPreference.objects.filter(user=user).delete()
    marked = list(
        HelpfulMark.objects.filter(user=user).values_list("post_id", flat=True)
    )
    HelpfulMark.objects.filter(user=user).delete()
    Draft.objects.filter(author=user).delete()
    # Health data about the member: the account row stays, so no CASCADE.
    ConditionStatement.objects.filter(user=user).delete()
    # "I have this question too" is about their health as well: it goes,
    # with its counts. A claim of theirs ends.
    shared = list(MeToo.objects.filter(user=user).values_list("thread_id", flat=True))
    for thread_id in shared:
        # Counted down only for a row this deletes: a withdrawal in another
        # tab meanwhile has counted its own.
        deleted, _rows = MeToo.objects.filter(user=user, thread_id=thread_id).delete()
        if deleted:
            Thread.objects.filter(pk=thread_id).update(
                me_too_count=F("me_too_count") - 1
            )
    claimed = list(Thread.objects.filter(claimed_by=user).values_list("pk", flat=True))
    Thread.objects.filter(pk__in=claimed).update(claimed_by=None, claimed_until=None)
    if delete_posts:
        # Their words about others' posts go with their own posts.
        touched = set(
            CorrectionNote.objects.filter(author=user).values_list(
                "post__thread_id", flat=True
            )
        ) | set(
            Review.objects.filter(clinician=user).values_list("thread_id", flat=True)
        )
        CorrectionNote.objects.filter(author=user).delete()
        Review.objects.filter(clinician=user).delete()
        claimed += sorted(touched)
    for thread_id in sorted({*shared, *claimed}):
        forum_cache.bump_thread(thread_id)
    twofactor.disable(user)  # The authenticator's key and recovery codes.
    for post_id in marked:
        Post.objects.filter(pk=post_id).update(helpful_count=F("helpful_count") - 1)
    Flag.objects.filter(reporter=user).update(reporter=None, note="")
    moderation_log.erase_flag_notes(actor=user)

    # Clinician data is personal data: applications (and their proof files)
    # and the profile go, so kept posts lose the badge.
    proofs = [
        name
        for name in ClinicianApplication.objects.filter(user=user).values_list(
            "proof", flat=True
        )
        if name
    ]
    ClinicianApplication.objects.filter(user=user).delete()
    had_profile = ClinicianProfile.objects.filter(user=user).delete()[0] > 0
    if had_profile:
        forum_services.threads_refresh_clinician_answer(author=user)
    transaction.on_commit(lambda: [private_storage.delete(name) for name in proofs])

    # The row itself: nothing left that says who this was. A new password
    # hash also ends every session (Django checks it on each request).
    placeholder = secrets.token_hex(12)
    user.username = f"former-{placeholder}"
    user.email = f"former-{placeholder}@invalid.invalid"
    user.display_name = FORMER_MEMBER_NAME % {"id": user.pk}
    user.first_name = ""
    user.last_name = ""
    user.bio = ""
    user.email_verified_at = None
    user.pending_email = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return user

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from accounts.roles import MODERATORS_GROUP

from .models import Sanction


def _member_queryset():
    """Users with what every page asks about them, in the same query: the
    clinician profile (badge, inbox), sanctions in force (may they post?) and
    whether they are in the Moderators group."""
    active = Sanction.objects.filter(Sanction.active_q(), user=OuterRef("pk"))
    suspended_until = (
        active.filter(kind=Sanction.Kind.SUSPENSION)
        .values("user")
        .annotate(until=Max("ends_at"))
        .values("until")
    )
    return (
        get_user_model()
        ._default_manager.select_related("clinician_profile")
        .annotate(
            annotated_is_banned=Exists(active.filter(kind=Sanction.Kind.BAN)),
            annotated_suspended_until=Subquery(suspended_until),
            annotated_in_moderators_group=Exists(
                Group.objects.filter(user=OuterRef("pk"), name=MODERATORS_GROUP)
            ),
            annotated_unread_warning=Exists(
                Sanction.objects.filter(
                    user=OuterRef("pk"),
                    kind=Sanction.Kind.WARNING,
                    acknowledged_at__isnull=True,
                    lifted_at__isnull=True,
                )
            ),
        )
    )


# The member as loaded for a request is kept in the cache for up to a minute
# (never past the end of a suspension in force) and forgotten at once, and
# again on commit, whenever the member, their sanctions, their clinician
# profile or their groups change (``accounts.signals``): a ban, a suspension
# or a new password still applies from the member's next request.
SNAPSHOT_SECONDS = 60


def _snapshot_key(user_id) -> str:
    return f"member:{user_id}"


def member_forget(user_id) -> None:
    """Drop the cached copy of this member (now and when the transaction
    commits, so a request reading the old row meanwhile can't keep it)."""

    def drop() -> None:
        cache.delete(_snapshot_key(user_id))

    drop()
    transaction.on_commit(drop)


def _snapshot_seconds(user) -> int:
    until = user.suspended_until
    if until is None:
        return SNAPSHOT_SECONDS
    left = (until - timezone.now()).total_seconds()
    return max(1, min(SNAPSHOT_SECONDS, int(left)))


def member_by_login(identifier: str):
    """The account a sign-in names: by email when it looks like one (any
    case), else by username. None if no single account matches."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    User = get_user_model()
    if "@" in identifier:
        found = list(User._default_manager.filter(email__iexact=identifier)[:2])
        return found[0] if len(found) == 1 else None
    return User._default_manager.filter(username=identifier).first()


class MemberBackend(ModelBackend):
    """Signs members in (by username or by email) and loads them for each
    request. A banned member is refused here, so their existing sessions end
    on their next request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = member_by_login(username)
        if user is None:
            # Hash anyway: a failure takes as long whether or not it exists.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not user.is_banned

    def get_user(self, user_id):
        key = _snapshot_key(user_id)
        user = cache.get(key)
        if user is None:
            user = _member_queryset().filter(pk=user_id).first()
            if user is not None:
                cache.set(key, user, _snapshot_seconds(user))
        if user is None or not self.user_can_authenticate(user):
            return None
        return user

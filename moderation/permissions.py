"""Who may flag and whom moderators may sanction."""

from accounts.roles import can_moderate, can_post
from forum.models import Post, Visibility


def can_flag(user, post: Post) -> bool:
    """Members (not suspended) flag others' visible posts."""
    return (
        can_post(user)
        and post.author_id != user.pk
        and post.visibility == Visibility.VISIBLE
        and post.thread.visibility == Visibility.VISIBLE
    )


def can_sanction(moderator, member) -> bool:
    """Moderators sanction members; only admins sanction moderators; nobody
    sanctions themselves or an admin."""
    if not can_moderate(moderator) or member.pk == moderator.pk:
        return False
    if member.is_superuser:
        return False
    return moderator.is_superuser or not can_moderate(member)

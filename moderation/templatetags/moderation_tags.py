from django import template

from moderation import permissions

register = template.Library()


@register.filter
def can_flag(user, post) -> bool:
    """``{% if user|can_flag:post %}``: the post shows a Flag link."""
    return permissions.can_flag(user, post)

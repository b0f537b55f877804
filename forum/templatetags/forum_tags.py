from django import template

from forum import permissions

register = template.Library()


@register.filter
def can_edit_post(user, post) -> bool:
    return permissions.can_edit_post(user, post)


@register.filter
def can_delete_post(user, post) -> bool:
    return permissions.can_delete_post(user, post)


@register.filter
def can_moderate(user) -> bool:
    return permissions.can_moderate(user)

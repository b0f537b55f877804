from django import template

from moderation import permissions, selectors

register = template.Library()


@register.filter
def can_flag(user, post) -> bool:
    """``{% if user|can_flag:post %}``: the post shows a Flag link."""
    return permissions.can_flag(user, post)


@register.inclusion_tag("moderation/_hidden_notice.html")
def hidden_post_notice(post):
    """For a hidden post's author: why it is hidden and what they can do."""
    return {"statement": selectors.hide_statement(post=post)}

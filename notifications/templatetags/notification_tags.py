from django import template

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The bell with the unread count in the header (stub)."""
    return {"user": context.get("user")}


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow/unfollow a thread or a condition (stub)."""
    return {"user": context.get("user"), "target": target}

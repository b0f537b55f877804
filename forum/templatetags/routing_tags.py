"""Routing on pages: the thread page's claim and "I have this question
too" panel, how soon clinicians usually answer (condition and ask pages),
and the count on the clinician's inbox link."""

from django import template
from django.core.cache import cache

from forum import routing, selectors

register = template.Library()

#: The inbox link's count is kept this long per clinician.
INBOX_COUNT_SECONDS = 60


@register.inclusion_tag("forum/_routing_panel.html", takes_context=True)
def thread_routing(context, thread):
    """The routing pieces of a thread page, as this reader sees them."""
    user = context["user"]
    return {
        "thread": thread,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "routing": routing.thread_panel(user=user, thread=thread),
    }


@register.inclusion_tag("forum/_expectation.html")
def condition_expectation(condition):
    """How soon clinicians usually answer questions about one condition."""
    return {"expectations": routing.expectations([condition])}


@register.inclusion_tag("forum/_ask_expectations.html")
def ask_expectations(conditions):
    """On the ask page: of ``conditions`` (the picker's, already read), those
    that have an estimate, fastest first (the rest are new or quiet topics)."""
    found = routing.estimates()
    known = sorted(
        (c for c in conditions if c.pk in found),
        key=lambda c: (found[c.pk], c.local_name),
    )
    return {"expectations": routing.expectations(known)}


@register.simple_tag
def clinician_inbox_count(user) -> int:
    """Questions awaiting a clinician in this clinician's conditions, kept a
    minute per clinician (every page of theirs shows it)."""
    key = f"routing:inbox-count:{user.pk}"
    count = cache.get(key)
    if count is None:
        count = selectors.clinician_inbox_count(clinician=user)
        cache.set(key, count, INBOX_COUNT_SECONDS)
    return count

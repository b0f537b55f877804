from django import template

from search import query

register = template.Library()


@register.inclusion_tag("search/_header_search.html", takes_context=True)
def header_search(context):
    """The search box in the site header."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    # Other pages use ?q= for their own filters; only echo a search query.
    on_search = match is not None and match.view_name == "search:search"
    return {"q": request.GET.get("q", "") if on_search else ""}


@register.inclusion_tag("search/_related.html")
def related_threads(thread):
    """Related discussions at the bottom of a thread page (one query)."""
    return {"threads": query.related_threads(thread)}

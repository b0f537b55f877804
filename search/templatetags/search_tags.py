from django import template

register = template.Library()


@register.inclusion_tag("search/_header_search.html", takes_context=True)
def header_search(context):
    """The search box in the site header."""
    return {"request": context.get("request")}


@register.inclusion_tag("search/_related.html")
def related_threads(thread):
    """Related discussions for a thread page's sidebar (stub: none yet)."""
    return {"threads": []}

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from forum import pagecache

from . import query
from .forms import SearchForm

RESULTS_PER_PAGE = 20
SIMILAR_LIMIT = 5


@require_GET
@pagecache.anonymous_page(
    lambda request: [pagecache.LISTS, pagecache.SITE],
    params=("q", "condition", "answered", "date_from", "date_to", "page"),
)
def search(request):
    form = SearchForm(request.GET or None)
    page = parsed = None
    if form.is_valid():
        data = form.cleaned_data
        results = query.search_threads(
            q=data["q"],
            condition=data["condition"],
            # An unticked box means "any thread", not "only unanswered".
            clinician_answered=True if data["answered"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
        parsed = results.query
        if not parsed.is_empty:
            page = Paginator(results, RESULTS_PER_PAGE).get_page(
                request.GET.get("page")
            )
    return render(
        request,
        "search/search.html",
        {"form": form, "page_obj": page, "parsed": parsed},
    )


@require_GET
def similar(request):
    text = request.GET.get("q", "")[: query.MAX_QUERY_CHARS].strip()
    threads = (
        query.similar_threads(text, limit=SIMILAR_LIMIT)
        if len(text) >= query.SIMILAR_MIN_CHARS
        else []
    )
    return JsonResponse(
        {
            "heading": _("Similar questions already asked"),
            "results": [
                {
                    "title": t.title,
                    "url": t.get_absolute_url(),
                    "replies": t.reply_count,
                }
                for t in threads
            ],
        }
    )

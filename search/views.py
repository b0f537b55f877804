from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import pagecache

from . import query
from .forms import SearchForm

RESULTS_PER_PAGE = 20
_SCOPES = (pagecache.LISTS, pagecache.SITE)
SIMILAR_LIMIT = 5


@require_GET
@pagecache.anonymous_page(
    lambda request: _SCOPES,
    params=("q", "condition", "answered", "date_from", "date_to", "page"),
)
def search(request):
    form = SearchForm(request.GET or None)
    scope_tokens = pagecache.tokens(_SCOPES)
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
            # The results are the same for everybody: their count and their
            # rendering (the template's cached fragment) are shared, and the
            # search itself runs only when neither is cached.
            paginator = Paginator(results, RESULTS_PER_PAGE)
            query_string = request.GET.copy()
            query_string.pop("page", None)
            paginator.count = pagecache.cached_count(
                results, scope_tokens, f"search:{query_string.urlencode()}"
            )
            page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "page_obj": page,
            "parsed": parsed,
            "fragment_tokens": scope_tokens,
            "fragment_seconds": settings.FORUM_PAGE_CACHE_SECONDS,
        },
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

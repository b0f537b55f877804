from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    # Touches nothing (no database, session, cache or template), so it
    # answers while the database is down and measures the bare request cost.
    return HttpResponse("ok", content_type="text/plain")

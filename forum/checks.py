"""A deploy check: the page cache's invalidation and the rate limits only
work across processes through a shared cache."""

from django.conf import settings
from django.core import checks

_PER_PROCESS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"] not in _PER_PROCESS:
        return []
    return [
        checks.Warning(
            "The default cache is per process.",
            hint=(
                "Set REDIS_URL: with several app processes, cached pages would "
                "miss other processes' changes and rate limits would multiply."
            ),
            id="forum.W001",
        )
    ]

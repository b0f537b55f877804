"""Production settings (config.settings from the environment) plus the two
things only the benchmark needs. Used by ``bench/run.py``, never deployed."""

import os

from config.settings import *  # noqa: F403
from config.settings import CACHES

# Serves /healthz ahead of the site's own URLs (see bench/urls.py).
ROOT_URLCONF = "bench.urls"
# collectstatic goes to a temporary folder, not the checkout's staticfiles/.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
# A fresh cache namespace per run: rate-limit windows left in Redis by an
# earlier run must not turn this run's replies into 429s.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench")

"""Production settings for benchmarks/bench_http.py: the cache bypass header is on."""

from coaching.settings import *  # noqa: F403

# Lets the benchmark measure uncached pages with `X-Page-Cache: bypass`.
PAGE_CACHE_ALLOW_BYPASS = True

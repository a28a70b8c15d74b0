"""Production settings plus a hello-world URL, for benchmarks/bench_http.py only."""

from coaching.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.hello_urls"

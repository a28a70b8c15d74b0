"""WSGI entry for benchmarks/bench_lcp.py: the site, with /media/ served the way
the deployment's proxy serves it (files with caching headers), so pages with
uploaded images load completely."""

from django.conf import settings
from whitenoise import WhiteNoise

from coaching.wsgi import application as site

application = WhiteNoise(
    site, root=str(settings.MEDIA_ROOT), prefix="media/", max_age=60 * 60 * 24
)

"""The site's URLs plus /bench/hello/: the cost of Django itself, for comparison."""

from django.http import HttpResponse
from django.urls import path

from coaching.urls import handler500  # noqa: F401
from coaching.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("Hello, world\n", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *site_urlpatterns]

"""A bare one-view Django project: the baseline bench_http.py compares pages with.

Settings and URLs of `django-admin startproject` with nothing added but one view;
served by gunicorn exactly like the site (see hello_wsgi.py).
"""

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "benchmark-only-hello-key-7d2e9c4b1a6f3e8d5c0b"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "benchmarks.hello_project"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
STATIC_URL = "static/"


def hello(request):
    return HttpResponse("Hello, world\n", content_type="text/plain")


urlpatterns = [path("", hello)]

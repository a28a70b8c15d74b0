"""WSGI entry of the bare hello project (benchmarks/hello_project.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.hello_project"
application = get_wsgi_application()

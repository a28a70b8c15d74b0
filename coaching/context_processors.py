from django.conf import settings


def site(request):
    """Site name and the coach's zone for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "COACH_TIME_ZONE": settings.COACH_TIME_ZONE,
        "COACH_EMAIL": settings.COACH_EMAIL,
    }

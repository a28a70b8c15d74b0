from django.contrib.admin.apps import AdminConfig


class CoachAdminConfig(AdminConfig):
    """Django's admin, with the back office's own site as the default site."""

    default_site = "coaching.admin_site.CoachAdminSite"

from django.contrib.admin import options
from django.contrib.admin.apps import AdminConfig
from django.db import models


class CoachAdminConfig(AdminConfig):
    """Django's admin, with the back office's own site as the default site."""

    default_site = "coaching.admin_site.CoachAdminSite"

    def ready(self):
        from coaching.dates import ADMIN_FORMFIELDS

        # Every admin form gets the browser's date and time inputs. Django reads
        # these defaults when each ModelAdmin is made, so they are set before
        # the admin modules are discovered (super().ready()).
        for name, overrides in ADMIN_FORMFIELDS.items():
            options.FORMFIELD_FOR_DBFIELD_DEFAULTS[getattr(models, name)] = overrides
        super().ready()

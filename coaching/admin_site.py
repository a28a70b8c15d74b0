"""The back office's admin site: two-factor sign-in and the coach's home page.

Built on django-otp's OTPAdminSite. With `OTP_ADMIN_REQUIRED` on (the default
whenever DEBUG is off) only staff verified by an authenticator code or a backup
code get in; under `make run` it is optional, so the printed demo login works.
"""

from functools import cache, wraps

from django.apps import apps
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models.base import ModelBase
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django_otp import user_has_device
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from coaching import two_factor
from coaching.zones import coach_zone


def client_ip(request) -> str:
    """The visitor's address for lockouts: the proxy header when one is set."""
    key = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    value = request.META.get(key) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[0].strip()


# Django's own limit on user names; anything longer cannot be one.
USERNAME_MAX_LENGTH = 150


def login_username(request, credentials) -> str | None:
    """The user name a sign-in tried, cut to a length the lockout table stores.

    Hostile sign-ins send megabytes or control characters; django-axes writes
    the name to a 255-character column, so it gets a short, printable copy.
    """
    if credentials is not None and "username" in credentials:
        value = credentials["username"]
    else:
        value = getattr(request, "POST", {}).get("username")
    if value is None:
        return None
    text = "".join(char for char in str(value) if char.isprintable())
    return text[:USERNAME_MAX_LENGTH]


class CoachLoginForm(OTPAdminAuthenticationForm):
    """Password, then the code from her authenticator app or a backup code."""

    def clean_otp(self, user):
        optional = not settings.OTP_ADMIN_REQUIRED
        if (
            user is not None
            and optional
            and not self.cleaned_data.get("otp_token")
            and not user_has_device(user, confirmed=True)
        ):
            return
        super().clean_otp(user)

    def _chosen_device(self, user):
        # She types a code; which device made it follows from its shape.
        return super()._chosen_device(user) or two_factor.device_for_code(
            user, self.cleaned_data.get("otp_token") or ""
        )


# Her tools, in her words and her order: (name, URL name, permission needed).
# The administrator sees Django's full list instead; the coach's account, in the
# Coach group, never sees security tables, tags, users or duplicate lists.
COACH_MENU = [
    ("Your week", "admin:index", None),
    ("Posts", "admin:articles_post_changelist", "articles.view_post"),
    ("Series", "admin:articles_series_changelist", "articles.view_series"),
    (
        "Subscribers",
        "admin:newsletter_subscriber_changelist",
        "newsletter.view_subscriber",
    ),
    ("Clients", "admin:bookings_client_changelist", "bookings.view_client"),
    ("Calls", "admin:bookings_booking_changelist", "bookings.view_booking"),
    ("Your hours", "admin:bookings_availability", "bookings.change_weeklywindow"),
    ("Calendar feed", "admin:bookings_feed", "bookings.change_weeklywindow"),
    ("Where clients come from", "admin:bookings_sources", "bookings.view_booking"),
    ("Emails", "admin:outbox_message_changelist", "outbox.view_message"),
]


def coach_menu(request) -> list[dict]:
    """Her entries as the admin's app list shapes them (one app, "Your practice")."""
    entries = []
    home = reverse("admin:index")
    for name, url_name, perm in COACH_MENU:
        if perm is not None and not request.user.has_perm(perm):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # an app left out of this site
            continue
        entries.append(
            {
                "name": name,
                "object_name": url_name.rsplit(":", 1)[-1],
                "admin_url": url,
                "is_current": request.path == url
                or (url != home and request.path.startswith(url)),
            }
        )
    return [
        {
            "name": "Your practice",
            "app_label": "practice",
            "app_url": home,
            "has_module_perms": True,
            "is_menu": True,
            "models": entries,
        }
    ]


class _ImpossibleFiltersRefused:
    """A list whose address asks for a year the zone cannot reach (9999 in
    Chicago ends in year 10000 in UTC; 99999), or holds a NUL character (which
    PostgreSQL refuses in any text), gets Django's own "?e=1" answer for a
    filter it cannot use, not a server error."""

    def get_filters(self, request):
        if any(
            "\x00" in value for _name, values in request.GET.lists() for value in values
        ):
            raise IncorrectLookupParameters("a NUL character in the address")
        try:
            return super().get_filters(request)
        except OverflowError as exc:
            raise IncorrectLookupParameters(exc) from exc

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (OverflowError, ValueError) as exc:  # ValueError: year 99999
            raise IncorrectLookupParameters(exc) from exc


@cache
def _safe_list(changelist_class):
    name = changelist_class.__name__
    return type(name, (_ImpossibleFiltersRefused, changelist_class), {})


def _with_plain_title(changelist_view, title: str):
    """ "Clients" over her list, not Django's "Select client to change"."""

    @wraps(changelist_view)
    def titled_changelist_view(request, extra_context=None):
        return changelist_view(request, {"title": title, **(extra_context or {})})

    return titled_changelist_view


def _with_plain_first_choice(get_action_choices):
    """The actions menu starts "Choose what to do", not "- Select an option -"."""

    @wraps(get_action_choices)
    def plain_action_choices(request, default_choices=None, **kwargs):
        if default_choices is None:
            default_choices = [("", "Choose what to do")]
        return get_action_choices(request, default_choices, **kwargs)

    return plain_action_choices


def _with_safe_list(get_changelist):
    @wraps(get_changelist)
    def safe_get_changelist(request, **kwargs):
        return _safe_list(get_changelist(request, **kwargs))

    return safe_get_changelist


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's search-as-you-type select, shown again after a refused save
    whatever was sent for it: a value that cannot be a row's key ("\x00",
    "abc" for a number) is left out instead of failing the page's query."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(remote.field_name)
        readable = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            readable.append(item)
        return super().optgroups(name, readable, attr)


class CoachAdminSite(OTPAdminSite):
    site_header = f"{settings.SITE_NAME}: back office"
    site_title = settings.SITE_NAME
    index_title = "Your week"
    empty_value_display = "–"  # as the site's own columns show "nothing yet"
    login_form = CoachLoginForm
    login_template = "admin/coach_login.html"
    index_template = "admin/office/home.html"

    def __init__(self, name="admin"):
        super().__init__(name)

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every list, the site's and other packages' (users, devices, lockouts),
        is titled in her words, offers its actions under "Choose what to do"
        and answers an impossible year in its address with a message. The
        admin classes stay as registered: each instance's methods are wrapped."""
        super().register(model_or_iterable, admin_class, **options)
        if isinstance(model_or_iterable, ModelBase):
            model_or_iterable = [model_or_iterable]
        for model in model_or_iterable:
            if not self.is_registered(model):
                continue  # a swapped model (auth.User): Django skips it
            model_admin = self.get_model_admin(model)
            model_admin.get_changelist = _with_safe_list(model_admin.get_changelist)
            # The model's own plural, which her menu's names also are ("Calls").
            title = capfirst(model._meta.verbose_name_plural)
            model_admin.changelist_view = _with_plain_title(
                model_admin.changelist_view, title
            )
            model_admin.get_action_choices = _with_plain_first_choice(
                model_admin.get_action_choices
            )

    def has_permission(self, request):
        if settings.OTP_ADMIN_REQUIRED:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

    def admin_view(self, view, cacheable=False):
        """Every back-office page in the coach's zone, whatever the browser says.

        Admin responses are rendered lazily; they are rendered here, while her
        zone is active, so lists, forms and notes all show her times.
        """
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def in_her_zone(request, *args, **kwargs):
            with timezone.override(coach_zone()):
                response = inner(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            return response

        return in_her_zone

    def get_app_list(self, request, app_label=None):
        if request.user.is_superuser or app_label is not None:
            return super().get_app_list(request, app_label)
        return coach_menu(request)

    def index(self, request, extra_context=None):
        from bookings.admin.home import home_context

        with timezone.override(coach_zone()):
            context = {**home_context(request), **(extra_context or {})}
            response = super().index(request, context)
            response.render()
        return response

    def app_index(self, request, app_label, extra_context=None):
        """A part of the back office (the breadcrumbs' "Blog") is titled by its
        name, not Django's "Blog administration"."""
        app = apps.get_app_config(app_label)
        context = {"title": app.verbose_name, **(extra_context or {})}
        return super().app_index(request, app_label, context)

    def get_urls(self):
        from bookings.admin import office_urls
        from coaching import admin_otp

        mine = [
            path(
                "two-factor/",
                self.admin_view(admin_otp.setup, cacheable=False),
                name="otp_setup",
            ),
            path(
                "two-factor/qr.svg",
                self.admin_view(admin_otp.qr_code, cacheable=False),
                name="otp_qr",
            ),
            *office_urls(self),
        ]
        return mine + super().get_urls()

"""Booking a call: her details for the chosen time, then the confirmation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from bookings import services
from bookings.forms import NEWS_WORDING, STORAGE_WORDING, BookingForm
from bookings.models import Booking, ConsultSettings
from bookings.presentation import call_context, manage_url, zone_label
from bookings.tokens import manage_token
from coaching.views import rate_limited
from coaching.zones import coach_zone_name, valid_time_zones

from ._common import (
    browser_key,
    cookie_zone,
    limit_sends,
    nearest_times,
    source_post,
    with_from,
    with_manage_link,
)

# What the confirmation page says of her newsletter email (see `confirmed`).
NEWS_SENT, NEWS_NOT_SENT = "sent", "none"


def _to_confirmation(booking: Booking, *, wants_news: bool):
    url = reverse("bookings:confirmed", args=[manage_token(booking)])
    if not wants_news:
        return redirect(url)
    news = NEWS_SENT if booking.news_email_queued else NEWS_NOT_SENT
    return redirect(f"{url}?{urlencode({'news': news})}")


@never_cache
@limit_sends
def details(request, starts_at):
    """Step 2: her details for the chosen time; books it on POST."""
    zone = cookie_zone(request) or coach_zone_name()
    cfg = ConsultSettings.load()
    if request.method != "POST":
        post = source_post(request.GET.get("from"))
        if not services.is_slot_free(starts_at, cfg=cfg):
            messages.warning(
                request, "That time is no longer available. Please choose another."
            )
            return redirect(with_from(reverse("bookings:book"), post))
        form = BookingForm(
            fallback_zone=zone,
            browser=browser_key(request),
            source_slug=post.slug if post else "",
        )
        return _details_page(request, form, starts_at, zone)

    if getattr(request, "limited", False):
        return rate_limited(request)
    form = BookingForm(request.POST, fallback_zone=zone, browser=browser_key(request))
    if not form.is_valid():
        return _details_page(
            request, form, starts_at, zone, status=400 if form.is_trap else 200
        )
    data = form.cleaned_data
    try:
        booking = services.book_consult(
            starts_at=starts_at,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            time_zone=data["time_zone"],
            help_with=data["help_with"],
            has_storage_consent=data["has_storage_consent"],
            wants_news=data["wants_news"],
            storage_wording=STORAGE_WORDING,
            news_wording=NEWS_WORDING if data["wants_news"] else "",
            source_post=source_post(data.get("from")),
            form_nonce=form.nonce,
        )
    except services.SlotUnavailable:
        fresh = nearest_times(starts_at, data["time_zone"], now=timezone.now(), cfg=cfg)
        return _details_page(request, form, starts_at, zone, status=409, fresh=fresh)
    except ValidationError as error:
        _add_service_errors(form, error)
        return _details_page(request, form, starts_at, zone)
    # A second send of this form (a double click, a reload) lands here too, with
    # the booking the first one made; the stamp proved it is the same browser.
    return _to_confirmation(booking, wants_news=data["wants_news"])


def _add_service_errors(form: BookingForm, error: ValidationError) -> None:
    """Put the service's messages next to the fields they are about."""
    visible = {n for n, f in form.fields.items() if not f.widget.is_hidden}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        messages_ = [message for err in errors for message in err.messages]
        form.add_error(name if name in visible else None, messages_)


def _details_page(request, form, starts_at, zone, *, status=200, fresh=None):
    shown_zone = form.data.get("time_zone") if form.is_bound else zone
    if shown_zone not in valid_time_zones():
        shown_zone = zone
    context = {
        "form": form,
        "starts_at": starts_at,
        "shown_zone": shown_zone,
        "zone_label": zone_label(shown_zone),
        "fresh_times": fresh,
    }
    with timezone.override(shown_zone):
        return render(request, "bookings/details.html", context, status=status)


@never_cache
@with_manage_link
def confirmed(request, booking, token):
    """Step 3: her call, in her zone, with calendar links, her manage link and
    the emails on their way (her confirmation; her newsletter one, if sent)."""
    news = request.GET.get("news")
    context = call_context(booking, cfg=ConsultSettings.load()) | {
        "token": token,
        "manage_url": manage_url(booking),
        # Only wording hangs on this: which emails the page says are coming.
        "news_email": news if news in (NEWS_SENT, NEWS_NOT_SENT) else None,
    }
    with timezone.override(booking.time_zone):
        return render(request, "bookings/confirmed.html", context)


def cancelled(request):
    """Where she lands after cancelling; the old links no longer work."""
    return render(request, "bookings/cancelled.html")

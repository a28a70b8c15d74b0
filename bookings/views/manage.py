"""Her manage link: see the call, cancel it or move it (changes only on POST)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from bookings import services
from bookings.forms import RescheduleForm, SlotListQuery, format_slot
from bookings.ics import booking_ics
from bookings.models import ConsultSettings
from bookings.presentation import call_context, manage_url
from bookings.tokens import manage_token
from coaching.views import rate_limited

from ._common import limit_sends, week_of_times, with_from, with_manage_link


def _page(request, template, booking, token, cfg, *, status=200, **extra):
    context = call_context(booking, cfg=cfg) | {
        "token": token,
        "state": booking.change_state(cfg=cfg),
        "manage_url": manage_url(booking),
        **extra,
    }
    with timezone.override(booking.time_zone):
        return render(request, template, context, status=status)


@never_cache
@require_GET
@with_manage_link
def manage(request, booking, token):
    """Shows her call; links here come from emails, so nothing changes on GET."""
    cfg = ConsultSettings.load()
    return _page(request, "bookings/manage.html", booking, token, cfg)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@with_manage_link
def cancel(request, booking, token):
    """Asks "are you sure?" on GET; cancels on POST."""
    cfg = ConsultSettings.load()
    if booking.change_state(cfg=cfg) != "ok":
        return _page(request, "bookings/manage.html", booking, token, cfg, status=409)
    if request.method != "POST":
        return _page(request, "bookings/cancel.html", booking, token, cfg)
    try:
        services.cancel_booking(booking_id=booking.pk)
    except ValidationError as error:
        return _page(
            request,
            "bookings/manage.html",
            booking,
            token,
            cfg,
            status=409,
            error=" ".join(error.messages),
        )
    return redirect("bookings:cancelled")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_sends
@with_manage_link
def reschedule(request, booking, token):
    """Shows free times on GET (each leads to the confirm step); moves the call
    on POST, which only the confirm step sends."""
    cfg = ConsultSettings.load()
    if booking.change_state(cfg=cfg) != "ok":
        return _page(request, "bookings/manage.html", booking, token, cfg, status=409)
    query = SlotListQuery(request.GET)
    status, error = 200, ""
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = RescheduleForm(request.POST)
        if not form.is_valid():
            status, error = 400, "Please choose one of the times shown."
        else:
            try:
                moved = services.reschedule_booking(
                    booking_id=booking.pk, starts_at=form.cleaned_data["starts_at"]
                )
            except services.SlotUnavailable:
                status, error = 409, "That time was just taken. Please choose another."
            except ValidationError as err:
                status, error = 409, " ".join(err.messages)
            else:
                messages.success(request, "Your call has moved to the new time.")
                token = manage_token(moved)
                return redirect("bookings:confirmed", token=token)
    week = week_of_times(
        query.value("week", 0),
        booking.time_zone,
        now=timezone.now(),
        cfg=cfg,
        moving=booking,
    )
    here = request.path
    return _page(
        request,
        "bookings/reschedule.html",
        booking,
        token,
        cfg,
        status=status,
        error=error,
        week=week,
        previous_url=with_from(here, None, week=week.previous)
        if week.previous is not None
        else None,
        next_url=with_from(here, None, week=week.next)
        if week.next is not None
        else None,
    )


@never_cache
@require_GET
@with_manage_link
def reschedule_confirm(request, booking, token, starts_at):
    """Asks "Move your call to …?" for the time she tapped; moving is a POST."""
    cfg = ConsultSettings.load()
    if booking.change_state(cfg=cfg) != "ok":
        return _page(request, "bookings/manage.html", booking, token, cfg, status=409)
    if starts_at == booking.starts_at or not services.is_slot_free(
        starts_at, cfg=cfg, ignoring_booking_id=booking.pk
    ):
        messages.warning(
            request, "That time is no longer available. Please choose another."
        )
        return redirect("bookings:reschedule", token=token)
    return _page(
        request,
        "bookings/reschedule_confirm.html",
        booking,
        token,
        cfg,
        new_starts_at=starts_at,
        new_slot=format_slot(starts_at),
    )


@never_cache
@require_GET
@with_manage_link
def calendar(request, booking, token):
    """Her call as an .ics file for any calendar app."""
    response = HttpResponse(
        booking_ics(booking, cfg=ConsultSettings.load()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="consult-call.ics"'
    return response

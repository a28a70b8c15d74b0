"""Newsletter pages: subscribe, confirm by POST, unsubscribe (one click or a button)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from coaching.views import rate_limited
from newsletter import services
from newsletter.forms import SubscribeForm
from newsletter.models import CONSENT_WORDING, Subscriber
from newsletter.tokens import read_confirm_token, read_unsubscribe_token


def subscribe_rate(group, request) -> str:
    """The subscribe POST rate limit, read per request so tests can change it."""
    return settings.NEWSLETTER_RATE_LIMIT


def _link_invalid(request, *, what: str):
    return render(request, "newsletter/link_invalid.html", {"what": what}, status=404)


@never_cache
def newsletter_page(request):
    """The /newsletter/ page with the subscribe form."""
    return render(request, "newsletter/subscribe.html", {"form": SubscribeForm()})


# No CSRF token here on purpose: the subscribe form sits on cached pages (posts,
# home), which must not carry one visitor's token to the next. A forged POST can
# only ask for a confirmation email, which changes nothing until the owner of the
# address confirms; the honeypot, the timing stamp, the rate limit per address
# and one confirmation per address an hour keep robots and abuse out.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=subscribe_rate, method="POST", block=False)
def subscribe(request):
    """Start double opt-in; every valid address gets the same answer."""
    if request.method != "POST":
        return redirect("newsletter:page")
    if getattr(request, "limited", False):
        return rate_limited(request)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        status = 400 if form.is_trap else 200
        return render(
            request, "newsletter/subscribe.html", {"form": form}, status=status
        )
    data = form.cleaned_data
    try:
        services.request_subscription(
            email=data["email"],
            first_name=data["first_name"],
            source=data["source"] or Subscriber.Source.PAGE,
            source_detail=data.get("from") or "",
            wording=CONSENT_WORDING,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return render(request, "newsletter/subscribe.html", {"form": form})
    return redirect("newsletter:check-email")


def check_email(request):
    """The same answer for new, pending and known addresses (no enumeration)."""
    context = {"confirm_days": settings.NEWSLETTER_CONFIRM_DAYS}
    return render(request, "newsletter/check_email.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners follow links); only the POST confirms."""
    if read_confirm_token(token) is None:
        return _link_invalid(request, what="confirm")
    if request.method != "POST":
        return render(request, "newsletter/confirm.html", {"token": token})
    try:
        services.confirm_subscription(token=token)
    except services.InvalidLink:
        return _link_invalid(request, what="confirm")
    return render(request, "newsletter/confirmed.html")


# The signed token is the credential: mailbox providers send the RFC 8058
# one-click POST with no cookies and no CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows one button; a POST (hers or her provider's) unsubscribes at once."""
    genuine, subscriber_id = read_unsubscribe_token(token)
    if not genuine:
        return _link_invalid(request, what="unsubscribe")
    if request.method != "POST":
        return render(request, "newsletter/unsubscribe.html", {"token": token})
    # An old token (already left, or erased) still answers 200: she is off the list.
    if subscriber_id is not None:
        services.leave_list(subscriber_id=subscriber_id)
    return render(request, "newsletter/unsubscribed.html")

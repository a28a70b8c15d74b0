"""The two-factor set-up page in the back office: QR code, confirm, backup codes."""

import qrcode
import qrcode.image.svg
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from coaching import two_factor


@require_http_methods(["GET", "POST"])
def setup(request):
    """Show her status; start, confirm, or renew backup codes on POST."""
    user = request.user
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "app": two_factor.confirmed_app(user),
        "pending": two_factor.pending_app(user),
        "codes": None,
        "error": None,
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "start":
        two_factor.start_totp_setup(user=user)
        return redirect("admin:otp_setup")
    if action == "confirm":
        try:
            device = two_factor.confirm_totp_setup(
                user=user, token=request.POST.get("token", "")
            )
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        else:
            otp_login(request, device)
            context.update(app=device, pending=None)
            context["codes"] = two_factor.new_backup_codes(user=user)
            messages.success(request, "Two-factor sign-in is on.")
    elif action == "codes" and context["app"] is not None:
        context["codes"] = two_factor.new_backup_codes(user=user)
    return TemplateResponse(request, "admin/office/two_factor.html", context)


def qr_code(request):
    """The pending device's set-up QR code as SVG, served by the site."""
    device = two_factor.pending_app(request.user)
    if device is None:
        raise Http404("No set-up in progress.")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response

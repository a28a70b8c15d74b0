"""Two-factor sign-in for staff: an authenticator app (TOTP) and backup codes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def confirmed_app(user) -> TOTPDevice | None:
    """The user's working authenticator app, if she has set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app(user) -> TOTPDevice | None:
    """The authenticator app she started to set up and has not confirmed yet."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def device_for_code(user, code: str):
    """The device a typed code belongs to: 6 digits come from the app, anything
    else is a backup code; None when she has no such device."""
    code = code.strip()
    if code.isdigit() and len(code) == TOTPDevice._meta.get_field("digits").default:
        return confirmed_app(user)
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def start_totp_setup(*, user) -> TOTPDevice:
    """Create (or reuse) an unconfirmed authenticator device with a fresh secret."""
    with transaction.atomic():
        device = pending_app(user)
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=APP_DEVICE_NAME, confirmed=False
            )
    return device


def confirm_totp_setup(*, user, token: str) -> TOTPDevice:
    """Turn the pending device on once she types a code it made."""
    token = "".join(token.split())
    with transaction.atomic():
        device = pending_app(user)
        if device is None:
            raise ValidationError("Start the set-up first.")
        if not token.isdigit() or not device.verify_token(token):
            raise ValidationError(
                "That code did not match. Type the 6 digits your app shows now."
            )
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def new_backup_codes(*, user) -> list[str]:
    """Replace her backup codes with a fresh set; each works once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes
        )
    return codes

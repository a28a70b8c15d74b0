import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coaching import two_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-coach-password-42"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def coach():
    user = UserFactory(username="coach", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _sign_in(client, token=""):
    return client.post(
        reverse("admin:login"),
        {"username": "coach", "password": PASSWORD, "otp_token": token},
    )


def test_password_alone_is_not_enough_when_two_factor_is_required(client, coach):
    TOTPDevice.objects.create(user=coach, name="app")

    response = _sign_in(client)

    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_staff_without_a_verified_device_cannot_see_the_office(client, coach):
    client.force_login(coach)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302


def test_password_and_app_code_open_the_home_page(client, coach):
    device = TOTPDevice.objects.create(user=coach, name="app")

    response = _sign_in(client, _code(device))

    assert response.status_code == 302
    assert "Your week" in client.get(reverse("admin:index")).text


def test_a_backup_code_works_once(client, coach):
    codes = two_factor.new_backup_codes(user=coach)

    first = _sign_in(client, codes[0])
    client.logout()
    again = _sign_in(client, codes[0])

    assert first.status_code == 302
    assert again.status_code == 200
    assert StaticToken.objects.count() == len(codes) - 1


def test_two_factor_is_optional_in_development(client, coach, settings):
    settings.OTP_ADMIN_REQUIRED = False

    response = _sign_in(client)

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_setup_page_shows_a_qr_code_and_turns_the_app_on(client, coach, settings):
    settings.OTP_ADMIN_REQUIRED = False
    client.force_login(coach)
    url = reverse("admin:otp_setup")

    client.post(url, {"action": "start"})
    qr = client.get(reverse("admin:otp_qr"))
    device = TOTPDevice.objects.get(user=coach)
    wrong = client.post(url, {"action": "confirm", "token": "000000x"})
    right = client.post(url, {"action": "confirm", "token": _code(device)})

    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b"<")
    assert b"<svg" in qr.content
    assert "did not match" in wrong.text
    device.refresh_from_db()
    assert device.confirmed
    assert len(right.context["codes"]) == 10


def test_qr_code_is_404_without_a_setup_in_progress(admin_client):
    assert admin_client.get(reverse("admin:otp_qr")).status_code == 404


def test_repeated_wrong_passwords_lock_the_login(client, coach, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("admin:login"), {"username": "coach", "password": "wrong"})

    locked = _sign_in(client)

    assert locked.status_code == 429
    assert "Sign-in paused" in locked.text


def test_unlock_command_lets_her_in_again(client, coach, settings):
    settings.OTP_ADMIN_REQUIRED = False
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("admin:login"), {"username": "coach", "password": "wrong"})
    out = StringIO()

    call_command("unlock_login", "coach", stdout=out)
    response = _sign_in(client)

    assert "Unlocked coach" in out.getvalue()
    assert response.status_code == 302


def test_unlock_command_needs_a_target():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("unlock_login")


def test_admin_url_comes_from_the_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_ADMIN_URL="back-office-x7",
        DJANGO_SETTINGS_MODULE="coaching.settings",
    )
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.urls import reverse; print(reverse('admin:index'))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stdout.strip().endswith("/back-office-x7/")


@pytest.mark.parametrize("username", ["x" * 5000, "é" * 3000, "a\x1b[31mb"])
def test_hostile_user_names_fail_sign_in_without_an_error(client, coach, username):
    response = client.post(
        reverse("admin:login"), {"username": username, "password": "wrong"}
    )

    assert response.status_code == 200

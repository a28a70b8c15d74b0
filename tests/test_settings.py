import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7#kq!2vLr9@pZ4mW8tB1nC6yF3hJ0sD5gA-prod-like-secret-key",
    "DJANGO_ALLOWED_HOSTS": "coach.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://coach.example.org",
    "SITE_URL": "https://coach.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "CALENDAR_ENCRYPTION_KEY": "0vqXusDqczVU-KfLwexopjJaEGlcsCmFhFxUQhpk4E4=",
}


def _run_manage(*args, env_overrides, drop=()):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in drop
    }
    env["DJANGO_SETTINGS_MODULE"] = "coaching.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_missing_secret_key_without_debug():
    result = _run_manage("check", env_overrides={}, drop=("DJANGO_SECRET_KEY",))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_allow_missing_secret_key_with_debug():
    result = _run_manage("check", env_overrides={"DJANGO_DEBUG": "1"})

    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_the_calendar_encryption_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CALENDAR_ENCRYPTION_KEY"}

    result = _run_manage(
        "check", "--deploy", env_overrides=env, drop=("CALENDAR_ENCRYPTION_KEY",)
    )

    assert result.returncode != 0
    assert "calendars.E001" in result.stdout + result.stderr


def test_settings_refuse_production_without_email_url():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_URL"}

    result = _run_manage("check", env_overrides=env, drop=("EMAIL_URL",))

    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr


def test_settings_refuse_production_without_broker_url():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CELERY_BROKER_URL"}

    result = _run_manage("check", env_overrides=env, drop=("CELERY_BROKER_URL",))

    assert result.returncode != 0
    assert "CELERY_BROKER_URL" in result.stderr


def test_check_deploy_warns_when_mail_and_broker_are_kept_local_on_purpose():
    env = {
        k: v
        for k, v in PRODUCTION_ENV.items()
        if k not in ("EMAIL_URL", "CELERY_BROKER_URL")
    }
    env |= {"DJANGO_MAIL_TO_FILES": "1", "DJANGO_LOCAL_BROKER": "1"}

    result = _run_manage(
        "check",
        "--deploy",
        env_overrides=env,
        drop=("EMAIL_URL", "CELERY_BROKER_URL"),
    )

    assert "coaching.W001" in result.stdout + result.stderr
    assert "coaching.W002" in result.stdout + result.stderr


def test_check_refuses_an_unknown_coach_time_zone():
    result = _run_manage(
        "check", env_overrides={"DJANGO_DEBUG": "1", "COACH_TIME_ZONE": "Mars/Olympus"}
    )

    assert result.returncode != 0
    assert "COACH_TIME_ZONE" in result.stdout + result.stderr

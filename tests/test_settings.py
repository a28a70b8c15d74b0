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

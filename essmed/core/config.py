"""Reading configuration from environment variables, with errors that say what is wrong."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
SUPPORTED_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off.")


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, *, default_sqlite_path: Path) -> dict[str, Any]:
    """Return a Django DATABASES entry for ``url`` (empty: SQLite at ``default_sqlite_path``).

    SQLite runs in WAL mode with immediate transactions, so that the web process and the
    background worker can share the file. An unusable URL raises ImproperlyConfigured with
    a message naming the problem, so the platform fails at start rather than at first query.
    """
    url = url.strip()
    if not url:
        default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return _sqlite({"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite_path)})
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in SUPPORTED_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL is invalid: scheme {scheme or '(none)'!r} is not supported. "
            "Use postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:///ABSOLUTE/PATH."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is invalid: {error}") from error
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.pop("CONN_MAX_AGE", None)
        return _sqlite(config)
    if not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL is invalid: it names no database (…/NAME at the end).")
    return config


def _sqlite(config: dict[str, Any]) -> dict[str, Any]:
    config["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
    return config

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from essmed.core.config import database_from_url, env_bool

ROOT = Path(__file__).resolve().parents[3]


def test_sqlite_by_default_in_wal_mode_with_immediate_transactions(tmp_path):
    config = database_from_url("", default_sqlite_path=tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_from_database_url(tmp_path):
    config = database_from_url("postgres://essmed@127.0.0.1:5432/essmed", default_sqlite_path=tmp_path / "x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("essmed", "127.0.0.1", 5432)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://root@localhost/db", "'mysql' is not supported"),
        ("not a url", "'(none)' is not supported"),
        ("postgres://essmed@127.0.0.1:5432", "names no database"),
        ("postgres://essmed@127.0.0.1:notaport/db", "DATABASE_URL is invalid"),
    ],
)
def test_invalid_database_url_is_refused_with_a_clear_message(tmp_path, url, says):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL is invalid") as error:
        database_from_url(url, default_sqlite_path=tmp_path / "x")
    assert says in str(error.value)


def test_platform_fails_at_start_on_an_invalid_database_url():
    env = {**os.environ, "DATABASE_URL": "mysql://root@localhost/essmed", "DJANGO_SETTINGS_MODULE": "essmed.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DATABASE_URL is invalid" in result.stderr


def test_booleans_from_the_environment(monkeypatch):
    monkeypatch.setenv("ESSMED_FLAG", "yes")
    assert env_bool("ESSMED_FLAG", default=False) is True
    monkeypatch.setenv("ESSMED_FLAG", "0")
    assert env_bool("ESSMED_FLAG", default=True) is False
    monkeypatch.setenv("ESSMED_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("ESSMED_FLAG", default=True)

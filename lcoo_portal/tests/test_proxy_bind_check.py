"""Behind the proxy gunicorn listens where only the proxy reaches it (issue 19): gunicorn.conf.py binds to
the loopback by default and the system check lcoo.W001 warns when BEHIND_PROXY is on and the bind address
is public."""

import runpy
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from lcoo_portal.checks import check_proxy_bind

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("address", ["0.0.0.0:8000", "[::]:8000", "93.184.216.34:8000", "portal.example.org:8000"])
def test_a_public_bind_address_behind_the_proxy_is_warned_of(settings, address):
    settings.BEHIND_PROXY = True
    settings.PORTAL_BIND = [address]
    (warning,) = check_proxy_bind()
    assert warning.id == "lcoo.W001" and address in warning.msg


@pytest.mark.parametrize("address", ["127.0.0.1:8000", "[::1]:8000", "localhost:8000", "unix:/run/lcoo/gunicorn.sock"])
def test_the_loopback_or_a_unix_socket_is_fine(settings, address):
    settings.BEHIND_PROXY = True
    settings.PORTAL_BIND = [address]
    assert check_proxy_bind() == []


def test_a_bind_given_in_gunicorn_cmd_args_is_seen(settings, monkeypatch):
    settings.BEHIND_PROXY = True
    settings.PORTAL_BIND = ["127.0.0.1:8000"]
    monkeypatch.setenv("GUNICORN_CMD_ARGS", "--workers 3 --bind 0.0.0.0:8000")
    assert [w.id for w in check_proxy_bind()] == ["lcoo.W001"]


def test_without_the_proxy_the_check_says_nothing(settings):
    settings.BEHIND_PROXY = False
    settings.PORTAL_BIND = ["0.0.0.0:8000"]
    assert check_proxy_bind() == []


def test_manage_py_check_fails_at_warning_level_on_a_public_bind(settings):
    settings.BEHIND_PROXY = True
    settings.PORTAL_BIND = ["0.0.0.0:8000"]
    with pytest.raises(SystemCheckError, match=r"lcoo\.W001"):
        call_command("check", fail_level="WARNING")


def test_gunicorn_conf_binds_to_the_loopback_by_default_and_reads_portal_bind(monkeypatch):
    monkeypatch.delenv("PORTAL_BIND", raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["bind"] == ["127.0.0.1:8000"]
    monkeypatch.setenv("PORTAL_BIND", "unix:/run/lcoo/gunicorn.sock")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["bind"] == ["unix:/run/lcoo/gunicorn.sock"]


def test_the_readme_recipe_does_not_bind_gunicorn_to_every_interface():
    readme = (ROOT / "README.md").read_text()
    assert "--bind 0.0.0.0" not in readme and "PORTAL_BIND" in readme

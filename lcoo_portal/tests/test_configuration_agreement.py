"""The settings, the README's configuration tables, .env.example and compose.yaml name the same variables.

Every variable the settings read (`env.*("NAME", …)`) is documented in the README's "Configuration" table
and exemplified in .env.example (set, or commented with its default); nothing is named in .env.example or
compose.yaml that neither the settings nor the deploy scripts read. Each failure lists exactly what is
missing where, so a branch that adds a setting sees the lines to write."""

import re
from pathlib import Path

from lcoo_portal import sso_config

ROOT = Path(__file__).resolve().parents[2]


def settings_variables() -> set[str]:
    text = (ROOT / "lcoo_portal" / "settings.py").read_text()
    # the single sign-on providers are read by lcoo_portal/sso_config.py, which settings.py calls
    sso = (ROOT / "lcoo_portal" / "sso_config.py").read_text()
    oidc = {f"OIDC_{key.upper()}" for key in sso_config.PROVIDER_KEYS[1:]}
    return (
        set(re.findall(r'\benv\.\w+\(\s*"([A-Z][A-Z0-9_]*)"', text))
        | set(re.findall(r'"([A-Z][A-Z0-9_]*)" (?:not )?in env\.ENVIRON', text))
        | set(re.findall(r'environ\.get\(\s*"([A-Z][A-Z0-9_]*)"', sso))
        | oidc
    )


def readme_table(header: str) -> set[str]:
    """The variables named in the first cell of each row of the README's table with this header row."""
    lines = (ROOT / "README.md").read_text().splitlines()
    start = lines.index(header) + 2  # past the header and the |---| row
    names: set[str] = set()
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def documented() -> set[str]:
    return readme_table("| variable | default | meaning |")


def deploy_variables() -> set[str]:
    return readme_table("| variable (deploy scripts) | default | meaning |")


def env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def compose_variables() -> set[str]:
    text = (ROOT / "compose.yaml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    environment = set(re.findall(r"^\s{4,}([A-Z][A-Z0-9_]*):", text, re.MULTILINE))
    return interpolated | environment


def test_every_setting_is_documented_in_the_readme():
    missing = sorted(settings_variables() - documented())
    assert not missing, f"README.md's configuration table lacks a row for: {', '.join(missing)}"


def test_the_readme_documents_nothing_the_settings_do_not_read():
    unread = sorted(documented() - settings_variables())
    assert not unread, f"README.md's configuration table names variables the settings do not read: {', '.join(unread)}"


def test_every_setting_is_exemplified_in_env_example():
    missing = sorted(settings_variables() - env_example())
    assert not missing, f".env.example lacks a line (NAME=value or # NAME=default) for: {', '.join(missing)}"


def test_env_example_names_nothing_unread():
    unread = sorted(env_example() - settings_variables() - deploy_variables())
    assert not unread, (
        f".env.example names variables neither the settings nor the deploy scripts read: {', '.join(unread)}"
    )


def test_compose_names_nothing_unread():
    unread = sorted(compose_variables() - settings_variables() - deploy_variables())
    assert not unread, (
        f"compose.yaml names variables neither the settings nor the deploy scripts read: {', '.join(unread)}"
    )


def test_the_deploy_scripts_variables_are_the_ones_they_read():
    scripts = (
        "".join((ROOT / "deploy" / name).read_text() for name in ("entrypoint.sh", "gunicorn.conf.py", "install.sh"))
        + (ROOT / "compose.yaml").read_text()
    )
    unread = sorted(name for name in deploy_variables() if name not in scripts)
    assert not unread, f"README's deploy-scripts table names variables no deploy script reads: {', '.join(unread)}"

"""Every public page is valid HTML by the Nu Html Checker (the W3C's validator, `vnu-jar` from the
npm registry, run once over all pages): the demo record, as a visitor reads it, page by page from the
sitemap plus the pages the sitemap leaves out."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import skip_or_fail

DEFAULT_JAR = Path.home() / ".cache/lcoo-portal/vnu/node_modules/vnu-jar/build/dist/vnu.jar"  # where .ci/run puts it
VNU_JAR = Path(os.environ.get("VNU_JAR", DEFAULT_JAR))
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "http://testserver"


def public_urls(client) -> list[str]:
    sitemap = client.get("/sitemap.xml")
    tree = ElementTree.fromstring(sitemap.content)  # noqa: S314 (our own sitemap)
    listed = [node.text.removeprefix(BASE) for node in tree.iter(f"{SITEMAP}loc")]
    unlisted = [reverse("search") + "?q=roadmap", reverse("meetings:actions"), reverse("account_login")]
    return listed + unlisted


@pytest.mark.services
def test_every_public_page_passes_the_nu_html_checker(db, client, settings, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        skip_or_fail(f"the Nu Html Checker needs java and {VNU_JAR} (npm install vnu-jar; .ci/run does)")
    settings.PORTAL_BASE_URL = BASE
    call_command("load_demo", "--force")
    files = {}
    for number, url in enumerate(public_urls(client)):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files[f"file:{path}"] = url
    assert len(files) > 20, "the demo's public record has pages"
    files_on_disk = sorted(tmp_path.glob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *map(str, files_on_disk)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if not result.stdout.strip():
        pytest.fail(f"the checker gave no report: {result.stderr[-2000:]}")
    messages = json.loads(result.stdout)["messages"]
    errors = [f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert errors == []

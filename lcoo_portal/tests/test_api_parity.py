"""Parity: for every persona, nothing the API returns is hidden on the corresponding page — each object it
lists has a page the persona may open, and each text it returns (agenda items, decisions, action items,
minutes, motions) is on that page."""

import html

import pytest

from lcoo_portal.tests.test_confidential_sweep import UNPRIVILEGED, prospect_rep, record, revoked_rep  # noqa: F401

PERSONAS = [*UNPRIVILEGED, "board_member", "secretariat"]


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _all(client, url: str) -> list[dict]:
    rows = []
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    return rows


@pytest.mark.parametrize("name", PERSONAS)
def test_nothing_the_api_returns_is_hidden_on_the_page(name, persona, client_for, record):
    client = client_for(persona(name))
    hidden = []
    for row in _all(client, "/api/v1/meetings/?limit=200"):
        detail = client.get(row["url"]).json()
        page = _page(client, row["page_url"])
        texts = [item["title"] for item in detail["agenda"]]
        texts += [d["text"] for d in detail["decisions"]] + [a["text"] for a in detail["action_items"]]
        texts += [person for group in detail["attendance"] for person in group["people"]]
        # Markdown is rendered on the page: its first word stands for it (each marker is a first word)
        markdown = [item["description"] for item in detail["agenda"]]
        markdown += [detail["minutes"]["summary"]] if detail["minutes"] else []
        texts += [text.split()[0] for text in markdown if text]
        hidden += [(row["page_url"], text) for text in texts if text not in page]
    for row in _all(client, "/api/v1/motions/?limit=200"):
        detail = client.get(row["url"]).json()
        page = _page(client, row["page_url"])
        hidden += [(row["page_url"], text) for text in (detail["title"], detail["result_text"]) if text not in page]
    for row in _all(client, "/api/v1/companies/?limit=200"):
        page = _page(client, row["page_url"])
        hidden += [(row["page_url"], row["name"])] if row["name"] not in page else []
    assert hidden == []


def test_the_parity_check_can_fail_the_secretariat_reads_drafts_in_both(client_for, secretariat, record):
    """The Secretariat's API answer holds the draft meeting, and its page opens for them: the parity above
    compares real rows, not empty lists."""
    client = client_for(secretariat)
    titles = [row["title"] for row in _all(client, "/api/v1/meetings/?limit=200")]
    assert any(title.startswith("Zqxdraft") for title in titles)

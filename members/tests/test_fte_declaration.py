"""One state for a company's FTE figures — declared when and by whom, out of date after a quarter — which
the home page, the company page and the quarterly reminder all read (issue 24, "One truth per fact")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Company, fte_declaration_valid_for
from members.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _sentences(client_for, coordinator, company: Company) -> tuple[str, str]:
    """The FTE sentence of the coordinator's home page and of the company's page."""
    client = client_for(coordinator)
    pages = [client.get("/").content.decode(), client.get(company.get_absolute_url()).content.decode()]
    return tuple(page.split('data-testid="fte-declaration"')[1].split("</span>")[0] for page in pages)


def test_figures_on_record_without_a_declaration_are_never_called_undeclared(client_for, coordinator, company):
    """The demo's AT&T: 40 / 12 on the company page, "has not declared its FTEs yet" on the home page."""
    assert company.contributing_ftes is not None and company.ftes_declared_at is None
    home, page = _sentences(client_for, coordinator, company)
    assert home == page
    assert 'data-state="unconfirmed"' in home and "need confirming" in home
    assert "has not declared" not in home
    assert "Confirm or update the figures" in client_for(coordinator).get("/").content.decode()


def test_a_declaration_older_than_a_quarter_is_out_of_date_on_both_pages(client_for, coordinator, company):
    Company.objects.filter(pk=company.pk).update(
        ftes_declared_at=timezone.now() - timedelta(days=100), ftes_declared_by=coordinator
    )
    home, page = _sentences(client_for, coordinator, company)
    assert home == page
    assert 'data-state="stale"' in page and "out of date" in page and str(coordinator) in page


def test_a_recent_declaration_says_when_it_is_due_again(client_for, coordinator, company):
    Company.objects.filter(pk=company.pk).update(ftes_declared_at=timezone.now() - timedelta(days=3))
    home, page = _sentences(client_for, coordinator, company)
    assert home == page and 'data-state="current"' in page and "to be confirmed again by" in page


def test_the_queryset_and_the_predicate_agree():
    now = timezone.now()
    cases = {
        "none": CompanyFactory(contributing_ftes=None, roadmap_ftes=None),
        "unconfirmed": CompanyFactory(),
        "current": CompanyFactory(ftes_declared_at=now - fte_declaration_valid_for() + timedelta(hours=1)),
        "stale": CompanyFactory(ftes_declared_at=now - fte_declaration_valid_for() - timedelta(hours=1)),
    }
    assert {state: c.fte_declaration.state for state, c in cases.items()} == {s: s for s in cases}
    to_confirm = set(Company.objects.ftes_to_confirm())
    assert to_confirm == {c for c in cases.values() if c.fte_declaration.needs_confirmation}

"""The directory as CSV and the Secretariat's import of it: a preview row by row, nothing saved while a
row is refused (unless left out), re-importing changes nothing, people in roles get the usual
invitation, and only the Secretariat imports."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from members.imports import COLUMNS, directory_import, directory_rows_read
from members.models import Affiliation, Company, CompanyInvitation, RoleAssignment, User

HEADER = ",".join(COLUMNS)
ORANGE = (
    "Orange,,https://orange.example.org/,France,Europe/Paris,multi_cloud,Ana Lee,ana@orange.example.org,coordinator"
)


def csv_file(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def record_size() -> tuple[int, ...]:
    """Every row an import may write, counted: companies and their history, people, affiliations,
    roles, invitations."""
    return (
        Company.objects.count(),
        Company.history.count(),
        User.objects.count(),
        Affiliation.objects.count(),
        RoleAssignment.objects.count(),
        CompanyInvitation.objects.count(),
    )


@pytest.fixture
def demo(db) -> None:
    call_command("load_demo", "--force")


def test_the_directory_export_of_the_demo_imports_back_without_a_change(demo, client_for):
    secretariat = User.objects.get(email="secretariat@example.org")
    exported = client_for(secretariat).get(reverse("members:directory-csv"))
    assert exported.status_code == 200
    rows = directory_rows_read(exported.content)
    assert len(rows) >= Company.objects.count()
    before = record_size()
    preview, saved = directory_import(rows=rows, by=secretariat, dry_run=True)
    assert not saved
    assert {o.state for o in preview} == {"unchanged"}, [(o.line, o.refusal, o.actions) for o in preview]
    outcomes, saved = directory_import(rows=rows, by=secretariat, dry_run=False)
    assert saved and {o.state for o in outcomes} == {"unchanged"}
    assert record_size() == before


def test_a_file_with_one_bad_row_saves_nothing_and_says_which_row_and_why(secretariat):
    rows = directory_rows_read(
        csv_file(
            ORANGE,
            "Telefonica,,,,,,Ben Ray,not-an-address,coordinator",
            "Vodafone,member,,,,,,,",
        )
    )
    before = record_size()
    outcomes, saved = directory_import(rows=rows, by=secretariat, dry_run=False)
    assert not saved
    assert record_size() == before
    states = {o.line: o.state for o in outcomes}
    assert states == {2: "changes", 3: "refused", 4: "refused"}
    assert "e-mail address" in outcomes[1].refusal
    assert "starts as a prospect" in outcomes[2].refusal


def test_leaving_the_refused_rows_out_saves_the_others(secretariat):
    rows = directory_rows_read(
        csv_file(
            ORANGE,
            "Telefonica,,,,,,Ben Ray,not-an-address,coordinator",
        )
    )
    outcomes, saved = directory_import(rows=rows, by=secretariat, exclude=[3], dry_run=False)
    assert saved and [o.state for o in outcomes] == ["changes", "excluded"]
    orange = Company.objects.get(name="Orange")
    assert orange.status == Company.Status.PROSPECT and orange.hq_country == "France"
    assert not Company.objects.filter(name="Telefonica").exists()
    ana = User.objects.get(email="ana@orange.example.org")
    assert not ana.has_usable_password()  # the invitation mail's link sets it
    assert RoleAssignment.objects.current().filter(company=orange, user=ana, role="coordinator").exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(secretariat, company):
    data = csv_file(
        f"{company.name},,https://new.example.org/,,,,Cleo Park,cleo@example.org,board_representative",
        f"{company.name},,,,,,Dan Wu,dan@example.org,",
    )
    first, saved = directory_import(rows=directory_rows_read(data), by=secretariat, dry_run=False)
    assert saved and [o.state for o in first] == ["changes", "changes"]
    company.refresh_from_db()
    assert company.website == "https://new.example.org/"
    assert CompanyInvitation.objects.pending().filter(email="dan@example.org", company=company).exists()
    before = record_size()
    second, saved = directory_import(rows=directory_rows_read(data), by=secretariat, dry_run=False)
    assert [o.state for o in second] == ["unchanged", "unchanged"]
    assert record_size() == before


def test_an_import_never_changes_a_membership_status(secretariat, company):
    rows = directory_rows_read(csv_file(f"{company.name},revoked,,,,,,,"))
    (outcome,), _ = directory_import(rows=rows, by=secretariat, dry_run=True)
    assert outcome.state == "refused" and "decision of the board" in outcome.refusal


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00junk", "not UTF-8"),
        (b"name,email\nOrange,a@b.org\n", "at least"),
        (f"{HEADER},salary\nOrange,,,,,,,,,1\n".encode(), "Unknown columns: salary"),
        (f"{HEADER}\n".encode(), "no rows"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(data, message):
    with pytest.raises(ValidationError, match=message):
        directory_rows_read(data)


@pytest.mark.parametrize("who", ["member_user", "coordinator", "board_member", "chair"])
def test_only_the_secretariat_imports(who, persona, client_for):
    user = persona(who)
    rows = directory_rows_read(csv_file("Orange,,,,,,,,"))
    with pytest.raises(PermissionDenied):
        directory_import(rows=rows, by=user, dry_run=False)
    assert not Company.objects.filter(name="Orange").exists()
    upload = SimpleUploadedFile("d.csv", csv_file("Orange,,,,,,,,"), content_type="text/csv")
    assert client_for(user).post(reverse("members:import"), {"file": upload}).status_code == 403
    assert not Company.objects.filter(name="Orange").exists()


def test_the_page_previews_then_saves_what_it_previewed(secretariat, client_for):
    client = client_for(secretariat)
    upload = SimpleUploadedFile("d.csv", csv_file("Orange,,,France,,,,,"), content_type="text/csv")
    preview = client.post(reverse("members:import"), {"file": upload})
    assert preview.status_code == 200
    assert "Add the company Orange (a prospect)" in preview.content.decode()
    assert not Company.objects.filter(name="Orange").exists()
    digest = preview.context["digest"]
    stale = client.post(reverse("members:import"), {"digest": "0" * 64})
    assert stale.status_code == 302 and not Company.objects.filter(name="Orange").exists()
    saved = client.post(reverse("members:import"), {"digest": digest})
    assert saved.status_code == 302
    assert Company.objects.get(name="Orange").hq_country == "France"


def test_the_directory_csv_shows_addresses_only_to_people_signed_in_and_neutralises_formulas(
    company, coordinator, client_for, member_user
):
    company.website = ""
    company.hq_country = "=HYPERLINK(1)"
    company.save()
    public = list(csv.reader(io.StringIO(client_for(None).get(reverse("members:directory-csv")).content.decode())))
    assert public[0] == COLUMNS
    row = next(r for r in public if r[0] == "AT&T")
    assert row[COLUMNS.index("email")] == "" and row[COLUMNS.index("person")] == coordinator.display_name
    assert row[COLUMNS.index("hq_country")] == "'=HYPERLINK(1)"
    signed_in = client_for(member_user).get(reverse("members:directory-csv")).content.decode()
    assert coordinator.email in signed_in

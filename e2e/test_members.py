"""A coordinator keeps their company's record current, and cannot touch another company's."""

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations


def test_coordinator_edits_ftes_sees_the_history_and_is_refused_elsewhere(page, demo, sign_in):
    sign_in("coordinator.att@example.org")
    expect(page.get_by_test_id("current-user")).to_have_text("Andy Ukasick")

    page.goto("/members/att/")
    page.get_by_role("link", name="Edit the company record").click()
    page.get_by_label("FTEs contributing to OpenStack").fill("42")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("AT&T")
    expect(page.get_by_role("status")).to_contain_text("AT&T is saved")
    expect(page.get_by_role("cell", name="42 contributing FTEs; charter requires at least 4")).to_be_visible()
    history = page.get_by_test_id("company-history")
    expect(history.get_by_role("listitem").first).to_contain_text("by Andy Ukasick")
    expect(history.get_by_role("listitem").first).to_contain_text("FTEs contributing to OpenStack 40 → 42")

    response = page.goto("/members/ntt/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")


def test_directory_and_company_page_have_no_serious_accessibility_violations(page, demo):
    for path in ["/members/", "/members/comcast/", "/members/att/"]:
        page.goto(path)
        assert axe_serious_violations(page) == [], path


def test_secretariat_imports_companies_and_people_from_a_csv_file(page, demo, sign_in, tmp_path):
    sign_in("secretariat@example.org")
    page.goto("/members/")
    page.get_by_role("link", name="Import companies and people (CSV)").click()
    good = (
        "Orange,,https://orange.example.org/,France,Europe/Paris,multi_cloud,Ana Lee,ana@orange.example.org,coordinator"
    )
    upload = tmp_path / "directory.csv"
    upload.write_text(
        "company,status,website,hq_country,hq_time_zone,operator_kind,person,email,role\n"
        f"{good}\nTelefonica,,,,,,Ben Ray,not-an-address,coordinator\n"
    )
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("2 rows: 1 change the directory, 1 refused")
    expect(page.get_by_role("row", name="Telefonica")).to_contain_text("is not an e-mail address")
    page.get_by_label("Leave out line 3").check()
    page.get_by_role("button", name="Import 1 row and send 1 mail").click()
    expect(page.get_by_role("status")).to_contain_text("Imported directory.csv: 1 row changed the directory")
    page.goto("/members/orange/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Orange")
    assert axe_serious_violations(page) == []

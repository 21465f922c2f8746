"""One truth per fact, walked in the browser (issue 24): the FTE declaration says the same on the home page
and the company page, an extra zero is confirmed before it is saved, and a meeting's status reads alike in
the list and on its page."""

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from meetings.models import Meeting


def test_the_fte_figures_say_one_thing_and_an_extra_zero_is_confirmed_first(page, demo, sign_in):
    sign_in("coordinator.att@example.org")
    expect(page.get_by_test_id("current-user")).to_have_text("Andy Ukasick")
    page.goto("/")
    on_home = page.get_by_test_id("fte-declaration").first.inner_text()
    assert "has not declared" not in on_home
    page.goto("/members/att/")
    expect(page.get_by_test_id("fte-declaration")).to_have_text(on_home)

    page.get_by_role("link", name="Edit the company record").click()
    page.get_by_label("FTEs contributing to OpenStack").fill("40000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("go from 40 to 40000: far from the last declared figure")).to_be_visible()
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        assert axe_serious_violations(page) == [], width
    page.get_by_role("button", name="Save the figures").click()
    expect(page.get_by_role("status")).to_contain_text("AT&T is saved")
    expect(page.get_by_test_id("fte-declaration")).to_contain_text("FTE figures declared")
    expect(page.get_by_test_id("fte-declaration")).to_contain_text("by Andy Ukasick")


def test_a_meeting_reads_the_same_status_in_the_list_and_on_its_page(page, demo):
    held = Meeting.objects.with_published_minutes().agenda_published().order_by("-starts_at").first()
    page.goto("/meetings/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=held.title, exact=True)).first
    expect(row.get_by_test_id("meeting-state")).to_have_text("Held, minutes published")
    row.get_by_role("link", name=held.title, exact=True).click()
    expect(page.get_by_test_id("meeting-state")).to_have_text("Held, minutes published")


def test_vote_now_takes_the_keyboard_to_the_ballot(page, demo, sign_in):
    from governance.models import Motion

    motion = Motion.objects.get(title="Admit Comcast as a member company")
    sign_in("board.ntt@example.org")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto(f"/governance/motions/{motion.pk}/")
    page.get_by_role("link", name="Vote now").click()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('section') && document.activeElement.closest('section').id")
    assert focused == "seat-ntt"
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        assert axe_serious_violations(page) == [], width


def test_without_javascript_the_copy_buttons_do_not_show(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/meetings/subscribe/")
        expect(page.get_by_role("textbox").first).to_be_visible()
        assert page.locator("button[data-copy]").count() >= 1
        expect(page.locator("button[data-copy]").first).to_be_hidden()
        assert page.locator("button[data-copy]:visible").count() == 0
    finally:
        context.close()


def test_with_javascript_the_copy_buttons_show(page, demo):
    page.goto("/meetings/subscribe/")
    expect(page.locator("button[data-copy]").first).to_be_visible()

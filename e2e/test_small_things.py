"""Issue 24's small things that cost people time, in the browser: the roadmap's charts on a phone and
their axis dates, one way of writing a date whether the server or the browser writes it, the subscribe
page's bullets, the time-zone banner, search snippets and the minutes editor's focus after a save."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from meetings.models import Meeting

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}

# Every <text> of the page's SVG charts that is shown, with its size on screen in CSS pixels (its font
# size times the factor the SVG is scaled by).
SVG_TEXT_SIZES = """() => Array.from(document.querySelectorAll("main svg text"))
  .filter((text) => text.checkVisibility())
  .map((text) => {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [text.textContent, parseFloat(getComputedStyle(text).fontSize) * scale];
  })"""


def axe_clean_at_both_widths(page) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert axe_serious_violations(page) == [], size


def test_the_roadmap_page_reads_on_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    page.goto("/governance/roadmap/")
    too_small = [(text, round(size, 1)) for text, size in page.evaluate(SVG_TEXT_SIZES) if size < 12]
    assert too_small == []
    # the rows of each chart read as blocks, without scrolling sideways
    plan = page.get_by_role("region", name=re.compile(r"^The coalition's plan, table"))
    hotel = plan.get_by_role("row", name=re.compile("Hotel and Tickets for Summit Starts: Thu 1 Sep 2016"))
    expect(hotel).to_be_visible()
    for region in page.locator(".timeline-table").all():
        assert region.evaluate("node => node.scrollWidth <= node.clientWidth")
    axe_clean_at_both_widths(page)


def test_the_roadmap_charts_date_their_axes_as_every_page_does(page, demo):
    page.set_viewport_size(DESKTOP)
    page.goto("/governance/roadmap/")
    ticks = page.locator("svg text.tl-tick").all_text_contents()
    assert "28 Aug 2016" in ticks
    assert [t for t in ticks if not re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}|\d{4} Q[1-4]", t)] == []
    sizes = [size for _text, size in page.evaluate(SVG_TEXT_SIZES)]
    assert sizes and min(sizes) >= 12


def test_a_september_date_reads_sep_whether_the_browser_or_the_server_writes_it(page, demo, sign_in):
    meeting = Meeting.objects.get(title__startswith="General meeting: joining procedure")
    page.goto(meeting.get_absolute_url())  # a visitor: the browser rewrites each time to its own zone
    written = page.locator("main time").all_inner_texts()
    assert "Thu 22 Sep 2016, 16:00 CEST" in written
    assert [w for w in written if "Sept" in w] == []

    sign_in("member@example.org")
    page.get_by_role("contentinfo").get_by_role("combobox", name="Show times in").fill("Europe/Paris")
    page.get_by_role("contentinfo").get_by_role("button", name="Change the time zone").click()
    page.goto(meeting.get_absolute_url())  # a chosen zone: the server writes every time
    expect(page.locator("body")).to_have_attribute("data-user-zone", "Europe/Paris")
    assert page.locator("main time").all_inner_texts() == written


# Where each list item's bullet is drawn (an outside marker: the em or so left of the item's box), and
# the link boxes any of them covers.
BULLETS_OVER_LINKS = """(list) => {
  const links = Array.from(list.querySelectorAll("a")).flatMap((a) => Array.from(a.getClientRects()));
  const covered = [];
  list.querySelectorAll(":scope > li").forEach((item) => {
    const style = getComputedStyle(item);
    if (style.display !== "list-item" || style.listStyleType === "none" || style.listStylePosition !== "outside") {
      return;
    }
    const box = item.getBoundingClientRect();
    const em = parseFloat(style.fontSize);
    const marker = { left: box.left - em, right: box.left, top: box.top, bottom: box.top + 1.5 * em };
    links.forEach((link) => {
      const across = link.left < marker.right && marker.left < link.right;
      if (across && link.top < marker.bottom && marker.top < link.bottom) {
        covered.push(item.textContent.trim().slice(0, 40));
      }
    });
  });
  return covered;
}"""


def test_the_subscribe_pages_bullets_stay_clear_of_its_links_at_desktop_width(page, demo):
    page.set_viewport_size(DESKTOP)
    page.goto("/meetings/subscribe/")
    lists = page.locator("main .subscription ul")
    assert lists.count() == 5
    for index in range(lists.count()):
        assert lists.nth(index).evaluate(BULLETS_OVER_LINKS) == []
    axe_clean_at_both_widths(page)


def test_the_time_zone_banner_is_one_line_on_a_phone_and_once_dismissed_stays_away(page, demo, sign_in):
    page.set_viewport_size(PHONE)
    sign_in("member@example.org")
    page.goto("/meetings/")
    banner = page.get_by_role("region", name="How times are shown")
    expect(banner.get_by_role("button", name="Use Europe/Paris")).to_be_visible()
    assert banner.bounding_box()["height"] <= 48
    axe_clean_at_both_widths(page)

    page.set_viewport_size(PHONE)
    banner.get_by_role("button", name="Don't ask again").click()
    expect(banner).to_have_count(0)
    page.goto("/governance/")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    expect(page.get_by_role("region", name="How times are shown")).to_have_count(0)
    # times still follow the browser, and the footer still offers a choice
    expect(page.get_by_role("contentinfo")).to_contain_text("Europe/Paris (your browser's zone)")


ACTIVE = "() => { const a = document.activeElement; return [a.tagName, a.id, a.value, a.closest('section')?.id]; }"


def test_after_a_save_in_place_the_keyboard_goes_on_from_the_minutes_editor_not_the_top(page, demo, sign_in):
    sign_in("secretariat@example.org")
    meeting = Meeting.objects.get(title="General meeting: finalize the Charter")
    page.goto(f"/meetings/{meeting.pk}/minutes/")

    # an added row: the add form comes back empty, and the keyboard is in it for the next one
    page.get_by_label(re.compile(r"^Decision\b")).fill("The Charter goes to the board for adoption")
    page.keyboard.press("Tab")  # to the agenda item
    page.keyboard.press("Tab")  # to "Add decision"
    expect(page.get_by_role("button", name="Add decision")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Decision recorded.")
    expect(page.locator("#sec-decisions")).to_contain_text("The Charter goes to the board for adoption")
    expect(page.get_by_label(re.compile(r"^Decision\b"))).to_be_focused()
    assert page.evaluate(ACTIVE) == ["TEXTAREA", "id_decision-text", "", "sec-decisions"]

    # a saved summary: the next empty field after it
    page.get_by_label("Summary").fill("The membership section was agreed.")
    page.get_by_label(re.compile(r"^Next session")).fill("In two weeks.")
    page.get_by_role("button", name="Save summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Summary saved.")
    # the focus moves once the swapped section has settled, which may be just after the status is read
    page.wait_for_function(f"() => ({ACTIVE})()[3] === 'sec-attendance'", timeout=5000)
    tag, _id, value, section = page.evaluate(ACTIVE)
    assert (tag in {"INPUT", "SELECT", "TEXTAREA"}, value, section) == (True, "", "sec-attendance")

    # a moved row: the same button of that row, wherever it went
    page.get_by_label(re.compile(r"^Decision\b")).fill("The board meets in Barcelona")
    page.get_by_role("button", name="Add decision").click()
    expect(page.locator("#sec-decisions")).to_contain_text("The board meets in Barcelona")
    decisions = page.locator("#sec-decisions ol > li")
    first_text = decisions.first.inner_text().splitlines()[0]
    decisions.first.get_by_role("button", name=re.compile(r"^Down")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Decision moved.")
    focused = page.locator("#sec-decisions li", has=page.locator(":focus"))
    expect(focused).to_contain_text(first_text)
    axe_clean_at_both_widths(page)

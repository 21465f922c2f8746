"""The browser walk of issue 13: every page, for each persona that can see it, at 360 × 800 and
1280 × 800 — no sideways scrolling, no console error (the CSP included) and no serious or critical
axe violation. One browser and one context per persona; each page is loaded once and measured at both
widths. The totals are printed (run with -s) for the issue's closing note."""

import os
import re
from dataclasses import dataclass, field

from django.urls import reverse

from e2e.conftest import axe_serious_violations

WIDTHS = [(360, 800), (1280, 800)]

PERSONAS = {
    "anonymous": None,
    "member": "member@example.org",
    "coordinator": "coordinator.att@example.org",
    "board representative": "board.ntt@example.org",
    "chair": "chair@example.org",
    "secretariat": "secretariat@example.org",
}


def walk_urls() -> list[str]:
    """Every HTML page of the portal, with the demo's objects standing in for each kind of page."""
    from governance.models import CharterVersion, Motion, PlanTask, RoadmapItem
    from meetings.models import ActionItem, AgendaItem, Meeting, Series
    from notifications.models import Announcement

    held = Meeting.objects.filter(minutes__isnull=False).order_by("starts_at").first()
    upcoming = Meeting.objects.filter(starts_at__gt=held.starts_at).order_by("-starts_at").last()
    with_agenda = AgendaItem.objects.order_by("pk").first().meeting
    motion = Motion.objects.order_by("pk").first()
    series = Series.objects.order_by("pk").first()
    versions = list(CharterVersion.objects.order_by("number").values_list("number", flat=True))
    announcement = Announcement.objects.order_by("pk").first()
    action = ActionItem.objects.order_by("pk").first()
    urls = [
        reverse("home"),
        reverse("members:directory"),
        reverse("members:new"),
        reverse("members:company", args=["att"]),
        reverse("members:company", args=["ntt"]),
        reverse("members:edit", args=["att"]),
        reverse("members:roles", args=["att"]),
        reverse("members:status", args=["att"]),
        reverse("meetings:index"),
        reverse("meetings:create"),
        reverse("meetings:actions"),
        reverse("search") + "?q=charter",
        reverse("meetings:series-list"),
        reverse("meetings:detail", args=[held.pk]),
        reverse("meetings:detail", args=[upcoming.pk]),
        reverse("meetings:detail", args=[with_agenda.pk]),
        reverse("meetings:edit", args=[upcoming.pk]),
        reverse("meetings:agenda", args=[with_agenda.pk]),
        reverse("meetings:minutes", args=[held.pk]),
        reverse("meetings:minutes-import", args=[held.pk]),
        reverse("governance:index"),
        reverse("governance:motion-new"),
        reverse("governance:charter"),
        reverse("governance:roadmap"),
        reverse("governance:roadmap-edit"),
        reverse("governance:plan-task-new"),
        reverse("governance:roadmap-item-new"),
        reverse("governance:teams"),
        reverse("notifications:index"),
        reverse("notifications:preferences"),
        reverse("profile"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("account_login"),
        reverse("account_reset_password"),
        "/no-such-page/",
    ]
    if series:
        urls += [
            reverse("meetings:series", args=[series.slug]),
            reverse("meetings:series-edit", args=[series.slug]),
            reverse("meetings:series-create"),
        ]
    if motion:
        urls += [
            reverse("governance:motion", args=[motion.pk]),
            reverse("governance:motion-verify", args=[motion.pk]),
        ]
    task, item = PlanTask.objects.order_by("pk").first(), RoadmapItem.objects.order_by("pk").first()
    if task:
        urls.append(reverse("governance:plan-task-edit", args=[task.pk]))
    if item:
        urls.append(reverse("governance:roadmap-item-edit", args=[item.pk]))
    if versions:
        urls.append(reverse("governance:charter-version", args=[versions[-1]]))
    if len(versions) > 1:
        urls.append(reverse("governance:charter-diff") + f"?a={versions[0]}&b={versions[-1]}")
    if announcement:
        urls.append(reverse("notifications:detail", args=[announcement.pk]))
    if action:
        urls.append(reverse("meetings:detail", args=[action.meeting_id]))
    return list(dict.fromkeys(urls))


@dataclass
class Walk:
    states: int = 0
    pages: set = field(default_factory=set)
    axe_runs: int = 0
    axe_violations: int = 0
    problems: list[str] = field(default_factory=list)


def check(page, walk: Walk, who: str, url: str, console: list[str]) -> None:
    title = page.title()
    if not re.fullmatch(r"\S.* · LCOO Portal", title):
        walk.problems.append(f"{who} {url}: the title reads {title!r}, not 'Page · LCOO Portal'")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        walk.states += 1
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            wide = page.evaluate(
                """(w) => [...document.querySelectorAll('main *, header *, footer *')]
                       .filter(e => e.getBoundingClientRect().right > w + 1)
                       .slice(0, 3)
                       .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
                inner_width,
            )
            walk.problems.append(f"{who} {url} @{width}: {scroll_width}px wide > {inner_width}px: {wide}")
        violations = axe_serious_violations(page)
        walk.axe_runs += 1
        walk.axe_violations += len(violations)
        walk.problems += [f"{who} {url} @{width}: axe {v}" for v in violations]
    walk.problems += [f"{who} {url}: console {c}" for c in console]


def test_every_page_fits_a_phone_and_a_desktop_for_every_persona_without_errors_or_axe_violations(
    browser, live_server, demo
):
    # WALK_URL / WALK_PERSONA narrow the walk while fixing a page (substrings); CI walks everything.
    urls = [u for u in walk_urls() if os.environ.get("WALK_URL", "") in u]
    personas = {k: v for k, v in PERSONAS.items() if os.environ.get("WALK_PERSONA", "") in k}
    walk = Walk()
    for who, email in personas.items():
        context = browser.new_context(base_url=live_server.url, timezone_id="Europe/Paris")
        context.set_default_timeout(15_000)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda m, console=console: m.type == "error" and console.append(m.text))
        page.on("pageerror", lambda e, console=console: console.append(str(e)))
        if email:
            page.goto("/accounts/login/")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill("lcoo-demo-2026")
            page.get_by_role("button", name="Sign in", exact=True).click()
            page.get_by_test_id("current-user").wait_for()
        seen: set[str] = set()
        seen_statuses: set[int] = set()
        for url in urls:
            console.clear()
            try:
                response = page.goto(url)
            except Exception as error:  # an empty error response (405, say) cannot be walked
                walk.problems.append(f"{who} {url}: {error}")
                continue
            status = response.status if response else 0
            if status >= 500:
                walk.problems.append(f"{who} {url}: HTTP {status}")
                continue
            if status in (403, 404):
                # Each error page is walked once per persona; the browser's own "failed to load" line
                # is expected there.
                if status in seen_statuses:
                    continue
                seen_statuses.add(status)
                console[:] = [c for c in console if "Failed to load resource" not in c]
            if page.url in seen:  # a redirect (to sign in, say) to a page already walked as this persona
                continue
            seen.add(page.url)
            walk.pages.add(page.url)
            check(page, walk, who, url, list(console))
        context.close()
    print(
        f"\nWalked {walk.states} page × persona × width states ({len(walk.pages)} distinct pages, "
        f"{len(personas)} personas, {len(WIDTHS)} widths); axe ran {walk.axe_runs} times: "
        f"{walk.axe_violations} serious or critical violations."
    )
    assert not walk.problems, "\n".join(walk.problems)

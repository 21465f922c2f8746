"""The Secretariat keeps the specialty teams, the mailing lists and the mail schedules on the portal's own
pages; a coordinator cancels and resends an invitation from the roles page (issue 24)."""

from datetime import timedelta

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations


def test_secretariat_creates_a_team_adds_a_lead_and_the_public_page_shows_them(page, demo, sign_in):
    sign_in("secretariat@example.org")
    page.goto("/governance/teams/")
    page.get_by_role("link", name="Keep the teams: members, leads and links").click()
    page.get_by_label("Name").fill("Edge operations")
    page.get_by_label("Links").fill("https://etherpad.example.org/p/edge-ops")
    page.get_by_role("button", name="Create the team").click()
    expect(page.get_by_role("status")).to_contain_text("The team Edge operations is created")
    page.get_by_label("Find person by name or company").fill("mizuno")
    page.get_by_label("A lead of the team").check()
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_test_id("team-members")).to_contain_text("Shintaro Mizuno")
    expect(page.get_by_test_id("team-history")).to_contain_text("Team created by Secretariat")
    page.goto("/governance/teams/")
    team = page.locator("#team-edge-operations")
    expect(team).to_contain_text("Shintaro Mizuno")
    expect(team).to_contain_text("Lead")
    expect(team.get_by_role("link", name="https://etherpad.example.org/p/edge-ops")).to_be_visible()


def test_secretariat_adds_a_mailing_list_and_moves_a_schedule_after_reading_the_consequence(page, demo, sign_in):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    PeriodicTask.objects.get_or_create(
        name="notifications: quarterly roadmap reminder",
        defaults={
            "task": "notifications.tasks.send_roadmap_reminder",
            "crontab": CrontabSchedule.objects.create(minute="0", hour="8", timezone="UTC"),
        },
    )
    sign_in("secretariat@example.org")
    page.goto("/notifications/")
    page.get_by_role("link", name="the mailing-list addresses").click()
    page.get_by_label("Name").fill("Community")
    page.get_by_label("E-mail address").fill("community@lists.example.org")
    page.get_by_label("Published minutes").check()
    page.get_by_role("button", name="Add the list").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("From now on community@lists.example.org receives")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Save the list").click()
    expect(page.get_by_test_id("lists")).to_contain_text("community@lists.example.org")

    page.goto("/notifications/schedules/")
    page.get_by_role("link", name="notifications: quarterly roadmap reminder").click()
    page.get_by_label("Hour").fill("9")
    page.get_by_role("button", name="Change the schedule").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("hour 9")
    page.get_by_role("button", name="Change the schedule").click()
    expect(page.get_by_test_id("schedule-changes")).to_contain_text("hour 9")
    assert axe_serious_violations(page) == []


def test_coordinator_resends_then_cancels_an_unanswered_invitation_from_the_roles_page(page, demo, sign_in):
    from members.models import Company, CompanyInvitation, User
    from members.services import company_invitation_create

    coordinator = User.objects.get(email="coordinator.att@example.org")
    invitation = company_invitation_create(
        company=Company.objects.get(slug="att"), email="newcomer@example.org", role="", by=coordinator
    )
    CompanyInvitation.objects.filter(pk=invitation.pk).update(created_at=invitation.created_at - timedelta(hours=2))
    sign_in("coordinator.att@example.org")
    page.goto("/")
    page.get_by_role("link", name="send it again or cancel it on the roles page").first.click()
    row = page.locator(f"#invitation-{invitation.pk}")
    row.get_by_role("button", name="Send again").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("This e-mails newcomer@example.org")
    page.get_by_role("button", name="Send it again").click()
    expect(page.get_by_role("status")).to_contain_text("e-mailed to newcomer@example.org again")
    row.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("stops working")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Cancel the invitation").click()
    expect(row).to_contain_text("Cancelled")
    page.goto(invitation.get_absolute_url())
    expect(page.get_by_role("alert")).to_contain_text("This invitation was cancelled")

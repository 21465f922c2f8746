"""A board member keeps a decided motion's record head: from its page and from the decisions feed."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from governance.anchor import head_line
from governance.demo import COMCAST_MOTION
from governance.models import Motion
from governance.services.lifecycle import motion_close
from members.models import User


def test_a_visitor_reads_a_decided_motions_record_head_on_its_page_and_in_the_decisions_feed(page, demo):
    motion = Motion.objects.get(title=COMCAST_MOTION)
    chair = User.objects.get(email="chair@example.org")
    motion = motion_close(motion=motion, by=chair, reason="E2E: closed before its deadline.")
    line = head_line(motion)
    page.goto(motion.get_absolute_url())
    expect(page.locator("#record-head")).to_contain_text(line)
    assert axe_serious_violations(page) == []
    with page.expect_response(re.compile(r"/governance/motions/feed/$")) as response_info:
        page.get_by_role("link", name="decisions feed").click()
    response = response_info.value
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    assert line in response.text()

"""A revocation motion's page shows the grounds: the reasons of the company's compliance evaluation."""

from governance.models import Motion
from governance.services.drafting import MotionDraft, motion_create
from governance.services.lifecycle import motion_give_notice
from members.models import Company


def test_the_revocation_notice_reasons_from_the_compliance_evaluation_render_on_the_motion_page(
    client, chair, secretariat, seats, other_company
):
    Company.objects.filter(pk=other_company.pk).update(contributing_ftes=1, roadmap_ftes=None)
    draft = MotionDraft(title="Revoke NTT", text="NTT no longer meets the criteria.", subject_company=other_company)
    motion = motion_create(by=chair, kind=Motion.Kind.REVOKE, draft=draft)
    motion_give_notice(motion=motion, by=secretariat)
    body = client.get(motion.get_absolute_url()).content.decode()
    assert "Notice given on" in body
    assert "fail to continue to meet these minimum criteria" in body
    assert "FTEs contributing to OpenStack: 1 contributing FTE, charter requires at least 4" in body
    assert "FTEs on roadmap-aligned upstream work: Not declared yet" in body
    assert "Multi-cloud operator or network service provider: Multi-cloud operator" in body
    assert "state-not_met" in body

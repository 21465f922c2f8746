"""What a decided motion does (membership, the charter, the roadmap, the officers), and what a
revocation that does not pass undoes. Called inside the closing transaction, under the motion's lock."""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from governance.models import Candidate, CharterVersion, Motion, OfficerTerm
from governance.permissions import can_run_motions, can_withdraw
from governance.record import text_digest
from governance.register import officer_term_register
from members.models import Company, User
from members.permissions import authorise
from members.services import company_transition

# a motion that admits or revokes moves its company to this status, for this reason
MEMBERSHIP_EFFECTS = {
    Motion.Kind.ADMIT: (Company.Status.MEMBER, "Admitted by the board"),
    Motion.Kind.REVOKE: (Company.Status.REVOKED, "Membership revoked by the board"),
}


def effects_apply(*, motion: Motion, by: User | None, winner_id: int | None) -> dict:
    """What a decided motion does (membership, the charter, the roadmap, the officers), as the
    closing entry of its record states it. `by` closed it (`can_run_motions`), or None: its deadline did."""
    authorise(by, can_run_motions, "Only the chair or the Secretariat closes a motion.")
    reference = motion.reference
    if motion.kind in MEMBERSHIP_EFFECTS:
        to_status, why = MEMBERSHIP_EFFECTS[motion.kind]
        company_transition(
            company=motion.subject_company,
            to_status=to_status,
            by=by,
            reason=f"{why}: “{motion.title}”.",
            reference=reference,
            decided_by_motion=True,
        )
        return {"company_status": {"company": motion.subject_company.slug, "status": to_status.value}}
    if motion.kind == Motion.Kind.CHARTER_AMENDMENT:
        number = (CharterVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        version = CharterVersion.objects.create(
            number=number,
            effective_on=timezone.localdate(),
            text=motion.charter_text,
            change_summary=motion.charter_change_summary or motion.title,
            author_name=str(motion.proposer),
            author=motion.proposer,
            adopted_by=motion,
        )
        return {"charter_version": {"number": version.number, "text_sha256": text_digest(version.text)}}
    if motion.kind == Motion.Kind.ROADMAP_APPROVAL:
        quarter = motion.roadmap_quarter
        quarter.published_at = timezone.now()
        quarter.save(update_fields=["published_at"])
        return {"roadmap_published": str(quarter)}
    if motion.kind == Motion.Kind.ELECTION and winner_id is not None:
        candidate = Candidate.objects.select_related("user", "company").get(pk=winner_id)
        today = timezone.localdate()
        if candidate.office == OfficerTerm.Office.CHAIR:
            # A new chair ends the sitting chair's term; co-chairs may be several at once.
            for term in OfficerTerm.objects.current().filter(office=OfficerTerm.Office.CHAIR):
                term.ends_on = max(today - timedelta(days=1), term.starts_on + timedelta(days=1))
                term.save(update_fields=["ends_on"])
                officer_term_register(term=term)
        term = OfficerTerm.objects.create(
            office=candidate.office,
            user=candidate.user,
            company=candidate.company,
            starts_on=today,
            ends_on=today + timedelta(days=365),
            elected_by=motion,
        )
        officer_term_register(term=term)
        return {
            "officer_term": {
                "office": candidate.office,
                "user_id": candidate.user_id,
                "company_id": candidate.company_id,
                "starts_on": term.starts_on.isoformat(),
                "ends_on": term.ends_on.isoformat(),
            }
        }
    return {}


def notice_undo(*, motion: Motion, by: User | None) -> dict:
    """A revocation that does not pass returns the company from review to membership. `by` closed or
    withdrew the motion (`can_withdraw`: the chair, the Secretariat, its proposer), or None: its deadline."""
    authorise(
        by, lambda actor: can_withdraw(actor, motion), "Only the chair, the Secretariat or the proposer ends a motion."
    )
    if motion.kind == Motion.Kind.REVOKE and motion.notice_given_at is not None:
        company = Company.objects.get(pk=motion.subject_company_id)
        if company.status == Company.Status.UNDER_REVIEW:
            company_transition(
                company=company,
                to_status=Company.Status.MEMBER,
                by=by,
                reason=f"The revocation motion “{motion.title}” did not pass.",
                reference=motion.reference,
                decided_by_motion=True,
            )
            return {"company_status": {"company": company.slug, "status": Company.Status.MEMBER.value}}
    return {}

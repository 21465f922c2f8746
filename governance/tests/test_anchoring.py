"""A consistent rewrite of a whole chain passes every check made from the database alone; the heads
published outside it (the closing mail, the page, the JSON export, the Atom feed, a checkpoint file)
catch it with `verify_motion --against`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from governance.anchor import head_line
from governance.models import Motion, MotionLogEntry, Objection, RegisterEntry
from governance.record import canonical_at, entry_hash
from governance.register import register_hash
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import motion_close
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed(voting_motion, chair, company, other_company, third_company, other_board_member, third_board_member):
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")
    ballot_cast(motion=voting_motion, company=third_company, by=third_board_member, choice="no")
    return motion_close(motion=voting_motion, by=chair)


def rewrite_objection_consistently(motion: Motion, reason: str) -> None:
    """What an attacker with write access does: change the objection, recompute every hash after it, the
    motion's head and the register, so that nothing inside the database disagrees."""
    Objection.objects.filter(motion=motion).update(reason=reason)
    previous = None
    for entry in MotionLogEntry.objects.filter(motion=motion).order_by("seq"):
        if entry.event == "objection":
            entry.payload = {**entry.payload, "reason": reason}
        entry.prev_hash = previous or entry.prev_hash
        entry.hash = entry_hash(
            motion_id=motion.pk,
            seq=entry.seq,
            event=entry.event,
            payload=entry.payload,
            at=entry.at,
            prev_hash=entry.prev_hash,
        )
        entry.save()
        previous = entry.hash
    Motion.objects.filter(pk=motion.pk).update(log_head=previous)
    register_previous = None
    for entry in RegisterEntry.objects.order_by("seq"):
        if entry.kind == "motion" and entry.payload["motion"] == motion.pk:
            entry.payload = {**entry.payload, "head": previous}
        entry.prev_hash = register_previous or entry.prev_hash
        entry.hash = register_hash(
            seq=entry.seq, kind=entry.kind, payload=entry.payload, at=canonical_at(entry.at), prev_hash=entry.prev_hash
        )
        entry.save()
        register_previous = entry.hash


def test_a_consistent_rewrite_passes_verify_all_but_not_the_checkpoint(passed, tmp_path, capsys):
    checkpoint = tmp_path / "heads.json"
    call_command("checkpoint_record", str(checkpoint))
    call_command("verify_motion", "--against", str(checkpoint))
    assert "still holds every saved head" in capsys.readouterr().out
    rewrite_objection_consistently(passed, "We were never asked.")
    call_command("verify_motion", "--all")  # nothing inside the database disagrees
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_motion", "--against", str(checkpoint))
    assert exit_.value.code == 1
    errors = capsys.readouterr().err
    assert f"Motion #{passed.pk}'s record no longer contains the saved head" in errors
    assert "The register no longer contains the saved head" in errors


def test_the_closing_mail_to_the_board_carries_the_head_and_a_saved_copy_checks_it(passed, tmp_path, capsys):
    mail = OutboxMessage.objects.filter(announcement__event="motion_closed").first()
    assert head_line(passed) in mail.body_text and head_line(passed) in mail.body_html
    saved = tmp_path / "closing.eml"
    saved.write_text(mail.body_text)
    call_command("verify_motion", "--against", str(saved))
    rewrite_objection_consistently(passed, "Rewritten.")
    with pytest.raises(SystemExit):
        call_command("verify_motion", "--against", str(saved))
    assert f"Motion #{passed.pk}'s record no longer contains" in capsys.readouterr().err


def test_the_page_the_json_export_and_the_feed_publish_the_head(client, passed, tmp_path, capsys):
    page = client.get(reverse("governance:motion", args=[passed.pk])).content.decode()
    assert head_line(passed) in page
    assert client.get(reverse("governance:motion-record-json", args=[passed.pk])).json()["head"] == passed.log_head
    feed = client.get(reverse("governance:feed"))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert head_line(passed) in feed.content.decode()
    saved = tmp_path / "decisions.atom"
    saved.write_bytes(feed.content)
    export = tmp_path / "record.json"
    export.write_bytes(client.get(reverse("governance:motion-record-json", args=[passed.pk])).content)
    call_command("verify_motion", "--against", str(saved), "--against", str(export))
    assert "(2 compared)" in capsys.readouterr().out
    rewrite_objection_consistently(passed, "Rewritten.")
    with pytest.raises(SystemExit):
        call_command("verify_motion", "--against", str(saved), "--against", str(export))


def test_against_a_file_without_heads_is_refused(tmp_path):
    empty = tmp_path / "notes.txt"
    empty.write_text("nothing here")
    with pytest.raises(CommandError, match="holds no record head"):
        call_command("verify_motion", "--against", str(empty))


def test_the_records_download_carries_the_coalitions_short_name(passed, client, settings):
    settings.PORTAL_COALITION_SHORT_NAME = "OIF"
    response = client.get(reverse("governance:motion-record-json", args=[passed.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="oif-motion-{passed.pk}-record.json"'

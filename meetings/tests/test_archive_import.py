"""A folder of meeting-bot logs from the meeting archive imports as held meetings with draft minutes,
in one preview; logs already imported are skipped; only the Secretariat imports."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from meetings.models import Kind, Meeting
from meetings.services.archive import archive_import, archive_preview
from meetings.tests.test_botlog import LOG

SECOND = """\
15:00:01 <jamemcc> #startmeeting lcoo
15:01:00 <jamemcc> #topic Roadmap
15:02:00 <andyu> #agreed The roadmap goes to the board
15:03:00 <jamemcc> #action andyu send the roadmap
15:30:00 <jamemcc> #endmeeting
"""
FOLDER = [("lcoo.2016-09-22-14.00.log.txt", LOG), ("lcoo.2016-10-06-15.00.log.txt", SECOND)]


def test_a_folder_becomes_held_meetings_with_draft_minutes_announced_to_no_one(secretariat, mailoutbox):
    logs = archive_import(files=FOLDER, kind=Kind.GENERAL, by=secretariat)
    assert [log.state for log in logs] == ["created", "created"]
    first = Meeting.objects.get(starts_at=datetime(2016, 9, 22, 14, 0, tzinfo=UTC))
    assert first.kind == Kind.GENERAL and first.status == Meeting.Status.HELD
    assert first.title == "General meeting, 22 Sep 2016"
    assert first.is_agenda_published and first.agenda_is_late_record
    assert not first.minutes.is_published and "Finalize Member Joining Procedure" in first.minutes.source_log
    assert first.decisions.filter(text__startswith="Each new company introduces itself").exists()
    second = Meeting.objects.get(starts_at=datetime(2016, 10, 6, 15, 0, tzinfo=UTC))
    assert second.action_items.count() == 1
    assert mailoutbox == []


def test_importing_the_folder_again_skips_what_it_imported(secretariat):
    archive_import(files=FOLDER[:1], kind=Kind.GENERAL, by=secretariat)
    preview = archive_preview(files=FOLDER, by=secretariat)
    assert [log.state for log in preview] == ["imported", "new"]
    assert "Already imported as General meeting, 22 Sep 2016" in preview[0].reason
    archive_import(files=FOLDER, kind=Kind.GENERAL, by=secretariat)
    assert Meeting.objects.count() == 2


def test_a_log_that_says_not_when_refuses_the_folder_and_nothing_is_saved(secretariat):
    files = [*FOLDER, ("notes.txt", SECOND.replace("Roadmap", "Budget"))]  # no date in its name or lines
    preview = archive_preview(files=files, by=secretariat)
    assert preview[-1].state == "refused" and "when the meeting started" in preview[-1].reason
    with pytest.raises(ValidationError, match=r"notes\.txt"):
        archive_import(files=files, kind=Kind.GENERAL, by=secretariat)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["member_user", "coordinator", "board_member", "chair"])
def test_only_the_secretariat_imports_the_archive(who, persona, client_for):
    user = persona(who)
    with pytest.raises(PermissionDenied):
        archive_import(files=FOLDER, kind=Kind.GENERAL, by=user)
    upload = SimpleUploadedFile(FOLDER[1][0], FOLDER[1][1].encode(), content_type="text/plain")
    response = client_for(user).post(reverse("meetings:archive-import"), {"kind": "general", "logs": [upload]})
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_the_page_previews_then_imports_what_it_previewed(secretariat, client_for):
    client = client_for(secretariat)
    uploads = [SimpleUploadedFile(name, text.encode(), content_type="text/plain") for name, text in FOLDER]
    preview = client.post(reverse("meetings:archive-import"), {"kind": "general", "logs": uploads})
    assert preview.status_code == 200
    assert "Import 2 meetings (no mail is sent)" in preview.content.decode()
    assert not Meeting.objects.exists()
    saved = client.post(reverse("meetings:archive-import"), {"digest": preview.context["digest"]})
    assert saved.status_code == 302 and Meeting.objects.count() == 2


def test_the_command_imports_a_folder_and_says_what_it_did(secretariat, tmp_path):
    for name, text in FOLDER:
        (tmp_path / name).write_text(text)
    out = StringIO()
    call_command("import_meeting_archive", tmp_path, kind="general", actor=secretariat.email, dry_run=True, stdout=out)
    assert "would be imported" in out.getvalue() and not Meeting.objects.exists()
    call_command("import_meeting_archive", tmp_path, kind="general", actor=secretariat.email, stdout=out)
    assert Meeting.objects.count() == 2
    with pytest.raises(CommandError, match="No account"):
        call_command("import_meeting_archive", tmp_path, kind="general", actor="nobody@example.org")

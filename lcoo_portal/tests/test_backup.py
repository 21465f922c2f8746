"""Nothing lost: a backup restored gives back every table as it was, and the motions' hash chains
still verify."""

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone

from governance.models import Motion
from governance.record import motion_verify
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import motion_call_vote, motion_close, motion_open, objection_raise
from governance.tests.factories import MotionFactory, OfficerTermFactory
from lcoo_portal import backup
from lcoo_portal.backup import BackupRejected, backup_check, backup_create, backup_restore, table_fingerprints
from meetings.tests.factories import PublishedMeetingFactory
from members.models import Company

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def decided_motion(company, other_company, board_member, other_board_member) -> Motion:
    """A motion taken through objection, a vote and its close: a full hash chain."""
    OfficerTermFactory(user=board_member, company=company)
    motion = MotionFactory(proposer=board_member, text="The board resolves *this*.")
    motion_open(motion=motion, by=board_member, consensus_deadline=timezone.now() + timedelta(days=7))
    objection_raise(motion=motion, company=other_company, by=other_board_member, reason="Not yet.")
    motion_call_vote(motion=motion, by=board_member, voting_deadline=timezone.now() + timedelta(days=7))
    ballot_cast(motion=motion, company=company, by=board_member, choice="yes")
    ballot_cast(motion=motion, company=other_company, by=other_board_member, choice="yes")
    motion_close(motion=motion, by=board_member)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.PASSED and motion_verify(motion).ok
    return motion


def test_a_backup_restored_reproduces_every_table_and_the_hash_chains_verify(decided_motion, tmp_path, secretariat):
    PublishedMeetingFactory(title="Kept")
    before = table_fingerprints()
    assert before["governance_ballot"]["rows"] == 2
    path = backup_create(directory=tmp_path)
    assert path.exists() and path.name.startswith("lcoo-")

    # after the backup: a row deleted, one changed, one added
    Company.objects.filter(slug="ntt").update(name="Changed")
    PublishedMeetingFactory(title="Added after the backup")
    decided_motion.ballots.all()[0].delete()
    assert table_fingerprints() != before

    assert backup_restore(path=path) == []
    assert table_fingerprints() == before
    assert motion_verify(Motion.objects.get(pk=decided_motion.pk)).ok
    call_command("verify_motion", str(decided_motion.pk))


def test_the_commands_write_a_timestamped_backup_and_restore_it(decided_motion, tmp_path, capsys):
    call_command("backup_database", "--dir", str(tmp_path))
    written = capsys.readouterr().out
    # pg_dump's custom format on PostgreSQL, a copy of the file on SQLite
    suffix = ".dump" if connection.vendor == "postgresql" else ".sqlite3"
    path = next(tmp_path.glob(f"lcoo-*{suffix}"))
    assert str(path) in written
    assert path.with_name(path.name + ".manifest.json").exists()
    Motion.objects.update(title="Tampered")
    call_command("restore_database", str(path), "--noinput")
    assert "every table matches" in capsys.readouterr().out
    assert not Motion.objects.filter(title="Tampered").exists()


def test_restore_refuses_a_missing_file_and_changes_nothing(decided_motion, tmp_path):
    before = table_fingerprints()
    with pytest.raises(CommandError):
        call_command("restore_database", str(tmp_path / "nothing.dump"), "--noinput")
    assert table_fingerprints() == before


def test_restore_asks_before_replacing_the_database(decided_motion, tmp_path, monkeypatch):
    path = backup_create(directory=tmp_path)
    Motion.objects.update(title="Kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore_database", str(path))
    assert Motion.objects.get().title == "Kept"


def test_a_restore_that_fails_leaves_the_database_as_it_was(decided_motion, tmp_path):
    path = backup_create(directory=tmp_path)
    if connection.vendor == "postgresql":
        broken, error = tmp_path / "lcoo-broken.dump", subprocess.CalledProcessError
        broken.write_bytes(b"PGDMP" + b"\x00" * 100)
    else:
        broken, error = tmp_path / "lcoo-broken.sqlite3", sqlite3.DatabaseError
        broken.write_bytes(b"not a database" + b"\x00" * 100)
    broken.with_name(broken.name + ".manifest.json").write_bytes(
        path.with_name(path.name + ".manifest.json").read_bytes()
    )
    before = table_fingerprints()
    with pytest.raises(error):
        backup_restore(path=broken)
    assert table_fingerprints() == before


def _manifest_of(path):
    return path.with_name(path.name + ".manifest.json")


def test_a_backup_that_differs_from_its_manifest_is_refused_before_anything_changes(decided_motion, tmp_path, capsys):
    first = backup_create(directory=tmp_path / "first")
    Company.objects.filter(slug="ntt").update(name="Altered in the dump")
    altered = backup_create(directory=tmp_path / "second")
    # the dump of other contents beside the first one's manifest: what an altered or mixed-up backup looks like
    _manifest_of(altered).write_bytes(_manifest_of(first).read_bytes())
    PublishedMeetingFactory(title="Written after both backups")
    before = table_fingerprints()
    with pytest.raises(BackupRejected, match="members_company"):
        backup_restore(path=altered)
    assert table_fingerprints() == before
    with pytest.raises(CommandError, match=r"Not restored: .* The database is unchanged"):
        call_command("restore_database", str(altered), "--noinput")
    assert table_fingerprints() == before


def test_a_backup_without_its_manifest_is_refused(decided_motion, tmp_path):
    path = backup_create(directory=tmp_path)
    _manifest_of(path).unlink()
    Motion.objects.update(title="Kept")
    with pytest.raises(CommandError, match="has no manifest"):
        call_command("restore_database", str(path), "--noinput")
    assert Motion.objects.get().title == "Kept"


def test_a_write_during_the_dump_does_not_make_the_manifest_disagree(decided_motion, tmp_path, monkeypatch):
    """The manifest comes from the dump's own snapshot: a row committed by someone else while pg_dump runs
    is in neither, and the backup restores clean."""
    real_run = backup._run

    def dump_then_write(tool, arguments, env):
        real_run(tool, arguments, env)
        if tool == "pg_dump":
            writer = threading.Thread(
                target=lambda: (Company.objects.create(name="During", slug="during"), connections.close_all())
            )
            writer.start()
            writer.join()

    monkeypatch.setattr(backup, "_run", dump_then_write)
    path = backup_create(directory=tmp_path)
    monkeypatch.setattr(backup, "_run", real_run)
    assert Company.objects.filter(slug="during").exists()
    assert backup_check(path=path) == []
    assert backup_restore(path=path) == []
    assert not Company.objects.filter(slug="during").exists()


SQLITE_ROUND_TRIP = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
class NoMigrations(dict):  # the tables straight from the models: much faster than every migration
    def __contains__(self, app): return True
    def __getitem__(self, app): return None
settings.MIGRATION_MODULES = NoMigrations()
call_command("migrate", run_syncdb=True, verbosity=0)
from lcoo_portal import backup
from lcoo_portal.backup import BackupRejected, backup_check, backup_create, backup_restore, table_fingerprints
from members.models import Company
Company.objects.create(name="AT&T", slug="att")
before = table_fingerprints()
path = backup_create(directory=DIRECTORY)
Company.objects.all().delete()
Company.objects.create(name="Added", slug="added")
assert table_fingerprints() != before
assert backup_restore(path=path) == []
assert table_fingerprints() == before, "not the same after restore"
print("round trip", path.suffix, len(before), "tables")
# a copy of other contents beside this manifest is refused before anything changes
from lcoo_portal.backup import BackupRejected
Company.objects.create(name="Other", slug="other")
other = backup_create(directory=DIRECTORY + "-other")
other.with_name(other.name + ".manifest.json").write_bytes(path.with_name(path.name + ".manifest.json").read_bytes())
Company.objects.create(name="Later", slug="later")
current = table_fingerprints()
try:
    backup_restore(path=other)
except BackupRejected as error:
    print("refused:", error)
assert table_fingerprints() == current, "a refused restore changed the database"
"""


def test_on_sqlite_the_backup_is_a_copy_of_the_file_and_restores_every_table(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "lcoo_portal.settings",
    }
    script = SQLITE_ROUND_TRIP.replace("DIRECTORY", repr(str(tmp_path / "backups")))
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "round trip .sqlite3" in result.stdout
    assert "refused:" in result.stdout and "members_company" in result.stdout

"""Backups of the whole database: pg_dump's custom format on PostgreSQL, a consistent copy of the file
on SQLite; each with a manifest of every table's row count and checksum, checked again after a restore."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from kernel.public_record import public_record_bump

MANIFEST_SUFFIX = ".manifest.json"


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def table_fingerprints() -> dict[str, dict]:
    """Every table's row count and a checksum of its rows (in primary-key order, values as text)."""
    fingerprints = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            if _is_postgresql():
                # the database hashes its own text form of each row: no row leaves the server
                cursor.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY t::text)), '') "  # noqa: S608
                    f"FROM {quoted} AS t"
                )
                count, checksum = cursor.fetchone()
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (a table name from introspection)
                rows = sorted(repr(row) for row in cursor.fetchall())
                count, checksum = len(rows), hashlib.md5("\n".join(rows).encode(), usedforsecurity=False).hexdigest()
            fingerprints[table] = {"rows": count, "checksum": checksum}
    return fingerprints


def _pg_environment() -> tuple[dict, list[str]]:
    """The libpq environment and the connection arguments of pg_dump / pg_restore for this database."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(tool: str, arguments: list[str], env: dict) -> None:
    """Run a PostgreSQL client tool; its error output reaches the operator, a failure raises."""
    subprocess.run([shutil.which(tool) or tool, *arguments], env=env, check=True)  # noqa: S603 (fixed arguments)


def backup_create(*, directory: Path | None = None) -> Path:
    """Write a backup under `directory` (var/backups/ by default), named by the time; returns its path.

    Beside it, `<name>.manifest.json` holds every table's row count and checksum at that moment."""
    directory = Path(directory or settings.BASE_DIR / "var" / "backups")
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    if _is_postgresql():
        path = directory / f"lcoo-{stamp}.dump"
        env, args = _pg_environment()
        # one snapshot: pg_dump reads in a single repeatable-read transaction
        _run("pg_dump", ["--format=custom", "--no-owner", "--file", str(path), *args], env)
    else:
        path = directory / f"lcoo-{stamp}.sqlite3"
        source = sqlite3.connect(connection.settings_dict["NAME"])
        target = sqlite3.connect(path)
        try:
            source.backup(target)  # consistent even while the portal writes (WAL)
        finally:
            target.close()
            source.close()
    manifest = {"created_at": timezone.now().isoformat(), "vendor": connection.vendor, "tables": table_fingerprints()}
    Path(f"{path}{MANIFEST_SUFFIX}").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return path


def backup_restore(*, path: Path) -> list[str]:
    """Replace the database's contents by the backup at `path`. Returns the tables whose row count or
    checksum differ from the backup's manifest (none when the restore is faithful).

    On PostgreSQL pg_restore drops and recreates every object of the dump in one transaction: a
    failed restore leaves the database as it was."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No backup at {path}.")
    connections.close_all()
    if _is_postgresql():
        env, args = _pg_environment()
        _run(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(path),
            ],
            env,
        )
    else:
        database = Path(connection.settings_dict["NAME"])
        source = sqlite3.connect(path)
        target = sqlite3.connect(database)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    public_record_bump()  # every row may have changed, and no signal saw it
    manifest_path = Path(f"{path}{MANIFEST_SUFFIX}")
    if not manifest_path.is_file():
        return []
    expected = json.loads(manifest_path.read_text())["tables"]
    actual = table_fingerprints()
    return sorted(table for table in expected if actual.get(table) != expected[table])

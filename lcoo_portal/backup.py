"""Backups of the whole database: pg_dump's custom format on PostgreSQL, a consistent copy of the file
on SQLite; each with a manifest of every table's row count and checksum, taken from the same snapshot
as the backup, and checked before a restore changes anything and again after it."""

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

from kernel.public_record import public_record_bump

MANIFEST_SUFFIX = ".manifest.json"


class BackupRejected(ValueError):
    """The backup cannot be restored as it is (no manifest, or contents that differ from it): nothing changed."""


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _sqlite_file(wrapper: BaseDatabaseWrapper) -> Path | None:
    name = str(wrapper.settings_dict["NAME"])
    return None if "memory" in name or name in ("", ":memory:") else Path(name)


def table_fingerprints(wrapper: BaseDatabaseWrapper | None = None) -> dict[str, dict]:
    """Every table's row count and a checksum of its rows (in primary-key order, values as text)."""
    wrapper = wrapper or connection
    if wrapper.vendor == "sqlite" and _sqlite_file(wrapper) is not None:
        return sqlite_fingerprints(_sqlite_file(wrapper))
    fingerprints = {}
    with wrapper.cursor() as cursor:
        for table in sorted(wrapper.introspection.table_names(cursor)):
            quoted = wrapper.ops.quote_name(table)
            if wrapper.vendor == "postgresql":
                # the database hashes its own text form of each row: no row leaves the server
                cursor.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY t::text)), '') "  # noqa: S608
                    f"FROM {quoted} AS t"
                )
                count, checksum = cursor.fetchone()
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (a table name from introspection)
                count, checksum = _digest(cursor.fetchall())
            fingerprints[table] = {"rows": count, "checksum": checksum}
    return fingerprints


def _digest(rows: list) -> tuple[int, str]:
    lines = sorted(repr(tuple(row)) for row in rows)
    return len(lines), hashlib.md5("\n".join(lines).encode(), usedforsecurity=False).hexdigest()


def sqlite_fingerprints(path: Path) -> dict[str, dict]:
    """The fingerprints of a SQLite file, read as stored (the same reading for the live file and a copy)."""
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        fingerprints = {}
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            count, checksum = _digest(database.execute(f"SELECT * FROM {quoted}").fetchall())  # noqa: S608
            fingerprints[table] = {"rows": count, "checksum": checksum}
        return fingerprints
    finally:
        database.close()


def _pg_environment(name: str | None = None) -> tuple[dict, list[str]]:
    """The libpq environment and the connection arguments of pg_dump / pg_restore for this database
    (or another database `name` on the same server)."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", name or db["NAME"]]
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


def _write_manifest(path: Path, tables: dict) -> None:
    manifest = {"created_at": timezone.now().isoformat(), "vendor": connection.vendor, "tables": tables}
    Path(f"{path}{MANIFEST_SUFFIX}").write_text(json.dumps(manifest, indent=1, sort_keys=True))


def backup_create(*, directory: Path | None = None) -> Path:
    """Write a backup under `directory` (var/backups/ by default), named by the time; returns its path.

    Beside it, `<name>.manifest.json` holds every table's row count and checksum as the backup has them:
    on PostgreSQL both come from one exported snapshot (a REPEATABLE READ transaction computes the
    manifest while pg_dump reads with `--snapshot`), on SQLite the manifest is read from the copy itself,
    so writes during a backup can never make it disagree with its manifest."""
    directory = Path(directory or settings.VAR_DIR / "backups")
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    if _is_postgresql():
        path = directory / f"lcoo-{stamp}.dump"
        _write_manifest(path, _pg_dump_with_manifest(path))
    else:
        path = directory / f"lcoo-{stamp}.sqlite3"
        source = sqlite3.connect(connection.settings_dict["NAME"])
        target = sqlite3.connect(path)
        try:
            source.backup(target)  # consistent even while the portal writes (WAL)
        finally:
            target.close()
            source.close()
        _write_manifest(path, sqlite_fingerprints(path))
    return path


def _pg_dump_with_manifest(path: Path) -> dict[str, dict]:
    """pg_dump and the fingerprints from one snapshot, exported by a transaction of our own."""
    wrapper = _connection_to(connection.settings_dict["NAME"])
    try:
        wrapper.set_autocommit(False)
        with wrapper.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        env, args = _pg_environment()
        _run("pg_dump", ["--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", str(path), *args], env)
        tables = table_fingerprints(wrapper)
        wrapper.rollback()
        return tables
    finally:
        wrapper.close()


def _connection_to(name: str) -> BaseDatabaseWrapper:
    """A connection of its own to database `name` on this server (this connection's settings otherwise)."""
    settings_dict = {**connection.settings_dict, "NAME": name, "CONN_MAX_AGE": 0}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias=f"backup-{name}")


def _manifest(path: Path) -> dict[str, dict]:
    manifest_path = Path(f"{path}{MANIFEST_SUFFIX}")
    if not manifest_path.is_file():
        raise BackupRejected(
            f"{path} has no manifest ({manifest_path.name}): it cannot be checked, so it is not restored."
        )
    try:
        return json.loads(manifest_path.read_text())["tables"]
    except (ValueError, KeyError) as error:
        raise BackupRejected(f"The manifest of {path} cannot be read: {error}") from error


def _differing(expected: dict, actual: dict) -> list[str]:
    return sorted(table for table in set(expected) | set(actual) if actual.get(table) != expected.get(table))


@contextmanager
def _scratch_database() -> Iterator[str]:
    """A new, empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_check_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


def backup_check(*, path: Path) -> list[str]:
    """Restore the backup somewhere of its own (a scratch database; the copy itself on SQLite) and
    compare it with its manifest; returns the tables that differ. Changes nothing."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No backup at {path}.")
    expected = _manifest(path)
    if not _is_postgresql():
        return _differing(expected, sqlite_fingerprints(path))
    with _scratch_database() as name:
        env, args = _pg_environment(name)
        _run("pg_restore", ["--no-owner", "--single-transaction", "--exit-on-error", *args, str(path)], env)
        scratch = _connection_to(name)
        try:
            return _differing(expected, table_fingerprints(scratch))
        finally:
            scratch.close()


def backup_restore(*, path: Path) -> list[str]:
    """Replace the database's contents by the backup at `path`, once the backup matches its manifest.

    The backup is first restored into a scratch database (or read, on SQLite) and compared with its
    manifest; if anything differs, `BackupRejected` is raised and the database is untouched. Then
    pg_restore replaces every object in one transaction (a failure leaves the database as it was) or
    SQLite's backup API copies the file in. Returns the tables that differ after the restore (none)."""
    path = Path(path)
    differing = backup_check(path=path)
    if differing:
        raise BackupRejected(
            f"{path} does not match its manifest ({', '.join(differing)}): it was changed or is damaged. "
            "Nothing was restored."
        )
    connections.close_all()
    if _is_postgresql():
        env, args = _pg_environment()
        _run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", *args, str(path)],
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
    return _differing(_manifest(path), table_fingerprints())

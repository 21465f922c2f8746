"""The register: one hash-chained record, beside the motions' own, of what the chains alone cannot vouch for.

- every decided motion's head (`motion`): `verify_motion --all` enumerates decided motions from here, so a
  motion whose record was erased, or which was set back to draft, is itself detected;
- every charter version typed in from the change history (`charter_version`: its number and text hash),
  which no motion adopted and so no motion's record covers;
- every officer term (`officer_term`: person, seat and dates), whether an election created it or it was
  typed in: terms decide who holds the chair's powers.

entry hash = sha256 of the canonical JSON of {seq, kind, payload, at, prev_hash}, as for a motion's record.
The latest entry for a subject is what the database must say now. The register's head, with every
motion's head, is what `checkpoint_record` writes to a file kept outside the database.
"""

import hashlib
import json
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from governance.models import CharterVersion, Motion, OfficerTerm, RegisterEntry
from governance.record import GENESIS, canonical_at, text_digest

DECIDED = (Motion.Status.ADOPTED, Motion.Status.PASSED, Motion.Status.FAILED, Motion.Status.WITHDRAWN)


def register_hash(*, seq: int, kind: str, payload: dict, at: str, prev_hash: str) -> str:
    document = {"seq": seq, "kind": kind, "payload": payload, "at": at, "prev_hash": prev_hash}
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def register_append(*, kind: str, payload: dict) -> RegisterEntry:
    """Append an entry; appends are serialised (one register, one order)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # two closes at once would both read the same last entry: one waits for the other's commit
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('lcoo.register'))")
    last = RegisterEntry.objects.order_by("-seq").only("seq", "hash").first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS)
    payload = json.loads(json.dumps(payload, sort_keys=True))
    at = timezone.now()
    digest = register_hash(seq=seq, kind=kind, payload=payload, at=canonical_at(at), prev_hash=prev_hash)
    return RegisterEntry.objects.create(seq=seq, kind=kind, payload=payload, at=at, prev_hash=prev_hash, hash=digest)


@transaction.atomic
def register_extend(*, kind: str, payloads: list[dict]) -> None:
    """Append many entries of one kind at once (bulk loads)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('lcoo.register'))")
    last = RegisterEntry.objects.order_by("-seq").only("seq", "hash").first()
    seq, previous = (last.seq, last.hash) if last else (0, GENESIS)
    at, entries = timezone.now(), []
    for payload in payloads:
        seq += 1
        payload = json.loads(json.dumps(payload, sort_keys=True))
        digest = register_hash(seq=seq, kind=kind, payload=payload, at=canonical_at(at), prev_hash=previous)
        entries.append(RegisterEntry(seq=seq, kind=kind, payload=payload, at=at, prev_hash=previous, hash=digest))
        previous = digest
    RegisterEntry.objects.bulk_create(entries, batch_size=1000)


def motion_register_payload(motion: Motion) -> dict:
    return {"motion": motion.pk, "head": motion.log_head, "status": motion.status}


def charter_register_payload(version: CharterVersion) -> dict:
    return {"number": version.number, "text_sha256": text_digest(version.text)}


def _day(day: date | str) -> str:
    return day.isoformat() if isinstance(day, date) else str(day)


def term_register_payload(term: OfficerTerm) -> dict:
    return {
        "id": term.pk,
        "office": term.office,
        "user_id": term.user_id,
        "company_id": term.company_id,
        "starts_on": _day(term.starts_on),
        "ends_on": _day(term.ends_on),
        "elected_by": term.elected_by_id,
    }


def motion_register(*, motion: Motion) -> RegisterEntry:
    """Register a decided motion's head (its record is final)."""
    return register_append(kind="motion", payload=motion_register_payload(motion))


def charter_version_register(*, version: CharterVersion, removed: bool = False) -> RegisterEntry:
    """Register a charter version's text as it stands (typed in, or corrected, from the change history)."""
    payload = {"number": version.number, "removed": True} if removed else charter_register_payload(version)
    return register_append(kind="charter_version", payload=payload)


def officer_term_register(*, term: OfficerTerm, removed: bool = False) -> RegisterEntry:
    """Register an officer term as it stands (created, ended by a later election, or removed)."""
    payload = {"id": term.pk, "removed": True} if removed else term_register_payload(term)
    return register_append(kind="officer_term", payload=payload)


def register_head() -> str:
    last = RegisterEntry.objects.order_by("-seq").only("hash").first()
    return last.hash if last else ""


def registered_motion_ids() -> list[int]:
    return sorted({e.payload["motion"] for e in RegisterEntry.objects.filter(kind="motion").only("payload")})


def register_verify() -> list[str]:
    """Recompute the register, and compare its latest word on each subject with the database."""
    problems: list[str] = []
    latest: dict[tuple[str, object], dict] = {}
    previous = GENESIS
    for expected, entry in enumerate(RegisterEntry.objects.order_by("seq"), start=1):
        if entry.seq != expected:
            problems.append(f"Register entry {expected} is missing (found #{entry.seq} in its place).")
        if entry.prev_hash != previous:
            problems.append(f"Register entry #{entry.seq} does not carry the hash of the entry before it.")
        digest = register_hash(
            seq=entry.seq, kind=entry.kind, payload=entry.payload, at=canonical_at(entry.at), prev_hash=entry.prev_hash
        )
        if digest != entry.hash:
            problems.append(f"Register entry #{entry.seq} was changed after it was written (its hash differs).")
        previous = entry.hash
        key = {"motion": "motion", "charter_version": "number", "officer_term": "id"}.get(entry.kind)
        if key:
            latest[(entry.kind, entry.payload.get(key))] = entry.payload
    _check_motions(latest, problems)
    _check_charter(latest, problems)
    _check_terms(latest, problems)
    return problems


def _check_motions(latest: dict, problems: list[str]) -> None:
    motions = Motion.objects.in_bulk([subject for kind, subject in latest if kind == "motion"])
    for (kind, pk), payload in latest.items():
        if kind != "motion":
            continue
        motion = motions.get(pk)
        if motion is None:
            problems.append(f"Motion #{pk}, decided ({payload['status']}), is in the register but no longer exists.")
            continue
        if motion.status != payload["status"]:
            problems.append(f"Motion #{pk} was decided {payload['status']} (the register); now {motion.status}.")
        if motion.log_head != payload["head"]:
            problems.append(
                f"Motion #{pk}'s record ends at {motion.log_head or 'nothing'}; the register says {payload['head']}."
            )
    unregistered = Motion.objects.filter(status__in=DECIDED).exclude(log_head="")
    for pk in unregistered.exclude(pk__in=[pk for kind, pk in latest if kind == "motion"]).values_list("pk", flat=True):
        problems.append(f"Motion #{pk} is decided but not in the register.")


def _check_charter(latest: dict, problems: list[str]) -> None:
    versions = {v.number: v for v in CharterVersion.objects.all()}
    for (kind, number), payload in latest.items():
        if kind != "charter_version":
            continue
        version = versions.get(number)
        if payload.get("removed"):
            if version is not None and version.adopted_by_id is None:
                problems.append(f"Charter version {number} was removed (the register) but exists again.")
            continue
        if version is None:
            problems.append(f"Charter version {number} is in the register but no longer exists.")
        elif text_digest(version.text) != payload["text_sha256"]:
            problems.append(f"Charter version {number}'s text differs from the register's hash of it.")
    for number, version in versions.items():
        if version.adopted_by_id is None and ("charter_version", number) not in latest:
            problems.append(f"Charter version {number} was adopted by no motion and is not in the register.")


def _check_terms(latest: dict, problems: list[str]) -> None:
    terms = {t.pk: t for t in OfficerTerm.objects.all()}
    for (kind, pk), payload in latest.items():
        if kind != "officer_term":
            continue
        term = terms.get(pk)
        if payload.get("removed"):
            if term is not None:
                problems.append(f"Officer term #{pk} was removed (the register) but exists again.")
            continue
        if term is None:
            problems.append(f"Officer term #{pk} ({payload['office']}) is in the register but no longer exists.")
            continue
        now = term_register_payload(term)
        changed = sorted(k for k in payload if payload[k] != now.get(k))
        if changed:
            problems.append(f"Officer term #{pk} ({term}) differs from the register: {', '.join(changed)} changed.")
    for pk, term in terms.items():
        if ("officer_term", pk) not in latest:
            problems.append(f"Officer term #{pk} ({term}) is not in the register: no election or entry vouches for it.")

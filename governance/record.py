"""The verifiable record of a motion: an append-only chain of entries, each hashing the one before.

entry hash = sha256 of the canonical JSON of {motion, seq, event, payload, at, prev_hash}
(sorted keys, no spaces, UTF-8; `at` in UTC, ISO 8601 with microseconds). Anyone holding the
published entries can recompute every hash; the motion keeps the last one (`log_head`), so deleting
entries at the end is detected too.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone

from governance.models import Ballot, Motion, MotionLogEntry

GENESIS = "0" * 64


def canonical_at(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(*, motion_id: int, seq: int, event: str, payload: dict, at: datetime, prev_hash: str) -> str:
    document = {
        "motion": motion_id,
        "seq": seq,
        "event": event,
        "payload": payload,
        "at": canonical_at(at),
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def receipt_new() -> str:
    """A receipt code for the voter: 20 random base-32 characters in groups of four."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(receipt.strip().upper().encode("ascii", "ignore")).hexdigest()


def log_append(motion: Motion, event: str, payload: dict) -> MotionLogEntry:
    """Append an entry to the motion's record. The caller holds the motion's row lock."""
    last = MotionLogEntry.objects.filter(motion=motion).order_by("-seq").only("seq", "hash").first()
    seq = last.seq + 1 if last else 1
    prev_hash = last.hash if last else GENESIS
    # Round-trip through JSON so the stored payload is exactly what was hashed.
    payload = json.loads(json.dumps(payload, sort_keys=True))
    at = timezone.now()
    digest = entry_hash(motion_id=motion.pk, seq=seq, event=event, payload=payload, at=at, prev_hash=prev_hash)
    entry = MotionLogEntry.objects.create(
        motion=motion, seq=seq, event=event, payload=payload, at=at, prev_hash=prev_hash, hash=digest
    )
    motion.log_head = digest
    motion.save(update_fields=["log_head"])
    return entry


def counted_ballots(entries: list[MotionLogEntry]) -> dict[str, dict]:
    """The ballot entries that count: the last cast per seat (a later cast supersedes the earlier)."""
    counted: dict[str, dict] = {}
    for entry in entries:
        if entry.event != "ballot":
            continue
        superseded = entry.payload.get("supersedes")
        if superseded:
            counted.pop(superseded, None)
        counted[entry.payload["receipt_hash"]] = entry.payload
    return counted


def tally_from_ballots(payloads: list[dict]) -> dict:
    tally: dict = {"yes": 0, "no": 0, "abstain": 0, "candidates": {}}
    for payload in payloads:
        if payload.get("candidate"):
            name = payload["candidate"]
            tally["candidates"][name] = tally["candidates"].get(name, 0) + 1
        else:
            tally[payload["choice"]] += 1
    return tally


@dataclass
class Verification:
    """What recomputing a motion's record found."""

    entries: int = 0
    head: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def motion_verify(motion: Motion) -> Verification:
    """Recompute the chain, compare it with the motion's head, its ballots and its published tally."""
    entries = list(MotionLogEntry.objects.filter(motion=motion).order_by("seq"))
    result = Verification(entries=len(entries))
    previous = GENESIS
    for expected_seq, entry in enumerate(entries, start=1):
        if entry.seq != expected_seq:
            result.problems.append(f"Entry {expected_seq} is missing (found #{entry.seq} in its place).")
        if entry.prev_hash != previous:
            result.problems.append(f"Entry #{entry.seq} does not carry the hash of the entry before it.")
        recomputed = entry_hash(
            motion_id=motion.pk,
            seq=entry.seq,
            event=entry.event,
            payload=entry.payload,
            at=entry.at,
            prev_hash=entry.prev_hash,
        )
        if recomputed != entry.hash:
            result.problems.append(f"Entry #{entry.seq} was changed after it was written (its hash differs).")
        previous = entry.hash
    result.head = previous if entries else ""
    if (motion.log_head or "") != result.head:
        result.problems.append("The record's last hash differs from the motion's: entries were removed or added.")

    counted = counted_ballots(entries)
    ballots = list(Ballot.objects.filter(motion=motion).select_related("company", "candidate__user"))
    if len(ballots) != len(counted):
        result.problems.append(f"{len(ballots)} ballots are stored but the record counts {len(counted)}.")
    for ballot in ballots:
        payload = counted.get(ballot.receipt_hash)
        if payload is None:
            result.problems.append(
                f"A stored ballot ({ballot.company if not motion.secret_ballot else 'secret'}) is not in the record."
            )
            continue
        if not motion.secret_ballot and payload.get("company") != ballot.company.slug:
            result.problems.append(f"The stored ballot of {ballot.company} differs from the record.")
        if payload.get("choice", "") != ballot.choice or payload.get("candidate_id") != ballot.candidate_id:
            result.problems.append(
                f"The stored ballot of {'a seat' if motion.secret_ballot else ballot.company} differs from the record."
            )
    if motion.status in (Motion.Status.PASSED, Motion.Status.FAILED) and motion.tally:
        recount = tally_from_ballots(list(counted.values()))
        published = {k: motion.tally.get(k) for k in recount}
        if published != recount:
            result.problems.append("The published tally differs from a recount of the record.")
    return result

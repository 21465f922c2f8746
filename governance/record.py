"""The verifiable record of a motion: an append-only chain of entries, each hashing the one before.

entry hash = sha256 of the canonical JSON of {motion, seq, event, payload, at, prev_hash}
(sorted keys, no spaces, UTF-8; `at` in UTC, ISO 8601 with microseconds). Anyone holding the
published entries can recompute every hash; the motion keeps the last one (`log_head`), so deleting
entries at the end is detected too.

The chain covers the whole decision (record format 2): the motion's text, its candidates (by id and
user) and its electorate with the seat count when it opens and when the vote is called, with the
rules that will apply; each ballot (counted by candidate id, never by name); and the close: the
tally, the rules applied, the result and its effects. Verification works on one JSON document
(`motion_export`): the entries plus what the database says. The same function checks a motion in
the database and a document exported earlier (`verify_motion --file`).
"""

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from governance.models import (
    Ballot,
    CharterVersion,
    ConsensusStance,
    Motion,
    MotionLogEntry,
    MotionTransition,
    Objection,
    OfficerTerm,
)
from governance.rules import Counts, outcome
from members.models import MembershipTransition

GENESIS = "0" * 64
# format 3 adds to format 2: the dates, the early-close reason, the status history and the casters at the
# close, who cast each open ballot, the officer term's dates; format-2 records are checked as they were
FORMAT = 3
FORMATS = (2, 3)


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


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def receipt_new() -> str:
    """A receipt code for the voter: 20 random base-32 characters in groups of four."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def receipt_normalise(receipt: str) -> str:
    """A receipt as issued, however it was typed: case, spaces and dashes do not matter."""
    raw = re.sub(r"[^0-9A-Za-z]", "", receipt).upper()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(receipt_normalise(receipt).encode("ascii", "ignore")).hexdigest()


def motion_document(motion: Motion) -> dict:
    """What the motion says, as the chain records it when it opens and when the vote is called."""
    return {
        "title": motion.title,
        "text": motion.text,
        "kind": motion.kind,
        "subject_company": motion.subject_company.slug if motion.subject_company_id else None,
        "charter_text": motion.charter_text,
        "charter_change_summary": motion.charter_change_summary,
        "roadmap_quarter": str(motion.roadmap_quarter) if motion.roadmap_quarter_id else None,
        "secret_ballot": motion.secret_ballot,
    }


def candidates_document(motion: Motion) -> list[dict]:
    """The candidates by id, with the user and seat each stands for (the name only for reading)."""
    return [
        {"id": c.pk, "office": c.office, "user_id": c.user_id, "company": c.company.slug, "name": str(c.user)}
        for c in motion.candidates.select_related("user", "company").order_by("pk")
    ]


def _moment(at: datetime | None) -> str | None:
    return canonical_at(at) if at else None


def transitions_document(motion: Motion) -> list[dict]:
    """The motion's status history, as the closing entry records it."""
    return [
        {"from": t.from_status, "to": t.to_status, "at": canonical_at(t.at), "by": t.by_id, "note": t.note}
        for t in MotionTransition.objects.filter(motion=motion).order_by("at", "pk")
    ]


def casters_document(motion: Motion) -> list[int]:
    """Who cast the ballots, without saying which (a secret ballot stays secret)."""
    return sorted(Ballot.objects.filter(motion=motion).values_list("cast_by_id", flat=True))


def closing_document(motion: Motion) -> dict:
    """What a closing (or withdrawing) entry records of the motion beyond its result (format 3)."""
    return {
        "format": FORMAT,
        "closed_at": _moment(motion.closed_at),
        "consensus_deadline": _moment(motion.consensus_deadline),
        "voting_deadline": _moment(motion.voting_deadline),
        "transitions": transitions_document(motion),
        "casters": casters_document(motion),
    }


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


def counted_ballots(entries: list) -> dict[str, dict]:
    """The ballot entries that count: the last cast per seat (a later cast supersedes the earlier)."""
    counted: dict[str, dict] = {}
    for entry in entries:
        if _event(entry) != "ballot":
            continue
        payload = _payload(entry)
        superseded = payload.get("supersedes")
        if superseded:
            counted.pop(superseded, None)
        counted[payload["receipt_hash"]] = payload
    return counted


def tally_from_ballots(payloads: list[dict]) -> dict:
    """Count the ballots; election votes by candidate id (as a string, the JSON key)."""
    tally: dict = {"yes": 0, "no": 0, "abstain": 0, "candidates": {}}
    for payload in payloads:
        if payload.get("candidate_id"):
            key = str(payload["candidate_id"])
            tally["candidates"][key] = tally["candidates"].get(key, 0) + 1
        else:
            tally[payload["choice"]] += 1
    return tally


def _event(entry: dict | MotionLogEntry) -> str:
    return entry["event"] if isinstance(entry, dict) else entry.event


def _payload(entry: dict | MotionLogEntry) -> dict:
    return entry["payload"] if isinstance(entry, dict) else entry.payload


def _last(entries: list, *events: str) -> dict | None:
    """The payload of the last entry of one of these events."""
    for entry in reversed(entries):
        if _event(entry) in events:
            return _payload(entry)
    return None


def recount(entries: list) -> dict | None:
    """The result of a vote, recomputed from the entries alone (None when no vote was called).

    Uses the electorate, the rules and the candidates the chain recorded when the vote was called,
    and the ballots that count; the same function decides the motion when it closes.
    """
    called = _last(entries, "vote_called")
    opened = _last(entries, "opened")
    if called is None or opened is None or "seats" not in called:
        return None
    counted = list(counted_ballots(entries).values())
    tally = tally_from_ballots(counted)
    names = {str(c["id"]): c["name"] for c in called.get("candidates", [])}
    decided = outcome(
        opened["motion"]["kind"],
        Counts(
            seats=called["seats"],
            yes=tally["yes"],
            no=tally["no"],
            abstain=tally["abstain"],
            candidates=tally["candidates"],
        ),
        rules=called["rules"],
        names=names,
    )
    return {
        "status": Motion.Status.PASSED.value if decided.passed else Motion.Status.FAILED.value,
        "result": decided.text,
        "tally": {**tally, "seats": called["seats"], "cast": len(counted)},
        "rules": called["rules"],
        "winner": int(decided.winner) if decided.winner else None,
    }


# --- The document: entries and what the database says ------------------------------------------------


def motion_export(motion: Motion) -> dict:
    """One JSON document holding a motion's record (entries, hashes) and its result as the database has it."""
    entries = list(MotionLogEntry.objects.filter(motion=motion).order_by("seq"))
    ballots = list(Ballot.objects.filter(motion=motion).select_related("company").order_by("receipt_hash"))
    charter = CharterVersion.objects.filter(adopted_by=motion).order_by("number").first()
    officers = OfficerTerm.objects.filter(elected_by=motion).order_by("pk")
    objections = Objection.objects.filter(motion=motion).select_related("company").order_by("company__slug")
    stances = ConsensusStance.objects.filter(motion=motion).select_related("company").order_by("company__slug")
    return {
        "format": FORMAT,
        "motion": motion.pk,
        "exported_at": canonical_at(timezone.now()),
        "entries": [
            {
                "seq": e.seq,
                "at": canonical_at(e.at),
                "event": e.event,
                "payload": e.payload,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in entries
        ],
        "head": motion.log_head,
        "result": {"status": motion.status, "result_text": motion.result_text, "tally": motion.tally},
        "database": {
            "document": motion_document(motion),
            "electorate": sorted(motion.electorate.values_list("slug", flat=True)),
            "candidates": [{k: v for k, v in c.items() if k != "name"} for c in candidates_document(motion)],
            "ballots": [
                {
                    "receipt_hash": b.receipt_hash,
                    "choice": b.choice,
                    "candidate_id": b.candidate_id,
                    **(
                        {}
                        if motion.secret_ballot
                        else {"company": b.company.slug, "company_name": b.company.name, "cast_by": b.cast_by_id}
                    ),
                }
                for b in ballots
            ],
            "close": {**closing_document(motion), "close_reason": motion.close_reason},
            "objections": {
                o.company.slug: {"reason": o.reason, "withdrawn": o.withdrawn_at is not None} for o in objections
            },
            "stances": {s.company.slug: s.stance for s in stances},
            "stance_comments": {s.company.slug: s.comment for s in stances},
            "notice": {
                "given": motion.notice_given_at is not None,
                "cure_period_ends_at": _moment(motion.cure_period_ends_at),
            },
            # the membership steps this motion took (its notice, its effect, a failed revocation's undoing)
            "membership_steps": sorted(
                [t.company.slug, t.to_status]
                for t in MembershipTransition.objects.filter(reference=motion.reference).select_related("company")
            ),
            "roadmap_published": motion.roadmap_quarter.published_at is not None if motion.roadmap_quarter_id else None,
            "charter_version": {"number": charter.number, "text_sha256": text_digest(charter.text)}
            if charter
            else None,
            "officer_terms": [
                {
                    "office": t.office,
                    "user_id": t.user_id,
                    "company_id": t.company_id,
                    "starts_on": t.starts_on.isoformat(),
                    "ends_on": t.ends_on.isoformat(),
                }
                for t in officers
            ],
        },
    }


@dataclass
class Verification:
    """What recomputing a motion's record found."""

    entries: int = 0
    head: str = ""
    problems: list[str] = field(default_factory=list)
    recomputed: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


CLOSED_BY_ENTRY = ("adopted", "passed", "failed")


def document_verify(document: dict) -> Verification:
    """Recompute the chain of an exported record and compare it with the database state it carries."""
    entries = document["entries"]
    result = Verification(entries=len(entries))
    problems = result.problems
    previous = GENESIS
    for expected_seq, entry in enumerate(entries, start=1):
        if entry["seq"] != expected_seq:
            problems.append(f"Entry {expected_seq} is missing (found #{entry['seq']} in its place).")
        if entry["prev_hash"] != previous:
            problems.append(f"Entry #{entry['seq']} does not carry the hash of the entry before it.")
        at = parse_datetime(entry["at"])
        recomputed = entry_hash(
            motion_id=document["motion"],
            seq=entry["seq"],
            event=entry["event"],
            payload=entry["payload"],
            at=at,
            prev_hash=entry["prev_hash"],
        )
        if recomputed != entry["hash"]:
            problems.append(f"Entry #{entry['seq']} was changed after it was written (its hash differs).")
        previous = entry["hash"]
    result.head = previous if entries else ""
    if (document.get("head") or "") != result.head:
        problems.append("The record's last hash differs from the motion's: entries were removed or added.")

    state, database = document["result"], document["database"]
    opened = _last(entries, "opened")
    if opened is not None and opened.get("format") not in FORMATS:
        problems.append("This record was written before the chain covered the whole decision: it is incomplete.")
        return result
    _check_motion(entries, database, problems)
    _check_consensus(entries, database, problems)
    _check_notice(entries, database, problems)
    _check_ballots(entries, database, problems)
    _check_close(entries, state, database, problems, result)
    _check_dates(entries, database, problems)
    return result


def _check_consensus(entries: list, database: dict, problems: list[str]) -> None:
    """The objections and stances, replayed from the record, against the stored ones."""
    if "objections" not in database:
        return
    objections: dict[str, dict] = {}
    stances: dict[str, str] = {}
    comments: dict[str, str] = {}
    for entry in entries:
        event, payload = _event(entry), _payload(entry)
        if event == "objection":
            objections[payload["company"]] = {"reason": payload["reason"], "withdrawn": False}
            stances.pop(payload["company"], None)
            comments.pop(payload["company"], None)
        elif event == "objection_withdrawn" and payload["company"] in objections:
            objections[payload["company"]]["withdrawn"] = True
        elif event == "stance":
            stances[payload["company"]] = payload["stance"]
            # a stance without a comment enters the record without the key
            comments[payload["company"]] = payload.get("comment", "")
    for company in sorted(set(objections) | set(database["objections"])):
        recorded, stored = objections.get(company), database["objections"].get(company)
        if stored is None:
            problems.append(f"The objection of {company} is in the record but no longer stored (deleted).")
        elif recorded is None:
            problems.append(f"A stored objection of {company} is not in the record.")
        elif recorded != stored:
            problems.append(f"The stored objection of {company} differs from the record (reason or withdrawal).")
    for company in sorted(set(stances) | set(database["stances"])):
        recorded, stored = stances.get(company), database["stances"].get(company)
        if stored is None:
            problems.append(f"The stance of {company} ({recorded}) is in the record but no longer stored (deleted).")
        elif recorded != stored:
            problems.append(f"The stored stance of {company} ({stored}) differs from the record ({recorded}).")
    for company, stored in sorted(database.get("stance_comments", {}).items()):
        if company in comments and comments[company] != stored:
            problems.append(f"The stored comment on the stance of {company} differs from the record's.")


def _check_notice(entries: list, database: dict, problems: list[str]) -> None:
    """A revocation's notice: that it was given, the end of the cure period, the company's step to review."""
    if "notice" not in database:
        return
    notice, stored = _last(entries, "notice"), database["notice"]
    if notice is None:
        if stored["given"] or stored["cure_period_ends_at"]:
            problems.append("The motion says notice was given, but its record has no notice.")
        return
    if not stored["given"]:
        problems.append("The record says notice was given; the motion says it was not (notice_given_at cleared).")
    if notice["company"] != database["document"]["subject_company"]:
        problems.append(
            f"The motion names {database['document']['subject_company']}; the record says notice was given to "
            f"{notice['company']} (subject_company changed)."
        )
    stored_end = parse_datetime(stored["cure_period_ends_at"]) if stored["cure_period_ends_at"] else None
    if stored_end != parse_datetime(notice["cure_period_ends_at"]):
        problems.append(
            f"The end of the cure period differs from the record's ({stored['cure_period_ends_at']}, "
            f"recorded {notice['cure_period_ends_at']}: cure_period_ends_at changed)."
        )
    steps = database.get("membership_steps")
    if steps is not None and [notice["company"], "under_review"] not in steps:
        problems.append(f"The notice's step of {notice['company']} to review is missing from its membership history.")


def _check_dates(entries: list, database: dict, problems: list[str]) -> None:
    """Deadlines, the close's time and reason and the status history against the last entry that recorded them."""
    close = database.get("close")
    if close is None:
        return
    closed, closing = _last(entries, "closed"), _last(entries, "closed", "withdrawn")
    if (closed or {}).get("early", "") != close["close_reason"] and (closed is not None or close["close_reason"]):
        problems.append("The reason voting closed early differs from the record's (close_reason changed).")
    recorded = dict(closing) if closing is not None and "closed_at" in closing else {}
    if not recorded:
        opened, called = _last(entries, "opened"), _last(entries, "vote_called")
        if opened and opened.get("consensus_deadline"):
            recorded["consensus_deadline"] = canonical_at(parse_datetime(opened["consensus_deadline"]))
        if called and called.get("voting_deadline"):
            recorded["voting_deadline"] = canonical_at(parse_datetime(called["voting_deadline"]))
    for key in ("consensus_deadline", "voting_deadline", "closed_at"):
        if key in recorded and recorded[key] != close[key]:
            problems.append(f"The motion's {key} differs from the record's ({close[key]}, recorded {recorded[key]}).")
    if "transitions" in recorded and recorded["transitions"] != close["transitions"]:
        problems.append("The motion's status history (its transitions) differs from the record's.")
    if "casters" in recorded and recorded["casters"] != close["casters"]:
        problems.append("The people recorded as having cast the ballots differ from the record's.")


def _check_motion(entries: list, database: dict, problems: list[str]) -> None:
    """The motion's text, electorate and candidates against the last time the chain recorded them."""
    recorded = _last(entries, "vote_called", "opened")
    if recorded is None:
        return
    missing = [key for key in ("motion", "electorate", "seats") if key not in recorded]
    if missing:
        problems.append(f"The record's opening entry lacks {', '.join(missing)}: it cannot be checked.")
        return
    if recorded["motion"] != database["document"]:
        changed = sorted(k for k in recorded["motion"] if recorded["motion"][k] != database["document"].get(k))
        problems.append(f"The motion differs from what the record says it was ({', '.join(changed)} changed).")
    if sorted(recorded["electorate"]) != database["electorate"]:
        problems.append("The motion's electorate differs from the seats the record says it had.")
    if recorded["seats"] != len(recorded["electorate"]):
        problems.append("The record's seat count differs from its electorate.")
    stripped = [{k: v for k, v in c.items() if k != "name"} for c in recorded.get("candidates", [])]
    if stripped != database["candidates"]:
        problems.append("The candidates differ from the record (a candidate's person or seat changed).")


def _check_ballots(entries: list, database: dict, problems: list[str]) -> None:
    counted = counted_ballots(entries)
    ballots = database["ballots"]
    if len(ballots) != len(counted):
        problems.append(f"{len(ballots)} ballots are stored but the record counts {len(counted)}.")
    for ballot in ballots:
        who = ballot.get("company_name", "a seat")
        payload = counted.get(ballot["receipt_hash"])
        if payload is None:
            problems.append(f"A stored ballot ({who}) is not in the record.")
            continue
        if "cast_by" in payload and payload["cast_by"] != ballot.get("cast_by"):
            problems.append(f"The person recorded as having cast the ballot of {who} differs from the record.")
        same = (
            payload.get("company") == ballot.get("company")
            and payload.get("choice", "") == ballot["choice"]
            and payload.get("candidate_id") == ballot["candidate_id"]
        )
        if not same:
            problems.append(f"The stored ballot of {who} differs from the record.")


def _check_close(entries: list, state: dict, database: dict, problems: list[str], result: Verification) -> None:
    """The status, tally and result against the closing entry, and the closing entry against a recount."""
    closed = _last(entries, "closed")
    withdrawn = _last(entries, "withdrawn")
    status = state["status"]
    if closed is None and withdrawn is None:
        if status in CLOSED_BY_ENTRY:
            problems.append(f"The motion is {status} but the record has no closing entry.")
        return
    if withdrawn is not None and closed is None:
        if status != "withdrawn":
            problems.append(f"The record says the motion was withdrawn; the motion says {status}.")
        elif state["result_text"] != f"Withdrawn: {withdrawn['reason']}":
            problems.append("The reason the motion was withdrawn differs from the record's (result_text changed).")
        return
    if closed["status"] != status:
        problems.append(f"The record says {closed['status']}; the motion says {status}.")
    if closed["tally"] != state["tally"]:
        problems.append("The published tally differs from the record's.")
    if closed["result"] != state["result_text"]:
        problems.append("The published result differs from the record's.")
    recounted = recount(entries)
    result.recomputed = recounted
    if recounted is not None:
        for key in ("status", "tally", "result", "rules", "winner"):
            if closed.get(key) != recounted[key]:
                problems.append(f"The record's {key} at the close differs from a recount of its ballots.")
        if status in ("passed", "failed") and recounted["status"] != status:
            problems.append(f"A recount of the ballots says {recounted['status']}; the motion says {status}.")
    _check_effects(closed, database, problems)


def _check_effects(closed: dict, database: dict, problems: list[str]) -> None:
    effects = closed.get("effects", {})
    step = effects.get("company_status")
    if (
        step
        and "membership_steps" in database
        and [step["company"], step["status"]] not in database["membership_steps"]
    ):
        problems.append(
            f"The step of {step['company']} to {step['status']} that the record says this motion decided is "
            "missing from its membership history."
        )
    if "roadmap_published" in effects and database.get("roadmap_published") is False:
        problems.append(f"The roadmap {effects['roadmap_published']} this motion published is no longer published.")
    if "charter_version" in effects and effects["charter_version"] != database["charter_version"]:
        problems.append("The adopted charter version differs from the one the record says this motion adopted.")
    if "officer_term" in effects:
        # the end of a term moves when a later election ends it: the register keeps its current dates
        recorded = {k: v for k, v in effects["officer_term"].items() if k != "ends_on"}
        stored = [{k: v for k, v in t.items() if k in recorded} for t in database["officer_terms"]]
        if [recorded] != stored:
            problems.append("The officer term differs from the one the record says this motion elected.")


def motion_verify(motion: Motion) -> Verification:
    """Recompute the chain, compare it with the motion, its ballots, its result and its effects."""
    return document_verify(motion_export(motion))


@dataclass
class ReceiptLookup:
    """What a receipt finds in a motion's record."""

    seq: int
    payload: dict
    superseded_by: int | None = None
    company: object = None  # the seat that replaced it, when ballots are not secret (set by the page)
    candidate: object = None


def receipt_find(entries: list[MotionLogEntry], receipt: str) -> ReceiptLookup | None:
    digest = receipt_hash(receipt)
    found = next((e for e in entries if e.event == "ballot" and e.payload.get("receipt_hash") == digest), None)
    if found is None:
        return None
    later = next(
        (e for e in entries if e.event == "ballot" and e.seq > found.seq and e.payload.get("supersedes") == digest),
        None,
    )
    return ReceiptLookup(seq=found.seq, payload=found.payload, superseded_by=later.seq if later else None)

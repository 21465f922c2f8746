"""Anchoring the record outside the database: the heads a board member keeps (a checkpoint file, a saved
closing mail, the saved Atom feed or a motion's JSON export), compared with what the database says now.

A consistent rewrite of a whole chain, with every hash recomputed, passes every check made from the
database alone; it cannot produce a chain that still contains a head published before the rewrite.
"""

import json
import quopri
import re
from dataclasses import dataclass, field

from django.utils import timezone

from governance.models import Motion, MotionLogEntry, RegisterEntry
from governance.record import canonical_at
from governance.register import register_head

# how every published head is written (mail, page, feed), so that any saved copy can be read back
HEAD_LINE = "Record head of motion #{motion}: {head}"
HEAD_PATTERN = re.compile(r"Record head of motion #(\d+): ([0-9a-f]{64})")
REGISTER_LINE = "Register head: {head}"
REGISTER_PATTERN = re.compile(r"Register head: ([0-9a-f]{64})")


def head_line(motion: Motion) -> str:
    return HEAD_LINE.format(motion=motion.pk, head=motion.log_head)


def checkpoint_document() -> dict:
    """Every motion's head and the register's head, now."""
    heads = Motion.objects.exclude(log_head="").order_by("pk").values_list("pk", "log_head")
    return {
        "checkpoint": canonical_at(timezone.now()),
        "register_head": register_head(),
        "motions": {str(pk): head for pk, head in heads},
    }


@dataclass
class Anchors:
    """The heads found in a saved copy."""

    motions: dict[int, str] = field(default_factory=dict)
    register: str = ""


def anchors_read(text: str) -> Anchors:
    """The heads in a checkpoint file, a motion's JSON export, a saved mail or a saved feed."""
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if isinstance(document, dict) and "motions" in document:
        return Anchors({int(k): v for k, v in document["motions"].items()}, document.get("register_head", ""))
    if isinstance(document, dict) and "entries" in document and document.get("head"):
        return Anchors({int(document["motion"]): document["head"]})
    # a saved mail may be quoted-printable (soft line breaks); the pattern is plain ASCII, found anywhere
    if "=\n" in text or "=\r\n" in text:
        text += "\n" + quopri.decodestring(text.encode("utf-8", "replace")).decode("utf-8", "replace")
    found = Anchors({int(pk): head for pk, head in HEAD_PATTERN.findall(text)})
    registers = REGISTER_PATTERN.findall(text)
    found.register = registers[-1] if registers else ""
    return found


def anchors_compare(anchors: Anchors) -> list[str]:
    """What differs between the saved heads and the database: each saved head must still be in its chain
    (a head saved while a motion was open is an entry of its chain now), the register's likewise."""
    problems = []
    for pk, head in sorted(anchors.motions.items()):
        if not Motion.objects.filter(pk=pk).exists():
            problems.append(f"Motion #{pk} (saved head {head}) no longer exists.")
        elif not MotionLogEntry.objects.filter(motion_id=pk, hash=head).exists():
            problems.append(f"Motion #{pk}'s record no longer contains the saved head {head}: it was rewritten.")
    if anchors.register and not RegisterEntry.objects.filter(hash=anchors.register).exists():
        problems.append(f"The register no longer contains the saved head {anchors.register}: it was rewritten.")
    return problems

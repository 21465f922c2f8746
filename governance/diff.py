"""A readable diff of two charter texts: paragraph by paragraph, and word by word inside a changed one."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
CONTEXT = 2
# Below this share of words kept (of the shorter side) a passage reads as rewritten: shown removed, then added.
REWORD_RATIO = 0.5


@dataclass(frozen=True)
class Row:
    """One line of the diff: `same`, `add`, `del`, `change` (words marked inside) or `skip` (unchanged lines)."""

    kind: str
    html: SafeString


def _words(old: str, new: str) -> SafeString:
    """`old` turned into `new`, removed words in <del>, inserted words in <ins>."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    parts: list[SafeString] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            parts.append(escape(removed))
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    return _join(parts)


def _join(parts: list[SafeString]) -> SafeString:
    return format_html("{}" * len(parts), *parts) if parts else SafeString("")


def _kept_share(old: str, new: str) -> float:
    """The share of the shorter text's words (and punctuation) that the other keeps in order."""
    a = [t for t in TOKENS.findall(old) if not t.isspace()]
    b = [t for t in TOKENS.findall(new) if not t.isspace()]
    if not a or not b:
        return 0.0
    kept = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return kept / min(len(a), len(b))


def charter_diff_rows(old: str, new: str) -> list[Row]:
    """The rows of the diff, unchanged runs longer than the context folded into one `skip` row."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[Row] = []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            lines = a[i1:i2]
            head = lines[:CONTEXT] if index > 0 else []
            tail = lines[-CONTEXT:] if index < len(opcodes) - 1 else []
            if len(head) + len(tail) >= len(lines):
                rows += [Row("same", escape(line)) for line in lines]
            else:
                rows += [Row("same", escape(line)) for line in head]
                skipped = len(lines) - len(head) - len(tail)
                rows.append(Row("skip", escape(f"… {skipped} unchanged line{'s' if skipped != 1 else ''} …")))
                rows += [Row("same", escape(line)) for line in tail]
        elif op == "delete":
            rows += [Row("del", format_html("<del>{}</del>", line)) for line in a[i1:i2]]
        elif op == "insert":
            rows += [Row("add", format_html("<ins>{}</ins>", line)) for line in b[j1:j2]]
        else:
            old_text, new_text = "\n".join(a[i1:i2]), "\n".join(b[j1:j2])
            if _kept_share(old_text, new_text) >= REWORD_RATIO:
                rows.append(Row("change", _words(old_text, new_text)))
            else:  # rewritten rather than edited: word marks would be noise
                rows += [Row("del", format_html("<del>{}</del>", line)) for line in a[i1:i2]]
                rows += [Row("add", format_html("<ins>{}</ins>", line)) for line in b[j1:j2]]
    return rows

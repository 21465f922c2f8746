"""A search result's snippet built in Python, whatever the database: the words around the first match,
each word of the query marked (between kernel.markdown's markers, which the `search_snippet` filter turns
into <mark> after escaping the text). PostgreSQL's own headlines (meetings.search) use the same markers.

The text is what people wrote in Markdown: it is rendered and its tags dropped first, so a snippet shows
words, never markup of theirs.
"""

import html
import re

from django.utils.html import strip_tags

from kernel.markdown import MARK_START, MARK_STOP, render_markdown

# characters shown before the first match, and in all
BEFORE = 60
LENGTH = 220


def query_words(query: str) -> list[str]:
    """The words a snippet marks: the whole query's words, longest first (so "vote" marks all of "votes")."""
    words = {w for w in re.findall(r"\w+", query.lower()) if len(w) > 1}
    return sorted(words, key=len, reverse=True)


def plain_text(markdown: str) -> str:
    """What a reader sees of a Markdown text, as one line of words."""
    text = html.unescape(strip_tags(render_markdown(markdown or "")))
    return " ".join(text.replace(MARK_START, "").replace(MARK_STOP, "").split())


def snippet(markdown: str, query: str) -> str:
    """The words around the first match of the query in the text, each match between the markers; ""
    when nothing matches."""
    words = query_words(query)
    if not words:
        return ""
    text = plain_text(markdown)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - BEFORE)
    if start:  # begin at a word
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    end = min(len(text), start + LENGTH)
    if end < len(text):  # end at a word
        space = text.rfind(" ", first.end(), end)
        end = space if space != -1 else end
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group()}{MARK_STOP}", text[start:end])
    return f"{'… ' if start else ''}{marked}{' …' if end < len(text) else ''}"


def first_snippet(query: str, *texts: str) -> str:
    """The snippet of the first of the texts that matches the query."""
    for text in texts:
        found = snippet(text, query)
        if found:
            return found
    return ""

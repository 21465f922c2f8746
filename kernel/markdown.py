"""Markdown for everything people write (agendas, minutes, motions, the charter), sanitised with nh3.

The parser is markdown-it-py (CommonMark, plus GitHub's tables and strikethrough): its time grows
linearly with the input and it caps nesting, so no text, however hostile, makes a page slow or fail.
No script, no event-handler attribute, no `javascript:` link survives: nh3 keeps only the tags,
attributes and URL schemes listed here.
"""

import functools

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# A search snippet's markers around each matched word: the search (meetings.search) puts them in, the
# `search_snippet` filter (kernel/templatetags/portal_markdown.py) escapes the text and turns them into <mark>.
MARK_START, MARK_STOP = "\u0002", "\u0003"

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Raw HTML is parsed (people paste <sub>, <abbr>) and then cut down to the lists above by nh3.
_parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _demote_headings(state) -> None:
    """What people write sits below the page's own <h1>: their "# Charter" is an <h2>, so a page has
    one <h1> and an outline that reads (h6 stays h6)."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


_parser.core.ruler.push("demote_headings", _demote_headings)
# Every link becomes a tag and nh3 alone judges its scheme: a refused `javascript:` link loses its
# address rather than staying on the page as text.
_parser.validateLink = lambda url: True


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to show anyone."""
    return mark_safe(_render(text or ""))  # noqa: S308 (sanitised by nh3 in _render)


@functools.lru_cache(maxsize=512)
def _render(text: str) -> str:
    # the same text always gives the same HTML: the charter, a motion or minutes shown again and again
    # are parsed and sanitised once per process, not on every request (a few ms each)
    html = _parser.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return str(clean)

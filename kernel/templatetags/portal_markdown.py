from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from kernel.markdown import MARK_START, MARK_STOP, render_markdown
from kernel.validation import http_links

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """{{ text|markdown }}: Markdown rendered and sanitised."""
    return render_markdown(text)


@register.filter
def summary(html: str, length: int = 200) -> str:
    """A page's description from its HTML or text: tags gone, white space folded, cut at a word."""
    words = " ".join(strip_tags(str(html or "")).split())
    return Truncator(words).chars(length)


@register.filter(name="http_links")
def http_links_filter(text: str) -> list[str]:
    """{% for link in team.links|http_links %}: only the http(s) lines of a links field are linked."""
    return http_links(text)


@register.filter
def search_snippet(text: str) -> str:
    """A search snippet: its text escaped, the matched words (between the search's markers) in <mark>."""
    escaped = str(escape(text or ""))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308 (escaped above)

from django import template
from django.utils.safestring import SafeString

from lcoo_portal.markdown import render_markdown
from lcoo_portal.validation import http_links

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """{{ text|markdown }}: Markdown rendered and sanitised."""
    return render_markdown(text)


@register.filter(name="http_links")
def http_links_filter(text: str) -> list[str]:
    """{% for link in team.links|http_links %}: only the http(s) lines of a links field are linked."""
    return http_links(text)

import pytest

from kernel.markdown import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example.org"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<body onload=alert(1)>",
    '<p onclick="alert(1)">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "![x](javascript:alert(1))",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_handler_or_javascript_link_survives(payload):
    html = render_markdown(payload).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onload" not in html and "onclick" not in html
    assert "<iframe" not in html and "<form" not in html and "style=" not in html
    assert "data:text/html" not in html


def test_markdown_keeps_ordinary_formatting_and_links():
    html = render_markdown("1. **Finalize** the [charter](https://example.org/charter)\n2. `code`")
    assert "<ol>" in html and "<strong>Finalize</strong>" in html and "<code>code</code>" in html
    assert 'href="https://example.org/charter"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


@pytest.mark.parametrize("text", ["- " * 500 + "x", "1. " * 500 + "x", "> " * 5000 + "x", "[" * 20000, "*a" * 20000])
def test_hostile_nesting_and_brackets_render_without_error(text):
    html = render_markdown(text)
    assert html.startswith("<")


def test_markdown_follows_commonmark_with_tables_and_strikethrough():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\n1) first")
    assert "<table>" in html and "<td><s>2</s></td>" in html
    assert "<ol>" in html and "<li>first</li>" in html

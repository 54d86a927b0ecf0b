"""User and feed text shown through Markdown reads back as exactly that text; only the
app's own http(s) links are links."""

import html

import pytest
from markdown_it import MarkdownIt

from core.markup import md_escape, md_link

RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "![x](http://evil/p.png) [a](javascript:alert(1))",
    "<img src=x onerror=alert(1)> <b>bold</b> &amp; &lt;",
    "# heading *em* **strong** `code` ~~del~~ > quote",
    "1. list | table | cell",
    ":red[coloured] :material/home: $x^2$ \\escaped\\",
    "[ref]: http://evil/ref",
    "Sở Nội vụ — Kế hoạch 105/KH-UBND (2021)",
]


def _inline_text(rendered: str) -> str:
    """The text of the single paragraph `rendered`, HTML entities decoded."""
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    return html.unescape(rendered[3:-5])


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_itself(text):
    rendered = RENDER.render(md_escape(text))
    assert "<a " not in rendered and "<img" not in rendered
    assert _inline_text(rendered) == text


def test_line_breaks_stay_line_breaks():
    rendered = RENDER.render(md_escape("dòng một\n# dòng hai"))
    assert rendered == "<p>dòng một<br />\n# dòng hai</p>\n"


@pytest.mark.parametrize("empty", [None, ""])
def test_nothing_escapes_to_nothing(empty):
    assert md_escape(empty) == ""


def test_a_link_keeps_its_whole_address_and_makes_no_second_link():
    url = "http://ok.example/a)[b](http://evil"
    rendered = RENDER.render(md_link("Bài [báo]", url))
    assert rendered.count("<a ") == 1
    assert 'href="http://ok.example/a%29%5Bb%5D%28http://evil"' in rendered
    assert ">Bài [báo]</a>" in rendered


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", " JAVASCRIPT:x", None, ""])
def test_links_other_than_http_are_text(url):
    rendered = RENDER.render(md_link("nhãn", url))
    assert "<a " not in rendered


def test_a_link_without_label_shows_its_address():
    rendered = RENDER.render(md_link(None, "https://example.vn/x_y"))
    assert rendered == '<p><a href="https://example.vn/x_y">https://example.vn/x_y</a></p>\n'

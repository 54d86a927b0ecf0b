"""Text from people and feeds, made safe to show through Markdown (plain: no Streamlit import).

Streamlit's `st.markdown` interprets Markdown, Streamlit's own directives (`:red[..]`,
`:material/..:`), LaTeX between dollars and bare web addresses. A title, a note or a
finding is text, not markup: every ASCII punctuation character is backslash-escaped
(CommonMark allows the escape for each of them), so nothing in it becomes an image, a
link, a heading or a formula. Only links the app builds (`md_link`) are links."""

from __future__ import annotations

import re
import string
from urllib.parse import quote, urlsplit

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
# Characters a URL may keep as they are inside a Markdown link destination; everything
# else (spaces, brackets, parentheses, angle brackets, quotes) is percent-encoded.
_URL_SAFE = ":/?&=#%.,-_~+@!;*'"
_LINK_SCHEMES = ("http", "https")


def md_escape(text: object) -> str:
    """`text` as Markdown that renders as exactly that text, on one line per line of
    the original (line breaks become Markdown hard breaks)."""
    if text is None:
        return ""
    escaped = _PUNCTUATION.sub(r"\\\1", str(text))
    return _LINE_BREAKS.sub("  \n", escaped)


def md_link(label: object, url: str | None) -> str:
    """A Markdown link to an http(s) `url` with `label` as escaped text; the escaped
    label alone when the URL is missing or of another scheme (javascript:, data:, ...)."""
    text = md_escape(label if label not in (None, "") else url or "")
    if not url or urlsplit(url.strip()).scheme.lower() not in _LINK_SCHEMES:
        return text
    return f"[{text}]({quote(url.strip(), safe=_URL_SAFE)})"

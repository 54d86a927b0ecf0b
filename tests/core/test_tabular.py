"""CSV and XLSX exports against spreadsheet (formula) injection, with the separators a
spreadsheet may split a text on (";" under Vietnamese regional settings, "," and tab)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.tabular import (
    FORMULA_PREFIXES,
    LEADING_SPACE,
    WIDE_FORMULA_PREFIXES,
    Column,
    read_xlsx,
    safe_text,
    to_csv,
    to_xlsx,
    unescape_text,
)

HOSTILE = [
    'ok;=HYPERLINK("http://x","bấm")',
    "ok,+1+1",
    "ok\t-2+3",
    "ok;@SUM(A1)",
    "a;;=1",
    "ok; =1",
    "=1+1",
    "'=1+1",
    "a;'=1",
    "a\t\t=1",
    "a;\t'=1",
    "dòng một\n=2",
    "bình thường; không công thức",
    "-",
    # Issue 23: after leading white space of every kind, and in full width.
    "  =1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\ufeff=1+1",
    "\u3000+1",
    "ok; =1+1",
    "ok;\u00a0\u200b@SUM(A1)",
    "\uff1d1+1",
    "ok;\uff0b1",
    "\uff0d2+3",
    "\uff20SUM(A1)",
    " \ufeff'=1",
]
COLUMNS = [Column("n", "Số", "int"), Column("title", "Tiêu đề"), Column("amount", "Số tiền", "money")]


def _rows():
    return [{"n": i, "title": text, "amount": -5 * i} for i, text in enumerate(HOSTILE)]


def _cells_as_split(text: str, separator: str) -> list[str]:
    """What a spreadsheet that splits the text on `separator` would put in its cells."""
    return [cell.strip('"') for line in text.splitlines() for cell in line.split(separator)]


def _starts_a_formula(cell: str) -> bool:
    """A cell a spreadsheet would evaluate: starts with a formula character (ASCII or full
    width), after any white space it skips, and is not a number."""
    try:
        float(cell)
        return False
    except ValueError:
        return cell.lstrip(LEADING_SPACE).startswith(FORMULA_PREFIXES + WIDE_FORMULA_PREFIXES)


@pytest.mark.parametrize("separator", [",", ";"])
def test_csv_quotes_text_and_no_cell_starts_a_formula(separator):
    text = to_csv(COLUMNS, _rows()).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text), delimiter=separator))
    cells = [cell for row in parsed for cell in row]
    for cell in cells + _cells_as_split(text, separator):
        assert not _starts_a_formula(cell), cell
    for cell in [c for row in parsed for c in row]:  # the tab separator too, inside any cell
        for part in cell.split("\t")[1:]:
            assert not _starts_a_formula(part), cell


def test_csv_quotes_every_text_field_and_round_trips():
    text = to_csv(COLUMNS, _rows()).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["Số", "Tiêu đề", "Số tiền"]
    assert [unescape_text(r[1]) for r in lines[1:]] == HOSTILE
    assert [int(r[2]) for r in lines[1:]] == [-5 * i for i in range(len(HOSTILE))]
    raw_lines = text.split("\r\n")
    assert raw_lines[1].startswith('0,"') and raw_lines[1].endswith('",0')  # text quoted, numbers not
    assert '"ok;\'=HYPERLINK(""http://x"",""bấm"")"' in text


def test_xlsx_escapes_the_same_cases_and_round_trips():
    data = to_xlsx([("Danh sách", COLUMNS, _rows())])
    table = read_xlsx(data)
    titles = [row[1] for row in table[1:]]
    for title in titles:
        for separator in ";,\t\n":
            assert not any(_starts_a_formula(part) for part in title.split(separator)), title
    assert [unescape_text(t) for t in titles] == HOSTILE
    assert [row[2] for row in table[1:]] == [-5 * i for i in range(len(HOSTILE))]


@pytest.mark.parametrize("text", HOSTILE + ["", "''", "a'b", "'", "x;'", "=", "'''=x"])
def test_escape_is_lossless(text):
    assert unescape_text(safe_text(text)) == text


def test_plain_text_is_left_alone():
    for text in ("bình thường; không công thức", "a-b, c+d", "email@x.vn", "'trích dẫn'"):
        assert safe_text(text) == text


TRIGGERS = "".join(FORMULA_PREFIXES + WIDE_FORMULA_PREFIXES)


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(st.sampled_from(TRIGGERS + LEADING_SPACE[:6] + "\u200b\ufeff'a1;,\n"), max_size=20))
def test_no_cell_of_any_text_starts_a_formula_and_the_escape_is_lossless(text):
    escaped = safe_text(text)
    assert unescape_text(escaped) == text
    for separator in ";,\t\n\r":
        for part in escaped.split(separator):
            assert not _starts_a_formula(part) or part.startswith("'"), (text, part)

"""Properties of the Vietnamese normaliser and folding, for any text (Hypothesis)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import clean_line, fold, nfc, unify_tones, visible_line

# Vietnamese letters in both tone placements and both normal forms, plus anything Unicode has.
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
WRITTEN = st.text(alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " \t\n.,-'\u200b\u202e"), max_size=60)
TEXT = WRITTEN | st.text(max_size=60)
EXAMPLES = settings(max_examples=300, deadline=None, database=None)


@EXAMPLES
@given(text=TEXT)
def test_nfc_is_idempotent_and_gives_nfc(text):
    once = nfc(text)
    assert nfc(once) == once
    assert unicodedata.is_normalized("NFC", once)


@EXAMPLES
@given(text=TEXT)
def test_fold_is_idempotent_and_ignores_the_normal_form(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(nfc(text)) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.strip() and "  " not in folded


@EXAMPLES
@given(text=WRITTEN)
def test_fold_does_not_care_about_case_or_tone_placement(text):
    assert fold(text.upper()) == fold(text.lower())
    assert fold(unify_tones(text)) == fold(text)


@EXAMPLES
@given(text=TEXT)
def test_one_line_forms_are_idempotent(text):
    line = clean_line(text)
    assert clean_line(line) == line and "\n" not in line
    shown = visible_line(text)
    assert visible_line(shown) == shown
    assert not any(unicodedata.category(c) == "Cf" for c in shown)


# Any code point at all: unpaired surrogates, non-characters, C0 and C1 controls included.
ANY_CODE_POINT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
ANY_TEXT = ANY_CODE_POINT | st.text(
    st.sampled_from("aBđ \t\n\r\x00\x0b\x1f\x7f\x85\x9f\ufffe\uffff\ufdd0\ufdef\ud800\udfff\U0001fffe\U0010ffff"),
    max_size=30,
)


def _xml_writable(text: str) -> bool:
    from lxml import etree

    try:
        etree.SubElement(etree.Element("p"), "t").text = text
    except ValueError:
        return False
    return True


@EXAMPLES
@given(text=ANY_TEXT)
def test_the_one_cleaning_rule_leaves_only_text_xml_can_hold(text):
    for cleaned in (nfc(text), clean_line(text), visible_line(text)):
        assert _xml_writable(cleaned)
        assert cleaned.encode("utf-8").decode("utf-8") == cleaned  # no unpaired surrogate left
        assert not any(0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE for c in cleaned)
        assert not any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in cleaned)
        assert unicodedata.is_normalized("NFC", cleaned)


def test_the_issue_23_title_is_cleaned():
    assert visible_line("B \ufffe") == "B"
    assert nfc("a\ud800b\x85c\ufdd0\U0001ffff\t") == "abc\t"

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

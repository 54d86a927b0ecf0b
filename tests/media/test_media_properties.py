"""Properties of the rule matcher and of URL normalisation, for generated input (Hypothesis)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from media import rules
from media.rules import Matcher, RuleBook, parse_rules
from media.urls import normalise_url
from media.vntext import match_form

EXAMPLES = settings(max_examples=200, deadline=None, database=None)
LETTERS = "abcdđeghiklmnopqrstuvxyàáảãạâăêôơư"
WORD = st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=7)
TERM = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
COMPOUNDS = [match_form(c) for c in rules.COMPOUNDS]


@EXAMPLES
@given(term=TERM, glue=st.lists(st.tuples(WORD, WORD), min_size=1, max_size=3), data=st.data())
def test_a_term_inside_longer_words_never_matches(term, glue, data):
    words = term.split()
    # at least one word of the term grows letters on one side or both, so it is another word
    grown = data.draw(st.sets(st.integers(0, len(words) - 1), min_size=1))
    text_words = []
    for i, word in enumerate(words):
        if i in grown:
            before, after = glue[i % len(glue)]
            word = data.draw(st.sampled_from([before + word, word + after, before + word + after]))
        text_words.append(word)
    assume(term not in " ".join(w for w in text_words))  # the grown words must not spell the term again
    assert term not in Matcher({term}, COMPOUNDS).find(" ".join(text_words))


@EXAMPLES
@given(term=TERM, before=st.lists(WORD, max_size=5), after=st.lists(WORD, max_size=5))
def test_a_term_among_other_words_is_found(term, before, after):
    assert term in Matcher({term}, []).find(" ".join([*before, term, *after]))


# Words no default rule, unit name or compound contains: unrelated text.
_VOCABULARY = {
    w for text in [*rules.DEFAULT_GENERAL, *rules.DEFAULT_LOCALITY, *rules.COMPOUNDS] for w in match_form(text).split()
}
UNRELATED = st.lists(st.text(alphabet="bcfjwz", min_size=2, max_size=6), max_size=8).map(
    lambda ws: " ".join(w for w in ws if w not in _VOCABULARY)
)
BOOK = RuleBook(
    general=parse_rules(rules.DEFAULT_GENERAL),
    locality=parse_rules(rules.DEFAULT_LOCALITY),
    themes=((1, "ND1", parse_rules(["một cửa", "+thủ tục", "-bóng đá"])),),
    units=(("STP", ("sở tư pháp",), (), "", ""),),
)
PHRASES = st.sampled_from(
    [*rules.DEFAULT_GENERAL, *rules.DEFAULT_LOCALITY, *rules.COMPOUNDS, "một cửa", "thủ tục", "Sở Tư pháp", "bóng đá"]
)


@EXAMPLES
@given(phrases=st.lists(PHRASES, max_size=5), extra=UNRELATED, at_start=st.booleans())
def test_adding_unrelated_text_never_removes_a_match(phrases, extra, at_start):
    title = " . ".join(phrases)
    before = BOOK.evaluate(title, "")
    longer = f"{extra} . {title}" if at_start else f"{title} . {extra}"
    after = BOOK.evaluate(longer, "")
    assert before.matched == after.matched and before.theme_ids == after.theme_ids and before.units == after.units
    assert after.relevance == before.relevance


HOST = st.from_regex(r"(www\.)?[a-zA-Z0-9]{1,10}(\.[a-zA-Z]{2,4}){1,2}", fullmatch=True)
ESCAPE = st.sampled_from(["%25", "%2541", "%3F", "%3f", "%23", "%2F", "%20", "%E1%BB%A9", "%", "%%34%31", "%zz"])
PATH = st.lists(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=4) | ESCAPE, max_size=3
    ),
    max_size=4,
).map(lambda parts: "/" + "/".join("".join(p) for p in parts))
QUERY = st.lists(
    st.tuples(st.sampled_from(["id", "p", "utm_source", "fbclid", "q", "a b"]), st.text(max_size=6)), max_size=4
)
URL = st.builds(
    lambda scheme, host, port, path, query, fragment: (
        f"{scheme}://{host}{port}{path}" + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "") + fragment
    ),
    st.sampled_from(["http", "https", "HTTP", "HTTPS"]),
    HOST,
    st.sampled_from(["", ":80", ":443", ":8080"]),
    PATH,
    QUERY,
    st.sampled_from(["", "#top", "#"]),
)


@EXAMPLES
@given(url=URL)
@example(url="https://a.vn/%2541")  # decoded twice, this read /A
@example(url="https://a.vn/x%3Fy")  # decoded, the path grew a query
@example(url="http://0.AA/%20")  # decoded, the path ended in a space the next pass dropped
@example(url="http://0.AA/??utm_source=")  # the parameter is "?utm_source", not a tracking one
def test_a_normalised_url_normalises_to_itself(url):
    once = normalise_url(url)
    assert once is not None and normalise_url(once) == once
    assert once.startswith("https://") and "#" not in once
    keys = [k for k, _v in parse_qsl(urlsplit(once).query, keep_blank_values=True)]
    assert not [k for k in keys if k in ("utm_source", "fbclid")]  # tracking parameters are dropped


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(max_size=120) | URL.map(lambda u: u.replace("/", "\\")) | st.from_regex(r"https?://\S{0,40}"))
def test_normalising_any_text_never_raises(text):
    result = normalise_url(text)
    assert result is None or isinstance(result, str)


# Letters, old and new tone placement, combining marks, punctuation, digits and every kind
# of break the cleaning keeps, drops or turns into another (controls, NEL, no-break space).
TEXT_PIECES = st.sampled_from(
    ["hoà", "hòa", "thuỷ", "Thủy", "đăng", "ký", "e\u0301", "\u0301", "Σ", "ΑΣ", "-", "…", "(", "12,5", "%", "TT&TT",
     " ", "  ", "\t", "\n", "\r\n", "\x85", "\x1c", "\x00", "\u00a0", "\u2003", "\u200b", "x"]
)  # fmt: skip


@EXAMPLES
@given(pieces=st.lists(TEXT_PIECES, max_size=200), count=st.integers(1, 6))
@example(pieces=["a" * 20, "\x1c", "b" * 20, " "] * 5, count=1)  # a control inside a word is no break
def test_the_lead_words_of_a_text_are_the_first_of_all_its_words(pieces, count):
    from media.vntext import lead_match_words, match_words

    text = "".join(pieces)
    assert lead_match_words(text, count) == match_words(text)[:count]

"""The rules that decide what coverage is relevant: the keyword sets, each theme's keywords,
and re-applying them to stored articles; the negative coverage to follow up first."""

import streamlit as st

from core import paging
from core.i18n import today_local
from core.markup import md_escape
from core.ui import attempt, cached, current_lang, db, require_user, save, tr
from media import review, rules
from media.page_parts import article_line, safe_link
from plans.themes import themes_of_year

FEEDBACK_PAGE = 20  # negative items shown at a time

user = require_user()
lang = current_lang()
st.title(tr("nav.media.rules"))

st.subheader(tr("media.tab.feedback"))
feedback = cached(review.negative_feedback, db(), user)
if not feedback:
    st.info(tr("media.feedback.none"))
else:  # a page of them at a time, newest first
    last = paging.page_count(len(feedback), FEEDBACK_PAGE)
    page = int(st.number_input(tr("media.page.number"), 1, last, 1, key="media_feedback_page")) if last > 1 else 1
    lines = []
    for article in paging.page_of(feedback, page, FEEDBACK_PAGE):
        note = f" — {md_escape(article['note'])}" if article.get("note") else ""
        lines.append(f"- {safe_link(article['url'], article['title'])} — {article_line(article, lang)}{note}")
    st.markdown("\n".join(lines))
    st.caption(tr("media.page.of", page=page, pages=last))

st.subheader(tr("media.tab.rules"))
st.caption(tr("media.rules.help"))
for name, terms in rules.get_rule_sets(db()).items():
    with st.form(f"media_rules_{name}"):
        edited = st.text_area(tr(f"media.rules.{name}"), "\n".join(terms), height=160, key=f"media_rules_text_{name}")
        if st.form_submit_button(tr("common.save")):
            save(rules.set_rule_set, db(), user, name, edited.splitlines(), success=tr("media.saved"))
year = st.number_input(tr("media.rules.year"), 2000, 2100, value=today_local().year, key="media_rules_year")
for theme in themes_of_year(db(), int(year)):
    with st.form(f"media_theme_rules_{theme['id']}"):
        edited = st.text_area(
            f"{theme['code']} – {theme['title']}",
            "\n".join(theme["keywords"]),
            height=100,
            key=f"media_theme_rules_text_{theme['id']}",
        )
        if st.form_submit_button(tr("common.save")):
            save(rules.set_theme_rules, db(), user, theme["id"], edited.splitlines(), success=tr("media.saved"))
if st.button(tr("media.rules.reapply"), key="media_rules_reapply"):
    counts = attempt(rules.reapply, db(), user)
    if counts:
        st.success(tr("media.rules.reapplied", **counts))

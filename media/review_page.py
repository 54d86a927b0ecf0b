"""The review queue: new relevant coverage with why it matched; confirm, reject, set the
tone or link to a plan activity in bulk; correct an article's themes."""

import streamlit as st

from core.markup import md_escape
from core.ui import allowed, current_lang, db, pick, require_user, save, tr
from media import review
from media.page_parts import article_line, matched_terms, safe_link

user = require_user()
lang = current_lang()
st.title(tr("nav.media.review"))
queue = review.review_queue(db(), user)
st.caption(tr("media.queue.count", n=len(queue)))
if not queue:
    st.info(tr("media.queue.empty"))
    st.stop()
all_themes: dict[int, str] = {}
for year in sorted({int(a["published_at"][:4]) for a in queue}):
    all_themes.update(review.theme_choices(db(), year))
for article in queue[:50]:
    with st.container(border=True):
        st.markdown("#### " + safe_link(article["url"], article["title"]))
        st.caption(article_line(article, lang))
        st.markdown(tr("media.queue.matched") + ": " + matched_terms(article))
        themes = [all_themes.get(t, str(t)) for t in article["theme_ids"]]
        if themes:
            st.markdown(tr("media.queue.themes") + ": " + md_escape("; ".join(themes)))
        if article["units"]:
            st.markdown(tr("media.queue.units") + ": " + md_escape(", ".join(article["units"])))
        if article["text"]:
            st.text(article["text"][:400])
if not allowed("media.review"):
    st.stop()

st.subheader(tr("media.bulk.title"))
labels = {a["id"]: f"#{a['id']} {a['title']}" for a in queue}
chosen = st.multiselect(tr("media.bulk.articles"), list(labels), format_func=labels.get, key="media_review_chosen")
actions = {tr(f"media.bulk.{a}"): a for a in review.BULK_ACTIONS}
action = actions[st.selectbox(tr("media.bulk.action"), list(actions), key="media_review_action")]
activity = None
if action == "link":
    acts = review.bulk_activity_choices(db(), queue, chosen)
    activity = st.selectbox(tr("media.bulk.activity"), list(acts), format_func=acts.get, key="media_review_activity")
if st.button(tr("media.bulk.apply"), type="primary", key="media_review_apply"):
    done = lambda n: tr("media.bulk.done", n=n)  # noqa: E731
    save(review.apply_bulk, db(), user, chosen, action, activity, success=done)

st.subheader(tr("media.themes.title"))
one = pick(tr("media.themes.article"), labels, "media_review_one")
current = next(a for a in queue if a["id"] == one)
options = review.theme_choices(db(), int(current["published_at"][:4]))
picked = st.multiselect(
    tr("media.queue.themes"),
    list(options),
    default=[t for t in current["theme_ids"] if t in options],
    format_func=options.get,
    key=f"media_review_themes_{one}",
)
if st.button(tr("common.save"), key=f"media_review_themes_save_{one}"):
    save(review.set_themes, db(), user, one, picked, success=tr("media.saved"))

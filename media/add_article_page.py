"""Coverage the feeds do not bring: typed in by hand (television, print), or read from the
web page at an address."""

import streamlit as st

from core.ui import attempt, db, require_user, tr
from media import review, store
from media.page_parts import safe_link

user = require_user()
st.title(tr("nav.media.add"))

st.subheader(tr("media.tab.manual"))
with st.form("media_manual_form", clear_on_submit=True):
    st.caption(tr("media.manual.help"))
    title = st.text_input(tr("media.field.title"), key="media_manual_title")
    outlet = st.text_input(tr("media.field.outlet"), key="media_manual_outlet")
    media_kinds = {tr(f"media.medium.{m}"): m for m in store.MEDIA_KINDS}
    medium = media_kinds[st.selectbox(tr("media.field.medium"), list(media_kinds), key="media_manual_medium", index=1)]
    published = st.date_input(tr("media.field.published"), format="DD/MM/YYYY", key="media_manual_date")
    url = st.text_input(tr("media.field.url"), key="media_manual_url")
    text = st.text_area(tr("media.field.text"), key="media_manual_text")
    tones = [None, *store.TONES]
    tone = st.selectbox(
        tr("media.col.tone"), tones, format_func=lambda t: tr(f"media.tone.{t or 'none'}"), key="media_manual_tone"
    )
    year = published.year if published else 0
    themes = review.theme_choices(db(), year)
    theme_ids = st.multiselect(
        tr("media.queue.themes"), list(themes), format_func=themes.get, key="media_manual_themes"
    )
    acts = review.activity_choices(db(), year)
    activity_ids = st.multiselect(tr("media.bulk.activity"), list(acts), format_func=acts.get, key="media_manual_acts")
    if st.form_submit_button(tr("common.save"), type="primary"):
        row = attempt(
            review.add_manual,
            db(),
            user,
            title=title,
            published=published,
            outlet=outlet,
            medium=medium,
            url=url,
            text=text,
            tone=tone,
            theme_ids=theme_ids,
            activity_ids=activity_ids,
        )
        if row:
            st.success(tr("media.manual.added", id=row["id"]))

st.subheader(tr("media.tab.url"))
with st.form("media_url_form"):
    st.caption(tr("media.url.help"))
    page_url = st.text_input(tr("media.field.url"), key="media_url_url")
    page_outlet = st.text_input(tr("media.field.outlet"), key="media_url_outlet")
    if st.form_submit_button(tr("media.url.add"), type="primary"):
        row = attempt(review.add_by_url, db(), user, page_url, outlet=page_outlet)
        if row:
            st.success(tr("media.manual.added", id=row["id"]))
            st.markdown(safe_link(row["url"], row["title"]))

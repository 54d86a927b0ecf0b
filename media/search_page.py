import streamlit as st

from core.i18n import fmt_number
from core.ui import cached, current_lang, db, require_user, tr
from media import review, search, search_plan, sources, store
from media.page_parts import article_line, safe_link

user = require_user()
lang = current_lang()
st.title(tr("nav.media.search"))

query = st.text_input(tr("media.search.query"), key="media_search_query", help=tr("media.search.help"))
c1, c2, c3, c4 = st.columns(4)
theme_labels = review.theme_choices(db())
theme_id = c1.selectbox(
    tr("media.col.theme"),
    [None, *theme_labels],
    format_func=lambda t: theme_labels.get(t, tr("media.search.any")),
    key="media_search_theme",
)
source_labels = {s["id"]: s["name"] for s in sources.list_sources(db(), user)}
source_id = c2.selectbox(
    tr("nav.media.sources"),
    [None, *source_labels],
    format_func=lambda s: source_labels.get(s, tr("media.search.any")),
    key="media_search_source",
)
review_state = c3.selectbox(
    tr("media.search.review"),
    [None, *store.REVIEW_STATES],
    format_func=lambda r: tr(f"media.review.{r}") if r else tr("media.search.any"),
    key="media_search_review",
)
tones = {tr("media.search.any"): None} | {tr(f"media.tone.{t}"): t for t in store.TONES}
tone = tones[c4.selectbox(tr("media.col.tone"), list(tones), key="media_search_tone")]
d1, d2, d3 = st.columns([1, 1, 2])
date_from = d1.date_input(tr("media.search.from"), value=None, format="DD/MM/YYYY", key="media_search_from")
date_to = d2.date_input(tr("media.search.to"), value=None, format="DD/MM/YYYY", key="media_search_to")
relevant_only = d3.checkbox(tr("media.search.relevant_only"), value=True, key="media_search_relevant")

o1, o2, o3 = st.columns([2, 1, 1])
orders = {o: tr(f"media.search.order.{o}") for o in search_plan.ORDERS}
order = o1.radio(
    tr("media.search.order"), list(orders), format_func=orders.get, horizontal=True, key="media_search_order"
)
page_size = o2.selectbox(tr("media.page.size"), search.PAGE_SIZES, index=1, key="media_search_size")
page_number = o3.number_input(tr("media.page.number"), 1, 10_000, 1, key="media_search_page")


results = cached(
    search.search_page,
    db(),
    user,
    query=query,
    theme_id=theme_id,
    source_id=source_id,
    review=review_state,
    tone=tone,
    date_from=date_from,
    date_to=date_to,
    relevant_only=relevant_only,
    order=order,
    page=page_number,
    page_size=page_size,
)
if results["shortened"]:
    st.warning(
        tr(
            "media.search.shortened",
            read=results["shortened"],
            chars=fmt_number(search.MAX_QUERY_CHARS, lang),
            terms=search.MAX_TERMS,
        )
    )
count = "media.search.count_more" if results["more"] else "media.search.count"
st.caption(
    tr(count, n=fmt_number(results["total"], lang))
    + " · "
    + tr("media.page.of", page=results["page"], pages=results["pages"])
)
if results["ranked_window"]:
    st.caption(tr("media.search.ranked_window", n=fmt_number(search_plan.RANK_WINDOW, lang)))
for row in results["rows"]:
    with st.container(border=True):
        st.markdown("##### " + (safe_link(row["url"], row["title"]) if not query else row["title_hl"]))
        if query and row["url"]:
            st.markdown(safe_link(row["url"], "↗ " + tr("media.search.open")))
        st.caption(
            article_line(row, lang)
            + " · "
            + tr(f"media.review.{row['review']}")
            + (" · " + tr(f"media.tone.{row['tone']}") if row["tone"] else "")
        )
        if row["snippet"]:
            st.markdown(row["snippet"])

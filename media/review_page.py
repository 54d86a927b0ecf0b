"""The review queue, worked like a mail client: each card of new relevant coverage shows
why it matched and is decided on the card (confirm, reject, tone, themes, a link to a plan
activity); bulk actions for many at once; a "reviewed" tab where decisions can be changed."""

import streamlit as st

from core import paging
from core.i18n import today_local
from core.markup import md_escape
from core.ui import allowed, cached, current_lang, db, record_keys, require_user, save, tr
from media import review, store
from media.page_parts import article_line, matched_terms, safe_link

CARD_COUNTS = (10, 20, 50)  # cards per page: deciding one brings the next into view

user = require_user()
lang = current_lang()
st.title(tr("nav.media.review"))
# The queue opens on this year's coverage (the current plan's year), older years a choice away.
# The years and counts read every article in the queue: kept until the data changes.
years = cached(review.queue_years, db(), user)
this_year = today_local().year
opening = years.index(this_year) if this_year in years else 0
year = st.selectbox(tr("media.queue.year"), years, index=opening, key="media_review_year") if years else None
counts = cached(review.review_counts, db(), user, year)
can_review = allowed("media.review")
TONES = {None: tr("media.tone.none")} | {t: tr(f"media.tone.{t}") for t in store.TONES}
_themes: dict[int, dict[int, str]] = {}
_activities: dict[int, dict[int, str]] = {}


def themes_of(year: int) -> dict[int, str]:
    if year not in _themes:
        _themes[year] = review.theme_choices(db(), year)
    return _themes[year]


def activities_of(year: int) -> dict[int, str]:
    if year not in _activities:
        _activities[year] = review.activity_choices(db(), year)
    return _activities[year]


def card(article: dict, prefix: str) -> None:
    """One article: what it is, why it matched, and (for reviewers) its decision form."""
    year = int(article["published_at"][:4])
    with st.container(border=True):
        st.markdown("#### " + safe_link(article["url"], article["title"]))
        st.caption(article_line(article, lang))
        st.markdown(tr("media.queue.matched") + ": " + matched_terms(article, lang))
        if prefix == "media_card" and (article.get("copies") or 1) > 1:
            st.caption(tr("media.card.copies", n=article["copies"], outlets=article.get("outlets") or ""))
        if article["units"]:
            st.markdown(tr("media.queue.units") + ": " + md_escape(", ".join(article["units"])))
        if article["text"]:
            st.text(article["text"][:400])
        if not can_review:
            names = [themes_of(year).get(t, str(t)) for t in article["theme_ids"]]
            if names:
                st.markdown(tr("media.queue.themes") + ": " + md_escape("; ".join(names)))
            return
        key = record_keys(prefix, article["id"])  # every widget below belongs to this article
        with st.form(key("form"), border=False):
            c1, c2 = st.columns([1, 2])
            tone = c1.radio(
                tr("media.card.tone"),
                list(TONES),
                index=list(TONES).index(article["tone"]),
                format_func=TONES.get,
                key=key("tone"),
            )
            options = themes_of(year)
            themes = c2.multiselect(
                tr("media.queue.themes"),
                list(options),
                default=[t for t in article["theme_ids"] if t in options],
                format_func=options.get,
                key=key("themes"),
            )
            acts = {None: "—"} | activities_of(year)
            activity = c2.selectbox(tr("media.bulk.activity"), list(acts), format_func=acts.get, key=key("activity"))
            b1, b2, b3 = st.columns(3)
            confirm = b1.form_submit_button(tr("media.card.confirm"), type="primary", key=key("confirm"))
            reject = b2.form_submit_button(tr("media.card.reject"), key=key("reject"))
            again = b3.form_submit_button(tr("media.card.save"), key=key("save"))
        if confirm or reject or again:
            state = "confirmed" if confirm else "rejected" if reject else article["review"]
            save(
                review.review_article,
                db(),
                user,
                article["id"],
                state=state,
                tone=tone,
                theme_ids=themes,
                activity_id=activity,
                success=tr(f"media.card.done.{state}", title=article["title"][:80]),
            )


def page_picker(total: int, prefix: str) -> tuple[int, int]:
    """How many cards a page holds and which page to show (its offset)."""
    p1, p2 = st.columns(2)
    size = p1.selectbox(tr("media.page.size"), CARD_COUNTS, key=f"{prefix}_size")
    last = paging.page_count(total, size)
    page = int(p2.number_input(tr("media.page.number"), 1, last, 1, key=f"{prefix}_page")) if last > 1 else 1
    st.caption(tr("media.page.of", page=page, pages=last))
    return size, (page - 1) * size


tab_queue, tab_done = st.tabs(
    [tr("media.tab.to_review", n=counts["queue"]), tr("media.tab.reviewed", n=counts["reviewed"])]
)
with tab_queue:
    st.caption(tr("media.queue.count", n=counts["queue"]))
    size, offset = page_picker(counts["queue"], "media_review_queue")
    queue = review.review_queue(db(), user, size, offset, year)
    if not queue:
        st.info(tr("media.queue.empty"))
    for article in queue:
        card(article, "media_card")
    if queue and can_review:
        with st.expander(tr("media.bulk.title")):
            labels = {a["id"]: f"#{a['id']} {a['title']}" for a in queue}
            chosen = st.multiselect(
                tr("media.bulk.articles"), list(labels), format_func=labels.get, key="media_review_chosen"
            )
            actions = {a: tr(f"media.bulk.{a}") for a in review.BULK_ACTIONS}
            action = st.selectbox(
                tr("media.bulk.action"), list(actions), format_func=actions.get, key="media_review_action"
            )
            activity = None
            if action == "link":
                acts = review.bulk_activity_choices(db(), queue, chosen)
                activity = st.selectbox(
                    tr("media.bulk.activity"), list(acts), format_func=acts.get, key="media_review_activity"
                )
            if st.button(tr("media.bulk.apply"), type="primary", key="media_review_apply"):
                save(
                    review.apply_bulk,
                    db(),
                    user,
                    chosen,
                    action,
                    activity,
                    success=lambda n: tr("media.bulk.done", n=n),
                    clear=("media_review_chosen",),
                )
with tab_done:
    st.caption(tr("media.reviewed.help"))
    size, offset = page_picker(counts["reviewed"], "media_review_done")
    done = review.reviewed(db(), user, size, offset)
    if not done:
        st.info(tr("common.none"))
    for article in done:
        st.markdown(f"**{tr('media.review.' + article['review'])}**")
        card(article, "media_done")

import streamlit as st

from core.ui import allowed, attempt, current_lang, db, require_user, tr
from media import review, rules, store
from media.page_parts import article_line, matched_terms, safe_link

user = require_user()
lang = current_lang()
st.title(tr("nav.media.review"))

tab_queue, tab_manual, tab_url, tab_feedback, tab_rules = st.tabs(
    [
        tr("media.tab.queue"),
        tr("media.tab.manual"),
        tr("media.tab.url"),
        tr("media.tab.feedback"),
        tr("media.tab.rules"),
    ]
)


def theme_options(year: int) -> dict[int, str]:
    return review.theme_choices(db(), year)


def activity_options(year: int) -> dict[int, str]:
    return review.activity_choices(db(), year)


with tab_queue:
    queue = review.review_queue(db(), user)
    st.caption(tr("media.queue.count", n=len(queue)))
    if not queue:
        st.info(tr("media.queue.empty"))
    all_themes: dict[int, str] = {}
    for year in sorted({int(a["published_at"][:4]) for a in queue}):
        all_themes.update(theme_options(year))
    for article in queue[:50]:
        with st.container(border=True):
            st.markdown("#### " + safe_link(article["url"], article["title"]))
            st.caption(article_line(article, lang))
            st.markdown(tr("media.queue.matched") + ": " + matched_terms(article))
            themes = [all_themes.get(t, str(t)) for t in article["theme_ids"]]
            if themes:
                st.markdown(tr("media.queue.themes") + ": " + "; ".join(themes))
            if article["units"]:
                st.markdown(tr("media.queue.units") + ": " + ", ".join(article["units"]))
            if article["text"]:
                st.text(article["text"][:400])
    if queue and allowed("media.review"):
        st.subheader(tr("media.bulk.title"))
        labels = {a["id"]: f"#{a['id']} {a['title']}" for a in queue}
        chosen = st.multiselect(
            tr("media.bulk.articles"), list(labels), format_func=labels.get, key="media_review_chosen"
        )
        actions = {
            tr(f"media.bulk.{a}"): a for a in ("confirmed", "rejected", "positive", "neutral", "negative", "link")
        }
        action = actions[st.selectbox(tr("media.bulk.action"), list(actions), key="media_review_action")]
        years = sorted({int(a["published_at"][:4]) for a in queue if a["id"] in chosen}) or [None]
        acts = activity_options(years[0]) if years[0] else {}
        activity = None
        if action == "link":
            activity = st.selectbox(
                tr("media.bulk.activity"), list(acts), format_func=acts.get, key="media_review_activity"
            )
        if st.button(tr("media.bulk.apply"), type="primary", key="media_review_apply"):
            if action in store.REVIEW_STATES:
                done = attempt(review.set_review, db(), user, chosen, action)
            elif action == "link":
                done = attempt(review.link_activity, db(), user, chosen, activity)
            else:
                done = attempt(review.set_tone, db(), user, chosen, action)
            if done:
                st.success(tr("media.bulk.done", n=done))
                st.rerun()
        st.subheader(tr("media.themes.title"))
        one = st.selectbox(tr("media.themes.article"), list(labels), format_func=labels.get, key="media_review_one")
        current = next(a for a in queue if a["id"] == one)
        options = theme_options(int(current["published_at"][:4]))
        picked = st.multiselect(
            tr("media.queue.themes"),
            list(options),
            default=[t for t in current["theme_ids"] if t in options],
            format_func=options.get,
            key=f"media_review_themes_{one}",
        )
        if st.button(tr("common.save"), key="media_review_themes_save"):
            if attempt(review.set_themes, db(), user, one, picked):
                st.success(tr("media.saved"))

with tab_manual, st.form("media_manual_form", clear_on_submit=True):
    st.caption(tr("media.manual.help"))
    title = st.text_input(tr("media.field.title"), key="media_manual_title")
    outlet = st.text_input(tr("media.field.outlet"), key="media_manual_outlet")
    media_kinds = {tr(f"media.medium.{m}"): m for m in store.MEDIA_KINDS}
    medium = media_kinds[st.selectbox(tr("media.field.medium"), list(media_kinds), key="media_manual_medium", index=1)]
    published = st.date_input(tr("media.field.published"), format="DD/MM/YYYY", key="media_manual_date")
    url = st.text_input(tr("media.field.url"), key="media_manual_url")
    text = st.text_area(tr("media.field.text"), key="media_manual_text")
    tone = st.selectbox(
        tr("media.col.tone"),
        [None, *store.TONES],
        format_func=lambda t: tr(f"media.tone.{t or 'none'}"),
        key="media_manual_tone",
    )
    themes = theme_options(published.year if published else 0)
    theme_ids = st.multiselect(
        tr("media.queue.themes"), list(themes), format_func=themes.get, key="media_manual_themes"
    )
    acts = activity_options(published.year if published else 0)
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

with tab_url, st.form("media_url_form"):
    st.caption(tr("media.url.help"))
    page_url = st.text_input(tr("media.field.url"), key="media_url_url")
    page_outlet = st.text_input(tr("media.field.outlet"), key="media_url_outlet")
    if st.form_submit_button(tr("media.url.add"), type="primary"):
        row = attempt(review.add_by_url, db(), user, page_url, outlet=page_outlet)
        if row:
            st.success(tr("media.manual.added", id=row["id"]))
            st.markdown(safe_link(row["url"], row["title"]))

with tab_feedback:
    feedback = review.negative_feedback(db(), user)
    if not feedback:
        st.info(tr("media.feedback.none"))
    for article in feedback:
        st.markdown(
            "- "
            + safe_link(article["url"], article["title"])
            + " — "
            + article_line(article, lang)
            + (f" — {article['note']}" if article.get("note") else "")
        )

with tab_rules:
    sets = rules.get_rule_sets(db())
    st.caption(tr("media.rules.help"))
    for name, terms in sets.items():
        with st.form(f"media_rules_{name}"):
            edited = st.text_area(
                tr(f"media.rules.{name}"), "\n".join(terms), height=160, key=f"media_rules_text_{name}"
            )
            if st.form_submit_button(tr("common.save")):
                if attempt(rules.set_rule_set, db(), user, name, edited.splitlines()):
                    st.success(tr("media.saved"))
    year = st.number_input(tr("media.rules.year"), 2000, 2100, value=2021, key="media_rules_year")
    for theme in rules.themes_of_year(db(), int(year)):
        with st.form(f"media_theme_rules_{theme['id']}"):
            edited = st.text_area(
                f"{theme['code']} – {theme['title']}",
                "\n".join(theme["keywords"]),
                height=100,
                key=f"media_theme_rules_text_{theme['id']}",
            )
            if st.form_submit_button(tr("common.save")):
                if attempt(rules.set_theme_rules, db(), user, theme["id"], edited.splitlines()):
                    st.success(tr("media.saved"))
    if st.button(tr("media.rules.reapply"), key="media_rules_reapply"):
        counts = attempt(rules.reapply, db(), user)
        if counts:
            st.success(tr("media.rules.reapplied", **counts))

"""Calendar subscriptions: each person's named feed URLs (shown once), with last use,
revocation and rotation; an administrator sees and may revoke everyone's."""

import streamlit as st

from core import units as core_units
from core.i18n import fmt_datetime
from core.markup import md_escape
from core.ui import allowed, app_settings, attempt, current_lang, db, require_user, save, tr
from inspections import feed_tokens, schedule, store

user = require_user()
lang = current_lang()
st.title(tr("nav.calendar_feeds"))
st.caption(tr("inspections.feeds_intro"))

NEW_KEY = "insp_feed_new_secret"
if st.session_state.get(NEW_KEY):
    name, secret = st.session_state.pop(NEW_KEY)
    urls = feed_tokens.feed_urls(secret, app_settings().base_url)
    st.success(tr("inspections.feed_created", name=name))
    st.warning(tr("inspections.feed_secret_warning"))
    st.caption("https://")
    st.code(urls["https"], language=None)
    st.caption("webcal://")
    st.code(urls["webcal"], language=None)

with st.form("insp_feed_form"):
    name = st.text_input(tr("inspections.feed_name"), placeholder="điện thoại", key="insp_feed_name")
    scopes = list(store.FEED_SCOPES) if allowed("inspections.edit") else ["mine"]
    scope = st.radio(
        tr("inspections.feed_scope"),
        scopes,
        format_func=lambda s: tr("inspections.scope." + s),
        horizontal=True,
        key="insp_feed_scope",
    )
    unit_id = member_id = None
    if allowed("inspections.edit"):
        units = {u["id"]: u["name"] for u in core_units.list_units(db())}
        people = {m.id: m.display_name for m in schedule.eligible_members(db())}
        unit_id = st.selectbox(
            tr("inspections.feed_unit"),
            [None, *units],
            format_func=lambda i: tr("inspections.all") if i is None else units[i],
            key="insp_feed_unit",
        )
        member_id = st.selectbox(
            tr("inspections.feed_member"),
            [None, *people],
            format_func=lambda i: tr("inspections.all") if i is None else people[i],
            key="insp_feed_member",
        )
    alarms = st.checkbox(tr("inspections.feed_alarms"), key="insp_feed_alarms")
    submitted = st.form_submit_button(tr("inspections.feed_create"), type="primary")
if submitted:
    created = attempt(
        feed_tokens.create_token, db(), user, name, scope=scope, unit_id=unit_id, member_id=member_id, alarms=alarms
    )
    if created:
        st.session_state[NEW_KEY] = (created[0]["name"], created[1])
        st.rerun()


def show(tokens: list[dict], key: str, owner_column: bool) -> None:
    if not tokens:
        st.info(tr("inspections.feeds_none"))
        return
    for token in tokens:
        cols = st.columns([3, 2, 2, 2, 1, 1] if not owner_column else [2, 2, 2, 2, 2, 1])
        title = md_escape(token["name"]) + f" · {tr('inspections.scope.' + token['scope'])}"
        cols[0].markdown(f"**{title}**")
        cols[1].caption(tr("inspections.feed_created_at", when=fmt_datetime(token["created_at"], lang)))
        cols[2].caption(
            tr("inspections.feed_last_used", when=fmt_datetime(token["last_used_at"], lang) or tr("inspections.never"))
        )
        if token["revoked_at"]:
            cols[3].caption(tr("inspections.feed_revoked", when=fmt_datetime(token["revoked_at"], lang)))
            continue
        cols[3].caption(tr("inspections.feed_active"))
        if owner_column:
            cols[4].caption(token["full_name"] or token["username"])
        elif cols[4].button(tr("inspections.feed_rotate"), key=f"{key}_rotate_{token['id']}"):
            rotated = attempt(feed_tokens.rotate_token, db(), user, token["id"])
            if rotated:
                st.session_state[NEW_KEY] = (rotated[0]["name"], rotated[1])
                st.rerun()
        with cols[5].popover(tr("inspections.feed_revoke")):  # asked once more: a phone stops updating
            st.markdown(tr("inspections.feed_revoke_confirm", name=md_escape(token["name"])))
            if st.button(tr("inspections.feed_revoke_yes"), type="primary", key=f"{key}_revoke_{token['id']}"):
                save(
                    feed_tokens.revoke_token,
                    db(),
                    user,
                    token["id"],
                    success=tr("inspections.feed_revoked_now", name=token["name"]),
                )


st.subheader(tr("inspections.feeds_mine"))
show(feed_tokens.list_tokens(db(), user), "insp_feed_mine", owner_column=False)
if allowed("calendar.revoke_any"):
    st.subheader(tr("inspections.feeds_everyone"))
    show(
        [t for t in feed_tokens.list_all_tokens(db(), user) if t["user_id"] != user.id],
        "insp_feed_all",
        owner_column=True,
    )

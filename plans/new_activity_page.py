"""A new activity in the chosen plan. Office staff only."""

import streamlit as st

from core.i18n import today_local
from core.ui import attempt, db, pick, record_keys, require_user, tr
from plans import activities, plans, store, views
from plans.channels import list_channels
from plans.themes import list_themes

user = require_user()
st.title(tr("nav.plan_new_activity"))
labels, default = views.plan_choices(db(), plans.list_plans(db(), user), today_local())
if not labels:
    st.info(tr("plans.dash.no_plan"))
    st.stop()
plan = plans.get_plan(db(), pick(tr("plans.page.plan"), labels, "plans_plan", default))
themes = {x["id"]: f"{x['code']}. {x['title'][:60]}" for x in list_themes(db(), plan["id"])}
units = {u["id"]: u["name"] for u in plans.units_for_year(db(), plan["year"])}
channels = {c["id"]: c["name_vi"] for c in list_channels(db())}
key = record_keys("plans_na", plan["id"])  # a draft typed for one plan does not follow to another

with st.form(key("form"), clear_on_submit=True):
    title = st.text_input(tr("plans.col.title"), key=key("title"))
    cols = st.columns(2)
    theme = pick(tr("plans.col.theme"), themes, key("theme"), container=cols[0])
    lead = pick(tr("plans.col.lead_unit"), {None: "—", **units}, key("lead"), container=cols[1])
    coord = cols[0].multiselect(tr("plans.col.coordinating"), list(units), format_func=units.get, key=key("coord"))
    channel_ids = cols[1].multiselect(
        tr("plans.col.channels"), list(channels), format_func=channels.get, key=key("channels")
    )
    cols = st.columns(4)
    start = cols[0].date_input(tr("plans.page.start"), value=None, format="DD/MM/YYYY", key=key("start"))
    end = cols[1].date_input(tr("plans.page.end"), value=None, format="DD/MM/YYYY", key=key("end"))
    deadline = cols[2].date_input(tr("plans.col.deadline"), value=None, format="DD/MM/YYYY", key=key("deadline"))
    recurrences = {r: tr("plans.recurrence." + r) for r in store.RECURRENCES}
    recurrence = pick(tr("plans.page.recurrence"), recurrences, key("recurrence"), container=cols[3])
    cols = st.columns(4)
    output = cols[0].text_input(tr("plans.export.output"), key=key("output"))
    target = cols[1].number_input(tr("plans.export.target"), min_value=0.0, value=None, key=key("target"))
    target_unit = cols[2].text_input(tr("plans.export.target_unit"), key=key("unit"))
    budget = cols[3].number_input(tr("plans.col.budget"), min_value=0, value=None, step=1_000_000, key=key("budget"))
    if st.form_submit_button(tr("common.save")):
        created = attempt(
            activities.create_activity,
            db(),
            user,
            plan["id"],
            theme_id=theme,
            title=title,
            lead_unit_id=lead,
            coordinating_unit_ids=coord,
            channel_ids=channel_ids,
            planned_start=start,
            planned_end=end,
            deadline=deadline,
            recurrence=recurrence,
            output=output,
            target=target,
            target_unit=target_unit,
            budget=budget,
            success=tr("plans.page.saved"),
        )
        for warning in (created or {}).get("warnings", []):
            st.warning(tr(warning))

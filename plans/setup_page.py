"""Setting up plans: a new plan, copying a plan into the next year, the plan's status, its
themes, and (administrators) the list of channels. Office staff only."""

import streamlit as st

from core.i18n import today_local
from core.ui import allowed, attempt, db, pick, record_keys, require_user, save, tr
from plans import channels, plans, rollover, store, themes, views

user = require_user()
st.title(tr("nav.plan_setup"))

with st.form("plans_new_plan", clear_on_submit=True):
    st.markdown(f"**{tr('plans.page.new_plan')}**")
    cols = st.columns(3)
    year = cols[0].number_input(tr("plans.dash.year"), 2000, 2100, today_local().year, key="plans_np_year")
    number = cols[1].text_input(tr("plans.page.number"), key="plans_np_number")
    issued = cols[2].date_input(tr("plans.page.issued_on"), value=None, format="DD/MM/YYYY", key="plans_np_issued")
    title = st.text_input(tr("plans.page.plan_title"), key="plans_np_title")
    issuer = st.text_input(tr("plans.page.issuer"), key="plans_np_issuer")
    if st.form_submit_button(tr("common.save")):
        save(plans.create_plan, db(), user, year=year, number=number, title=title, issuer=issuer, issued_on=issued)

labels, default = views.plan_choices(db(), plans.list_plans(db(), user), today_local())
if labels:
    st.divider()
    plan = plans.get_plan(db(), pick(tr("plans.page.plan"), labels, "plans_plan", default))
    key = record_keys("plans_setup", plan["id"])  # the forms below belong to the chosen plan
    cols = st.columns(2)
    with cols[0].form(key("copy")):
        st.markdown(f"**{tr('plans.page.copy_forward')}**")
        to_year = st.number_input(tr("plans.dash.year"), 2000, 2100, plan["year"] + 1, key=key("copy_year"))
        if st.form_submit_button(tr("plans.page.copy")):
            result = attempt(rollover.copy_forward, db(), user, plan["id"], to_year)
            if result:
                review = len(result["lead_unit_review"])
                st.success(
                    tr("plans.page.copied", themes=result["themes"], activities=result["activities"], review=review)
                )
    with cols[1].form(key("status")):
        st.markdown(f"**{tr('plans.page.plan_status')}**")
        statuses = {s: tr("plans.plan_status." + s) for s in store.PLAN_STATUSES}
        new_status = pick(tr("plans.col.status"), statuses, key("status_choice"), plan["status"])
        if st.form_submit_button(tr("common.save")):
            save(plans.set_plan_status, db(), user, plan["id"], new_status)
    with st.form(key("theme"), clear_on_submit=True):
        st.markdown(f"**{tr('plans.page.new_theme')}**")
        cols = st.columns([1, 4])
        code = cols[0].text_input(tr("plans.page.code"), key=key("theme_code"))
        theme_title = cols[1].text_input(tr("plans.page.theme_title"), key=key("theme_title"))
        keywords = st.text_input(tr("plans.page.keywords"), key=key("theme_keywords"))
        if st.form_submit_button(tr("common.save")):
            save(themes.add_theme, db(), user, plan["id"], code=code, title=theme_title, keywords=keywords)

if allowed("plans.channels"):
    with st.form("plans_new_channel", clear_on_submit=True):
        st.markdown(f"**{tr('plans.page.new_channel')}**")
        cols = st.columns(3)
        c_code = cols[0].text_input(tr("plans.page.code"), key="plans_nc_code")
        c_vi = cols[1].text_input(tr("plans.page.name_vi"), key="plans_nc_vi")
        c_en = cols[2].text_input(tr("plans.page.name_en"), key="plans_nc_en")
        if st.form_submit_button(tr("common.save")):
            save(channels.add_channel, db(), user, code=c_code, name_vi=c_vi, name_en=c_en)

"""Managing one inspection (office staff): time, place and team with the conflict checks
shown before saving, its status, its checklist, and the unit's self-inspection report."""

from datetime import date

import streamlit as st

from core.i18n import t
from core.ui import app_settings, cached, current_lang, db, pick, record_keys, require_user, save, tr
from inspections import page_parts, schedule, store, views

user = require_user()
lang = current_lang()
st.title(tr("nav.inspection_manage"))
inspection_id = page_parts.pick_inspection("insp_mng")
row = cached(views.detail, db(), user, inspection_id)
key = record_keys("insp_mng", inspection_id)  # every widget below belongs to this inspection

st.markdown(f"#### {tr('inspections.reschedule')}")
current = schedule.draft_of(row)
r1, r2, r3 = st.columns(3)
new_day = r1.date_input(tr("inspections.day"), current.day, format="DD/MM/YYYY", key=key("day"))
new_start = r2.time_input(tr("inspections.start"), current.start, key=key("start"))
new_end = r3.time_input(tr("inspections.end"), current.end, key=key("end"))
new_place = st.text_input(tr("inspections.col.place"), current.place, key=key("place"))
people = {m.id: m.display_name for m in cached(schedule.eligible_members, db())}
people.update({m["user_id"]: m["full_name"] or m["username"] for m in row["team"]})
roles = dict(current.team)
t1, t2, t3 = st.columns(3)
head = next((u for u, r in current.team if r == "head"), None)
new_head = pick(tr("inspections.role.head"), people, key("head"), head, container=t1)
new_members = t2.multiselect(
    tr("inspections.role.member"),
    list(people),
    [u for u, r in roles.items() if r == "member"],
    format_func=people.get,
    key=key("members"),
)
secretary = next((u for u, r in roles.items() if r == "secretary"), None)
new_secretary = pick(tr("inspections.role.secretary"), {None: "—"} | people, key("secretary"), secretary, container=t3)
edited = schedule.Draft(
    **{
        **current.__dict__,
        "day": new_day,
        "start": new_start,
        "end": new_end,
        "place": new_place,
        "team": schedule.team_of(new_head, new_members, new_secretary),
    }
)
if schedule.is_changed(current, edited):
    problems = schedule.check(db(), edited, inspection_id)
    for problem in problems["errors"]:
        st.error(t(problem["key"], lang, **problem["params"]))
    for problem in problems["warnings"]:
        st.warning(t(problem["key"], lang, **problem["params"]))
if st.button(tr("inspections.save"), key=key("save")):
    save(schedule.update_inspection, db(), user, inspection_id, edited)

with st.expander(tr("inspections.change_status")):
    statuses = {s: tr("inspections.status." + s) for s in store.STATUSES}
    new_status = pick(tr("inspections.col.status"), statuses, key("status"), row["status"])
    if st.button(tr("inspections.save"), key=key("status_save")):
        save(schedule.set_status, db(), user, inspection_id, new_status)
with st.expander(tr("inspections.edit_checklist")):
    text = st.text_area(
        tr("inspections.checklist_help"), schedule.checklist_text(row["items"]), height=240, key=key("items")
    )
    if st.button(tr("inspections.save"), key=key("items_save")):
        save(schedule.set_checklist, db(), user, inspection_id, text)
with st.expander(tr("inspections.self_report")):
    s_day = st.date_input(tr("inspections.received_on"), date.today(), format="DD/MM/YYYY", key=key("s_day"))
    upload = st.file_uploader(tr("inspections.file"), key=key("s_file"))
    if st.button(tr("inspections.save"), key=key("s_save")):
        name, data = (upload.name, upload.getvalue()) if upload else ("", None)
        save(schedule.record_self_report, db(), user, inspection_id, s_day, name, data, settings=app_settings())

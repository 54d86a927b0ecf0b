"""Inspection team members as the documents name them (Ông/Bà, position, work unit), an
inspection plan's due date for the units' self-inspection reports, and the numbers and dates
of the plan and of the decision forming its team when they were issued outside the app
(office staff). The inspection documents (exports) print what is saved here."""

from datetime import date

import streamlit as st

from core.ui import db, pick, require_user, save, show_flash, tr
from inspections import report_data, schedule


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


user = require_user()
st.title(tr("nav.inspection_team"))
show_flash()

st.subheader(tr("inspections.team"))
st.caption(tr("inspections.team.help"))
people = {u.id: u.display_name for u in schedule.eligible_members(db())}
known = report_data.inspector_profiles(db())
person = pick(tr("inspections.team.person"), people, "insp_team_person") if people else None
if person is not None:
    mine = known.get(person) or {}
    with st.form(f"insp_team_{person}"):
        c1, c2, c3 = st.columns([1, 3, 3])
        honorific = c1.selectbox(
            tr("inspections.team.honorific"),
            schedule.HONORIFICS,
            index=schedule.HONORIFICS.index(mine["honorific"]) if mine.get("honorific") in schedule.HONORIFICS else 0,
            key=f"insp_team_honorific_{person}",
        )
        position = c2.text_input(
            tr("inspections.team.position"), mine.get("position", ""), key=f"insp_team_pos_{person}"
        )
        work_unit = c3.text_input(
            tr("inspections.team.unit"), mine.get("work_unit", ""), key=f"insp_team_unit_{person}"
        )
        if st.form_submit_button(tr("inspections.team.save")):
            save(
                schedule.set_inspector_profile,
                db(),
                user,
                person,
                honorific=honorific,
                position=position,
                work_unit=work_unit,
                success=tr("inspections.team.saved"),
            )

st.subheader(tr("inspections.team.self_report_due"))
plans = {
    p["id"]: f"{p['year']} — {p['number'] or ''} {p['title']}".replace("  ", " ")
    for p in report_data.inspection_plans(db())
}
plan_id = pick(tr("inspections.team.plan"), plans, "insp_team_plan") if plans else None
if plan_id is not None:
    plan_row = report_data.inspection_plan(db(), plan_id) or {}
    due = st.date_input(
        tr("inspections.team.self_report_due"),
        value=_day(plan_row.get("self_report_due")),
        key=f"insp_self_report_due_{plan_id}",
        format="DD/MM/YYYY",
    )
    if st.button(tr("inspections.team.save_due"), key="insp_self_report_due_save"):
        save(schedule.set_self_report_due, db(), user, plan_id, due, success=tr("inspections.team.saved"))

    st.subheader(tr("inspections.team.references"))
    st.caption(tr("inspections.team.references_help"))
    with st.form(f"insp_refs_{plan_id}"):
        k1, k2 = st.columns(2)
        number = k1.text_input(
            tr("inspections.plan_number"), plan_row.get("number") or "", key=f"insp_refs_number_{plan_id}"
        )
        issued = k2.date_input(
            tr("inspections.plan_issued_on"),
            value=_day(plan_row.get("issued_on")),
            format="DD/MM/YYYY",
            key=f"insp_refs_issued_{plan_id}",
        )
        d1, d2 = st.columns(2)
        decision_number = d1.text_input(
            tr("inspections.decision_number"),
            plan_row.get("decision_number") or "",
            placeholder="25/QĐ-SNV",
            help=tr("inspections.decision_help"),
            key=f"insp_refs_decision_number_{plan_id}",
        )
        decision_issued = d2.date_input(
            tr("inspections.decision_issued_on"),
            value=_day(plan_row.get("decision_issued_on")),
            format="DD/MM/YYYY",
            key=f"insp_refs_decision_issued_{plan_id}",
        )
        if st.form_submit_button(tr("inspections.team.save_references")):
            save(
                schedule.set_plan_references,
                db(),
                user,
                plan_id,
                number=number,
                issued_on=issued,
                decision_number=decision_number,
                decision_issued_on=decision_issued,
                success=lambda saved: tr("inspections.team.references_saved", number=saved["number"]),
            )

"""One inspection: team, checklist, self-inspection report, findings by content area,
recommendations and their follow-up trail. Office staff and the inspectors on its team
record results; leaders read. Time, team, status and checklist are changed on the
inspection's management page."""

from datetime import date

import streamlit as st

from core import units as core_units
from core.i18n import fmt_date, today_local
from core.markup import md_escape
from core.ui import app_settings, cached, current_lang, db, pick, record_keys, require_user, save, tr
from inspections import followup, page_parts, schedule, store, views

user = require_user()
lang = current_lang()
st.title(tr("nav.inspection_detail"))
inspection_id = page_parts.pick_inspection("insp_det", user)
row = cached(views.detail, db(), user, inspection_id)
key = record_keys("insp_det", inspection_id)  # every widget below belongs to this inspection

st.subheader(f"{tr('inspections.kind.' + row['kind'])}: {md_escape(row['unit_name'])}")
c1, c2, c3 = st.columns(3)
c1.metric(tr("inspections.col.when"), views.when(row)[:10])
c1.caption(views.when(row)[11:])
c2.metric(tr("inspections.col.status"), tr("inspections.status." + row["status"]))
c3.metric(tr("inspections.inspection_plan"), row["inspection_plan_number"] or "—")
st.markdown(f"**{tr('inspections.col.place')}:** {md_escape(row['place'] or '—')}")
received = fmt_date(row["self_report_on"]) or tr("inspections.not_received")
st.markdown(f"**{tr('inspections.self_report')}:** {received}")
report_file = schedule.self_report_file(db(), user, inspection_id, settings=app_settings())
if report_file:
    st.download_button(tr("inspections.download_self_report"), report_file[1], report_file[0], key=key("s_dl"))
if row["conclusion_on"]:
    number = md_escape(row["conclusion_number"] or "")
    st.markdown(f"**{tr('inspections.conclusion')}:** {number} {fmt_date(row['conclusion_on'])}")

st.markdown(f"#### {tr('inspections.col.team')}")
team = [
    {
        tr("inspections.team.name"): m["full_name"] or m["username"],
        tr("inspections.team.role"): tr("inspections.role." + m["role"]),
    }
    for m in row["team"]
]
st.dataframe(team, hide_index=True, width="stretch")

st.markdown(f"#### {tr('inspections.checklist')}")
for item, found in views.findings_by_item(row):
    if item is not None:
        st.markdown(views.item_heading(item))
    for finding in found:
        st.markdown(views.finding_line(finding, lang))

st.markdown(f"#### {tr('inspections.recommendations')}")
if not row["recommendations"]:
    st.caption(tr("inspections.no_recommendations"))
for rec in row["recommendations"]:
    with st.expander(views.recommendation_label(rec, lang, date.today())):
        for entry in rec["followups"]:
            st.markdown(views.followup_line(entry, lang))
        if row["can_findings"] and rec["status"] == "open":
            fu = record_keys("insp_det_fu", rec["id"])
            fc1, fc2 = st.columns(2)
            on = fc1.date_input(tr("inspections.day"), date.today(), format="DD/MM/YYYY", key=fu("day"))
            kinds = {k: tr("inspections.followup." + k) for k in store.FOLLOWUP_KINDS}
            kind = pick(tr("inspections.followup_kind"), kinds, fu("kind"), container=fc2)
            text = st.text_input(tr("inspections.text"), key=fu("text"))
            if st.button(tr("inspections.add_followup"), key=fu("add")):
                save(followup.add_followup, db(), user, rec["id"], on_date=on, kind=kind, text=text)

if row["can_findings"] and not followup.open_for_results(row):
    st.warning(tr("inspections.cancelled_note"))
elif row["can_findings"]:
    # Emptied after a save, kept after a refusal (a missing kind must not cost the typed text).
    with st.expander(tr("inspections.add_finding")), st.form(key("f_form")):
        items = {None: "—"} | {i["id"]: i["title"] for i in row["items"]}
        item_id = pick(tr("inspections.checklist"), items, key("f_item"))
        kinds = {k: tr("inspections.finding." + k) for k in store.FINDING_KINDS}
        kind = st.radio(  # no default: a shortcoming left on a preselected "strength" would be filed as one
            tr("inspections.finding_kind"),
            list(kinds),
            index=None,
            format_func=kinds.get,
            horizontal=True,
            key=key("f_kind"),
        )
        text = st.text_area(tr("inspections.text"), key=key("f_text"))
        cause = st.text_input(tr("inspections.cause"), key=key("f_cause"))
        cause_kinds = {k: tr("inspections.cause_kind." + k) for k in store.CAUSE_KINDS}
        cause_kind = st.radio(
            tr("inspections.cause_kind"),
            list(cause_kinds),
            index=None,
            format_func=cause_kinds.get,
            horizontal=True,
            key=key("f_cause_kind"),
        )
        if st.form_submit_button(tr("inspections.add_finding"), key=key("f_add")):
            save(
                followup.add_finding,
                db(),
                user,
                inspection_id,
                item_id=item_id,
                kind=kind,
                text=text,
                cause=cause,
                cause_kind=cause_kind,
                success=tr("inspections.finding_saved"),
                clear=(key("f_text"), key("f_kind"), key("f_item"), key("f_cause"), key("f_cause_kind")),
            )
    shortcomings = {f["id"]: f["text"] for f in row["findings"] if f["kind"] == "shortcoming"}
    if shortcomings:
        with st.expander(tr("inspections.set_cause")), st.form(key("cause_form")):
            finding_id = pick(tr("inspections.cause_finding"), shortcomings, key("cause_finding"))
            c_text = st.text_input(tr("inspections.cause"), key=key("cause_text"))
            c_kinds = {k: tr("inspections.cause_kind." + k) for k in store.CAUSE_KINDS}
            c_kind = st.radio(
                tr("inspections.cause_kind"),
                list(c_kinds),
                index=None,
                format_func=c_kinds.get,
                horizontal=True,
                key=key("cause_kind"),
            )
            if st.form_submit_button(tr("inspections.set_cause"), key=key("cause_save")):
                save(
                    followup.set_finding_cause,
                    db(),
                    user,
                    finding_id,
                    cause=c_text,
                    cause_kind=c_kind,
                    success=tr("inspections.cause_saved"),
                    clear=(key("cause_text"), key("cause_kind")),
                )
    with st.expander(tr("inspections.add_recommendation")):
        r_text = st.text_area(tr("inspections.text"), key=key("r_text"))
        unit_list = {u["id"]: u["name"] for u in cached(core_units.list_units, db())}
        r_unit = pick(tr("inspections.responsible_unit"), unit_list, key("r_unit"), row["unit_id"])
        today = today_local()
        suggested = followup.default_deadline(row["conclusion_on"], today)
        r_deadline = st.date_input(tr("inspections.deadline"), suggested, format="DD/MM/YYYY", key=key("r_deadline"))
        past = r_deadline is not None and r_deadline < today
        if past:
            st.warning(tr("inspections.deadline_past", day=fmt_date(r_deadline)))
        confirmed = past and st.checkbox(tr("inspections.deadline_past_confirm"), key=key("r_past_ok"))
        team_names = {None: tr("inspections.head_default")} | {
            m["user_id"]: m["full_name"] or m["username"] for m in row["team"]
        }
        r_inspector = pick(tr("inspections.followed_by"), team_names, key("r_insp"))
        why_not = tr("inspections.deadline_past_why") if past and not confirmed else None
        if st.button(tr("inspections.add_recommendation"), key=key("r_add"), disabled=bool(why_not), help=why_not):
            save(
                followup.add_recommendation,
                db(),
                user,
                inspection_id,
                text=r_text,
                unit_id=r_unit,
                deadline=r_deadline,
                inspector_id=r_inspector,
                clear=(key("r_text"), key("r_deadline"), key("r_past_ok")),
            )
    with st.expander(tr("inspections.conclusion")):
        c_day = st.date_input(tr("inspections.day"), date.today(), format="DD/MM/YYYY", key=key("c_day"))
        c_number = st.text_input(tr("inspections.number"), key=key("c_number"))
        if st.button(tr("inspections.save"), key=key("c_save")):
            save(schedule.set_conclusion, db(), user, inspection_id, c_day, c_number)

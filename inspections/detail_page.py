"""One inspection: team, checklist, self-inspection report, findings by content area,
recommendations and their follow-up trail. Office staff edit everything; inspectors
record results only on inspections whose team they are on; leaders read."""

from datetime import date

import streamlit as st

from core import units as core_units
from core.i18n import fmt_date, t
from core.shell_page import allowed, app_settings, attempt, current_lang, db, require_user, tr
from inspections import followup, schedule, store, views

user = require_user()
lang = current_lang()
st.title(tr("nav.inspection_detail"))

choices = schedule.list_inspections(db())
if not choices:
    st.info(tr("inspections.none"))
    st.stop()
labels = {r["id"]: f"{views.when(r)} · {r['unit_name']}" for r in choices}
wanted = st.query_params.get("id")
default = int(wanted) if wanted and wanted.isdigit() and int(wanted) in labels else choices[0]["id"]
inspection_id = st.selectbox(
    tr("inspections.pick"), list(labels), index=list(labels).index(default), format_func=labels.get, key="insp_det_pick"
)
st.query_params["id"] = str(inspection_id)
row = views.detail(db(), user, inspection_id)

st.subheader(f"{tr('inspections.kind.' + row['kind'])}: {row['unit_name']}")
c1, c2, c3 = st.columns(3)
c1.metric(tr("inspections.col.when"), views.when(row)[:10])
c1.caption(views.when(row)[11:])
c2.metric(tr("inspections.col.status"), tr("inspections.status." + row["status"]))
c3.metric(tr("inspections.plan"), row["plan_number"] or "—")
st.write(f"**{tr('inspections.col.place')}:** {row['place'] or '—'}")
st.write(f"**{tr('inspections.self_report')}:** {fmt_date(row['self_report_on']) or tr('inspections.not_received')}")
report_file = schedule.self_report_file(db(), user, inspection_id, settings=app_settings())
if report_file:
    st.download_button(
        tr("inspections.download_self_report"),
        report_file[1],
        file_name=report_file[0],
        key=f"insp_det_s_dl_{inspection_id}",
    )
if row["conclusion_on"]:
    st.write(f"**{tr('inspections.conclusion')}:** {row['conclusion_number'] or ''} {fmt_date(row['conclusion_on'])}")

st.markdown(f"#### {tr('inspections.col.team')}")
st.dataframe(
    [
        {
            tr("inspections.team.name"): m["full_name"] or m["username"],
            tr("inspections.team.role"): tr("inspections.role." + m["role"]),
        }
        for m in row["team"]
    ],
    hide_index=True,
    width="stretch",
)

st.markdown(f"#### {tr('inspections.checklist')}")
by_item: dict = {}
for f in row["findings"]:
    by_item.setdefault(f["item_id"], []).append(f)
for item in row["items"]:
    found = by_item.get(item["id"], [])
    st.markdown(f"**{item['position']}. {item['title']}**")
    for f in found:
        icon = "✅" if f["kind"] == "strength" else "⚠️"
        st.markdown(f"- {icon} {tr('inspections.finding.' + f['kind'])}: {f['text']}")
for f in by_item.get(None, []):
    st.markdown(f"- {tr('inspections.finding.' + f['kind'])}: {f['text']}")

st.markdown(f"#### {tr('inspections.recommendations')}")
if not row["recommendations"]:
    st.caption(tr("inspections.no_recommendations"))
for rec in row["recommendations"]:
    overdue = rec["status"] == "open" and rec["deadline"] < date.today().isoformat()
    head = f"{rec['text']} — {rec['unit_name']} — {tr('inspections.deadline')}: {fmt_date(rec['deadline'])} — {tr('inspections.rec.' + rec['status'])}"
    with st.expander(("🔴 " if overdue else "") + head):
        for entry in rec["followups"]:
            st.markdown(
                f"- {fmt_date(entry['on_date'])} · {tr('inspections.followup.' + entry['kind'])}: {entry['text'] or ''}"
            )
        if row["can_findings"] and rec["status"] == "open":
            fc1, fc2 = st.columns(2)
            on = fc1.date_input(
                tr("inspections.day"), date.today(), format="DD/MM/YYYY", key=f"insp_det_fu_day_{rec['id']}"
            )
            kind = fc2.selectbox(
                tr("inspections.followup_kind"),
                store.FOLLOWUP_KINDS,
                format_func=lambda k: tr("inspections.followup." + k),
                key=f"insp_det_fu_kind_{rec['id']}",
            )
            text = st.text_input(tr("inspections.text"), key=f"insp_det_fu_text_{rec['id']}")
            if st.button(tr("inspections.add_followup"), key=f"insp_det_fu_add_{rec['id']}"):
                if attempt(followup.add_followup, db(), user, rec["id"], on_date=on, kind=kind, text=text):
                    st.rerun()

if row["can_findings"]:
    with st.expander(tr("inspections.add_finding")):
        items = {i["id"]: i["title"] for i in row["items"]}
        item_id = st.selectbox(
            tr("inspections.checklist"),
            [None, *items],
            format_func=lambda i: "—" if i is None else items[i],
            key=f"insp_det_f_item_{inspection_id}",
        )
        kind = st.radio(
            tr("inspections.finding_kind"),
            store.FINDING_KINDS,
            format_func=lambda k: tr("inspections.finding." + k),
            horizontal=True,
            key="insp_det_f_kind",
        )
        text = st.text_area(tr("inspections.text"), key="insp_det_f_text")
        if st.button(tr("inspections.add_finding"), key="insp_det_f_add"):
            if attempt(followup.add_finding, db(), user, inspection_id, item_id=item_id, kind=kind, text=text):
                st.rerun()
    with st.expander(tr("inspections.add_recommendation")):
        unit_list = {u["id"]: u["name"] for u in core_units.list_units(db())}
        r_text = st.text_area(tr("inspections.text"), key="insp_det_r_text")
        r_unit = st.selectbox(
            tr("inspections.responsible_unit"),
            list(unit_list),
            index=list(unit_list).index(row["unit_id"]),
            format_func=unit_list.get,
            key=f"insp_det_r_unit_{inspection_id}",
        )
        suggested = followup.default_deadline(row["conclusion_on"])
        r_deadline = st.date_input(
            tr("inspections.deadline"), suggested, format="DD/MM/YYYY", key=f"insp_det_r_deadline_{inspection_id}"
        )
        team = {m["user_id"]: m["full_name"] or m["username"] for m in row["team"]}
        r_inspector = st.selectbox(
            tr("inspections.followed_by"),
            [None, *team],
            format_func=lambda i: tr("inspections.head_default") if i is None else team[i],
            key=f"insp_det_r_insp_{inspection_id}",
        )
        if st.button(tr("inspections.add_recommendation"), key="insp_det_r_add"):
            if attempt(
                followup.add_recommendation,
                db(),
                user,
                inspection_id,
                text=r_text,
                unit_id=r_unit,
                deadline=r_deadline,
                inspector_id=r_inspector,
            ):
                st.rerun()
    with st.expander(tr("inspections.conclusion")):
        c_day = st.date_input(tr("inspections.day"), date.today(), format="DD/MM/YYYY", key="insp_det_c_day")
        c_number = st.text_input(tr("inspections.number"), key="insp_det_c_number")
        if st.button(tr("inspections.save"), key="insp_det_c_save"):
            if attempt(schedule.set_conclusion, db(), user, inspection_id, c_day, c_number):
                st.rerun()

if allowed("inspections.edit"):
    with st.expander(tr("inspections.reschedule")):
        current = schedule.draft_of(row)
        r1, r2, r3 = st.columns(3)
        new_day = r1.date_input(
            tr("inspections.day"), current.day, format="DD/MM/YYYY", key=f"insp_det_m_day_{inspection_id}"
        )
        new_start = r2.time_input(tr("inspections.start"), current.start, key=f"insp_det_m_start_{inspection_id}")
        new_end = r3.time_input(tr("inspections.end"), current.end, key=f"insp_det_m_end_{inspection_id}")
        new_place = st.text_input(tr("inspections.col.place"), current.place, key=f"insp_det_m_place_{inspection_id}")
        people = {m.id: m.display_name for m in schedule.eligible_members(db())}
        people.update({m["user_id"]: m["full_name"] or m["username"] for m in row["team"]})
        roles = {u: r for u, r in current.team}
        t1, t2, t3 = st.columns(3)
        heads = [u for u, r in current.team if r == "head"]
        new_head = t1.selectbox(
            tr("inspections.role.head"),
            list(people),
            index=list(people).index(heads[0]) if heads else 0,
            format_func=people.get,
            key=f"insp_det_m_head_{inspection_id}",
        )
        new_members = t2.multiselect(
            tr("inspections.role.member"),
            list(people),
            [u for u, r in roles.items() if r == "member"],
            format_func=people.get,
            key=f"insp_det_m_members_{inspection_id}",
        )
        secretaries = [None, *people]
        current_secretary = next((u for u, r in roles.items() if r == "secretary"), None)
        new_secretary = t3.selectbox(
            tr("inspections.role.secretary"),
            secretaries,
            index=secretaries.index(current_secretary),
            format_func=lambda i: "—" if i is None else people[i],
            key=f"insp_det_m_secretary_{inspection_id}",
        )
        new_team = (
            [(new_head, "head")]
            + [(u, "member") for u in new_members]
            + ([(new_secretary, "secretary")] if new_secretary else [])
        )
        moved = schedule.Draft(
            **{
                **current.__dict__,
                "day": new_day,
                "start": new_start,
                "end": new_end,
                "place": new_place,
                "team": tuple(new_team),
            }
        )
        if moved.__dict__ | {"team": sorted(moved.team)} != current.__dict__ | {"team": sorted(current.team)}:
            problems = schedule.check(db(), moved, inspection_id)
            for problem in problems["errors"]:
                st.error(t(problem["key"], lang, **problem["params"]))
            for problem in problems["warnings"]:
                st.warning(t(problem["key"], lang, **problem["params"]))
        if st.button(tr("inspections.save"), key=f"insp_det_m_save_{inspection_id}"):
            if attempt(schedule.update_inspection, db(), user, inspection_id, moved):
                st.rerun()
    with st.expander(tr("inspections.change_status")):
        new_status = st.selectbox(
            tr("inspections.col.status"),
            store.STATUSES,
            index=store.STATUSES.index(row["status"]),
            format_func=lambda s: tr("inspections.status." + s),
            key=f"insp_det_status_{inspection_id}",
        )
        if st.button(tr("inspections.save"), key=f"insp_det_status_save_{inspection_id}"):
            if attempt(schedule.set_status, db(), user, inspection_id, new_status):
                st.rerun()
    with st.expander(tr("inspections.edit_checklist")):
        text = st.text_area(
            tr("inspections.checklist_help"),
            "\n".join(f"{i['code'] or ''} | {i['title']}" for i in row["items"]),
            height=240,
            key=f"insp_det_items_{inspection_id}",
        )
        if st.button(tr("inspections.save"), key=f"insp_det_items_save_{inspection_id}"):
            lines = [line.split("|", 1) if "|" in line else ["", line] for line in text.splitlines()]
            if attempt(
                schedule.set_checklist,
                db(),
                user,
                inspection_id,
                [(code.strip(), title.strip()) for code, title in lines],
            ):
                st.rerun()
    with st.expander(tr("inspections.self_report")):
        s_day = st.date_input(tr("inspections.received_on"), date.today(), format="DD/MM/YYYY", key="insp_det_s_day")
        upload = st.file_uploader(tr("inspections.file"), key="insp_det_s_file")
        if st.button(tr("inspections.save"), key="insp_det_s_save"):
            if attempt(
                schedule.record_self_report,
                db(),
                user,
                inspection_id,
                s_day,
                upload.name if upload else "",
                upload.getvalue() if upload else None,
                settings=app_settings(),
            ):
                st.rerun()

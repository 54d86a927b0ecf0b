"""One activity of the plan: its facts, progress history, evidence, changes; office staff
add progress, evidence, and change the status and budget used."""

import secrets

import streamlit as st

from core.i18n import fmt_date, fmt_money, fmt_percent, today_local
from core.ui import allowed, app_settings, cached, current_lang, db, pick, record_keys, require_user, save, tr
from plans import activities, grid, plans, progress, store, views

user = require_user()
lang = current_lang()
st.title(tr("nav.plan_activity"))
labels, default = views.plan_choices(db(), cached(plans.list_plans, db(), user), today_local())
plan = plans.get_plan(db(), pick(tr("plans.page.plan"), labels, "plans_plan", default)) if labels else None
plan_rows = cached(grid.rows, db(), user, plan["id"]) if plan else []
if not plan_rows:
    st.info(tr("common.none"))
    st.stop()
wanted = st.query_params.get("id")
titles = views.activity_labels(plan_rows)
activity_id = pick(
    tr("plans.col.title"), titles, "plans_detail_id", int(wanted) if wanted and wanted.isdigit() else None
)
st.query_params["id"] = str(activity_id)
detail = progress.activity_detail(db(), user, activity_id)
act = detail["activity"]
unit_names = {u["id"]: u["name"] for u in plans.units_for_year(db(), plan["year"])}

st.subheader(act["title"])
if act["overdue"]:
    st.error(tr("plans.page.is_overdue"))
elif act["at_risk"]:
    st.warning(tr("plans.page.is_at_risk"))
cols = st.columns(4)
cols[0].metric(tr("plans.col.status"), tr("plans.status." + act["status"]))
cols[1].metric(tr("plans.col.progress"), fmt_percent(act["progress"], lang, 0))
cols[2].metric(tr("plans.col.budget"), fmt_money(act["budget"], lang) or "—")
cols[3].metric(tr("plans.dash.budget_used"), fmt_money(act["budget_used"], lang) or "—")
st.markdown(views.activity_facts(act, unit_names, lang, views.group_labels(db(), act, lang)))
if act["recurrence"] != "none":
    dates = ", ".join(fmt_date(due, lang) for _start, due in act["occurrences"])
    st.caption(tr("plans.page.occurrences", kind=tr("plans.recurrence." + act["recurrence"]), dates=dates))
st.markdown(f"**{tr('plans.page.history')}**")
if detail["progress"]:
    st.dataframe(
        views.progress_table(detail["progress"], lang), hide_index=True, width="stretch", key="plans_detail_progress"
    )
else:
    st.caption(tr("common.none"))
st.markdown(f"**{tr('plans.page.evidence')}**")
for line in views.evidence_lines(detail["evidence"], detail["coverage"]):
    st.markdown(line)
for item in (e for e in detail["evidence"] if e["kind"] != "link"):
    path = progress.evidence_path(db(), user, item["id"], settings=app_settings())
    if path and path.exists():
        st.download_button(
            views.file_label(item, lang),
            path.read_bytes(),
            item["file_name"],
            item["mime"],
            key=f"plans_ev_{item['id']}",
        )
if not detail["evidence"] and not detail["coverage"]:
    st.caption(tr("common.none"))
with st.expander(tr("plans.page.audit")):
    st.dataframe(views.audit_table(detail["audit"], lang), hide_index=True, width="stretch", key="plans_detail_audit")

if allowed("plans.edit"):
    key = record_keys("plans_act", activity_id)  # every widget below belongs to this activity
    left, right = st.columns(2)
    with left.form(key("progress_form"), clear_on_submit=True):
        st.markdown(f"**{tr('plans.page.add_progress')}**")
        on_date = st.date_input(tr("plans.page.on_date"), today_local(), format="DD/MM/YYYY", key=key("p_date"))
        percent = st.number_input(tr("plans.page.percent"), 0.0, 100.0, value=None, key=key("p_percent"))
        count = st.number_input(tr("plans.page.count_done"), min_value=0.0, value=None, key=key("p_count"))
        note = st.text_area(tr("plans.page.note"), key=key("p_note"))
        why = st.text_input(
            tr("plans.page.progress_cause"), key=key("p_cause"), help=tr("plans.page.progress_cause_help")
        )
        kinds = {"": "—"} | {c: tr("plans.cause." + c) for c in activities.CAUSES}
        why_kind = pick(tr("plans.page.progress_cause_kind"), kinds, key("p_cause_kind"), "")
        if st.form_submit_button(tr("common.save")):
            save(
                progress.add_progress,
                db(),
                user,
                activity_id,
                on_date=on_date,
                percent=percent,
                count=count,
                note=note,
                cause=why,
                cause_kind=why_kind or None,
            )
    with right.form(key("status_form")):
        st.markdown(f"**{tr('plans.page.change_status')}**")
        statuses = {s: tr("plans.status." + s) for s in store.ACTIVITY_STATUSES}
        status = pick(tr("plans.col.status"), statuses, key("status"), act["status"])
        used = st.number_input(
            tr("plans.dash.budget_used"), min_value=0, value=act["budget_used"] or 0, step=1_000_000, key=key("used")
        )
        reason = st.text_input(tr("plans.page.reason"), key=key("reason"), help=tr("plans.page.reason_help"))
        causes = {"": "—"} | {c: tr("plans.cause." + c) for c in activities.CAUSES}
        cause = pick(tr("plans.page.cause"), causes, key("cause"), "")
        if st.form_submit_button(tr("common.save")):
            save(
                activities.set_status_and_budget,
                db(),
                user,
                activity_id,
                status=status,
                budget_used=used,
                reason=reason,
                cause=cause or None,
            )
    with left.form(key("link_form"), clear_on_submit=True):
        st.markdown(f"**{tr('plans.page.add_link')}**")
        url = st.text_input("URL", key=key("l_url"))
        link_note = st.text_input(tr("plans.page.note"), key=key("l_note"))
        if st.form_submit_button(tr("common.save")):
            save(progress.add_link, db(), user, activity_id, url, link_note)
    # Not a form: the button knows whether a file is chosen, so it can say why it waits. The
    # uploader's key changes after a save (its own key is dropped), which empties it.
    with right.container(border=True):
        st.markdown(f"**{tr('plans.page.add_file')}**")
        upload_key = key("upload_n")
        if upload_key not in st.session_state:
            st.session_state[upload_key] = secrets.token_hex(4)
        upload = st.file_uploader(tr("plans.page.file_types"), key=key("upload_" + st.session_state[upload_key]))
        if st.button(
            tr("common.save"),
            key=key("file_save"),
            disabled=upload is None,
            help=tr("plans.page.file_needed") if upload is None else None,
        ):
            save(
                progress.add_file,
                db(),
                user,
                activity_id,
                upload.name,
                upload.getvalue(),
                settings=app_settings(),
                clear=(upload_key,),
            )
        if upload is None:
            st.caption(tr("plans.page.file_needed"))

import pandas as pd
import streamlit as st

from core.i18n import fmt_date, fmt_datetime, fmt_money, fmt_number, fmt_percent, today_local
from core.shell_page import allowed, attempt, current_lang, db, require_user, tr
from plans import activities, export, grid, importer, plans, progress, store

user = require_user()
lang = current_lang()
can_edit = allowed("plans.edit")
STATUSES = store.ACTIVITY_STATUSES
# Labels resolved now, in the page's language (format functions may be called later).
STATUS_LABELS = {s: tr("plans.status." + s) for s in STATUSES}
PLAN_STATUS_LABELS = {s: tr("plans.plan_status." + s) for s in store.PLAN_STATUSES}
RECURRENCE_LABELS = {r: tr("plans.recurrence." + r) for r in store.RECURRENCES}
QUARTER_LABELS = {q: tr("plans.quarter", n=q) for q in (1, 2, 3, 4)}
NO_VIEW, LEAVE_EMPTY, ANY = tr("plans.page.no_view"), tr("plans.page.leave_empty"), tr("plans.page.any")
st.title(tr("nav.plans"))

all_plans = plans.list_plans(db(), user)
if not all_plans and not can_edit:
    st.info(tr("plans.dash.no_plan"))
    st.stop()
plan = None
if all_plans:
    ids = [p["id"] for p in all_plans]
    current = plans.annual_plan_for(db(), today_local().year)
    plan_id = st.selectbox(
        tr("plans.page.plan"),
        ids,
        index=ids.index(current["id"]) if current else 0,
        key="plans_plan",
        format_func=lambda i: next(
            " · ".join(str(x) for x in (p["year"], p["number"], p["title"]) if x) for p in all_plans if p["id"] == i
        ),
    )
    plan = plans.get_plan(db(), plan_id)
    st.caption(
        " · ".join(
            x
            for x in (
                plan["issuer"],
                tr("plans.page.issued", date=fmt_date(plan["issued_on"], lang)) if plan["issued_on"] else "",
                tr("plans.plan_status." + plan["status"]),
            )
            if x
        )
    )

tab_names = [tr("plans.tab.grid"), tr("plans.tab.detail")] + (
    [tr("plans.tab.add"), tr("plans.tab.import")] if can_edit else []
)
tabs = st.tabs(tab_names)
themes = plans.list_themes(db(), plan["id"]) if plan else []
units = plans.units_for_year(db(), plan["year"]) if plan else []
unit_names = {u["id"]: u["name"] for u in units}
channels = plans.list_channels(db())


def load_view() -> None:
    """Put a saved view's filters into the filter widgets."""
    choice = st.session_state.get("plans_view")
    view = next((v for v in grid.list_views(db(), user) if v["id"] == choice), None)
    if view:
        f = view["filters"]
        st.session_state["plans_f_theme"] = [t for t in f["theme_ids"] if t in {x["id"] for x in themes}]
        st.session_state["plans_f_unit"] = [u for u in f["lead_unit_ids"] if u in unit_names]
        st.session_state["plans_f_channel"] = [c for c in f["channel_codes"] if c in {x["code"] for x in channels}]
        st.session_state["plans_f_status"] = f["statuses"]
        st.session_state["plans_f_quarter"] = f["quarters"]
        st.session_state["plans_f_overdue"] = f["overdue_only"]


# --- grid ---------------------------------------------------------------------
with tabs[0]:
    if plan is None:
        st.info(tr("plans.dash.no_plan"))
    else:
        views = grid.list_views(db(), user)
        st.selectbox(
            tr("plans.page.saved_views"),
            [None] + [v["id"] for v in views],
            key="plans_view",
            on_change=load_view,
            format_func=lambda i: NO_VIEW if i is None else next(v["name"] for v in views if v["id"] == i),
        )
        cols = st.columns(3)
        theme_ids = cols[0].multiselect(
            tr("plans.col.theme"),
            [t["id"] for t in themes],
            key="plans_f_theme",
            placeholder=ANY,
            format_func=lambda i: next(f"{t['code']}. {t['title'][:50]}" for t in themes if t["id"] == i),
        )
        unit_ids = cols[1].multiselect(
            tr("plans.col.lead_unit"), list(unit_names), key="plans_f_unit", placeholder=ANY, format_func=unit_names.get
        )
        channel_codes = cols[2].multiselect(
            tr("plans.col.channels"),
            [c["code"] for c in channels],
            key="plans_f_channel",
            placeholder=ANY,
            format_func=lambda c: next(
                x["name_vi" if lang == "vi" else "name_en"] or x["name_vi"] for x in channels if x["code"] == c
            ),
        )
        cols = st.columns(3)
        statuses = cols[0].multiselect(
            tr("plans.col.status"), list(STATUSES), key="plans_f_status", placeholder=ANY, format_func=STATUS_LABELS.get
        )
        quarters = cols[1].multiselect(
            tr("plans.page.quarter"),
            [1, 2, 3, 4],
            key="plans_f_quarter",
            placeholder=ANY,
            format_func=QUARTER_LABELS.get,
        )
        overdue_only = cols[2].checkbox(tr("plans.page.overdue_only"), key="plans_f_overdue")
        filters = {
            "theme_ids": theme_ids,
            "lead_unit_ids": unit_ids,
            "channel_codes": channel_codes,
            "statuses": statuses,
            "quarters": quarters,
            "overdue_only": overdue_only,
        }
        with st.popover(tr("plans.page.save_view")):
            view_name = st.text_input(tr("plans.page.view_name"), key="plans_view_name")
            if st.button(tr("common.save"), key="plans_view_save"):
                if attempt(grid.save_view, db(), user, view_name, filters, success=tr("plans.page.view_saved")):
                    st.rerun()

        rows = grid.rows(db(), user, plan["id"], filters)
        st.caption(tr("plans.page.count", n=fmt_number(len(rows), lang)))
        frame = pd.DataFrame(
            [
                {
                    "id": r["id"],
                    "theme": r["theme_code"],
                    "title": r["title"],
                    "lead": r["lead_unit_name"],
                    "deadline": pd.to_datetime(r["deadline"]).date() if r["deadline"] else None,
                    "status": r["status"],
                    "progress": round(r["progress"], 1),
                    "overdue": r["overdue"],
                    "at_risk": r["at_risk"],
                    "budget": r["budget"],
                    "review": r["review_note"],
                }
                for r in rows
            ],
            columns=[
                "id",
                "theme",
                "title",
                "lead",
                "deadline",
                "status",
                "progress",
                "overdue",
                "at_risk",
                "budget",
                "review",
            ],
        )
        config = {
            "id": st.column_config.NumberColumn(tr("plans.col.id"), disabled=True),
            "theme": st.column_config.TextColumn(tr("plans.col.theme"), disabled=True),
            "title": st.column_config.TextColumn(tr("plans.col.title"), disabled=True, width="medium"),
            "lead": st.column_config.TextColumn(tr("plans.col.lead_unit"), disabled=True),
            "deadline": st.column_config.DateColumn(tr("plans.col.deadline"), format="DD/MM/YYYY", disabled=True),
            "status": st.column_config.SelectboxColumn(
                tr("plans.col.status"), options=list(STATUSES), required=True, format_func=STATUS_LABELS.get
            ),
            "progress": st.column_config.NumberColumn(tr("plans.col.progress"), min_value=0, max_value=100, step=1),
            "overdue": st.column_config.CheckboxColumn(tr("plans.col.overdue"), disabled=True),
            "at_risk": st.column_config.CheckboxColumn(tr("plans.dash.at_risk"), disabled=True),
            "budget": st.column_config.NumberColumn(tr("plans.col.budget"), format="localized", disabled=True),
            "review": st.column_config.TextColumn(tr("plans.col.review"), help=tr("plans.page.review_help")),
        }
        if can_edit:
            edited = st.data_editor(frame, column_config=config, hide_index=True, width="stretch", key="plans_grid")
            if st.button(tr("plans.page.save_grid"), key="plans_grid_save", type="primary"):
                edits = grid.changed_cells(rows, edited.to_dict("records"))
                if (
                    edits
                    and attempt(grid.apply_edits, db(), user, edits, success=tr("plans.page.grid_saved", n=len(edits)))
                    is not None
                ):
                    st.rerun()
        else:
            st.dataframe(frame, column_config=config, hide_index=True, width="stretch", key="plans_grid_view")
        cols = st.columns(2)
        cols[0].download_button(
            tr("plans.page.export_xlsx"),
            export.export_plan(db(), user, plan["id"], "xlsx", lang),
            file_name=f"ke-hoach-{plan['year']}.xlsx",
            key="plans_export_xlsx",
        )
        cols[1].download_button(
            tr("plans.page.export_csv"),
            export.export_plan(db(), user, plan["id"], "csv", lang),
            file_name=f"ke-hoach-{plan['year']}.csv",
            mime="text/csv",
            key="plans_export_csv",
        )

# --- detail ---------------------------------------------------------------------
with tabs[1]:
    plan_rows = grid.rows(db(), user, plan["id"]) if plan else []
    if not plan_rows:
        st.info(tr("common.none"))
    else:
        titles = {r["id"]: f"{r['theme_code'] or ''} · {r['title']}" for r in plan_rows}
        activity_id = st.selectbox(tr("plans.col.title"), list(titles), format_func=titles.get, key="plans_detail_id")
        detail = progress.activity_detail(db(), user, activity_id)
        act = detail["activity"]
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
        st.markdown(
            tr(
                "plans.page.facts",
                lead=unit_names.get(act["lead_unit_id"], "—"),
                coord=", ".join(unit_names.get(u, str(u)) for u in act["coordinating_unit_ids"]) or "—",
                planned=f"{fmt_date(act['planned_start'], lang)} – {fmt_date(act['planned_end'], lang)}",
                actual=f"{fmt_date(act['actual_start'], lang)} – {fmt_date(act['actual_end'], lang)}",
                deadline=fmt_date(act["deadline"], lang),
                output=act["output"] or "—",
                target=fmt_number(act["target"], lang) if act["target"] else "—",
                unit=act["target_unit"] or "",
            )
        )
        if act["recurrence"] != "none":
            st.caption(
                tr(
                    "plans.page.occurrences",
                    kind=tr("plans.recurrence." + act["recurrence"]),
                    dates=", ".join(fmt_date(due, lang) for _start, due in act["occurrences"]),
                )
            )
        st.markdown(f"**{tr('plans.page.history')}**")
        if detail["progress"]:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("plans.page.on_date"): fmt_date(p["on_date"], lang),
                            tr("plans.page.percent"): fmt_percent(p["percent"], lang, 0)
                            if p["percent"] is not None
                            else "",
                            tr("plans.page.count_done"): fmt_number(p["count"], lang) if p["count"] is not None else "",
                            tr("plans.page.note"): p["note"] or "",
                            tr("plans.page.author"): p["author"] or "",
                        }
                        for p in detail["progress"]
                    ]
                ),
                hide_index=True,
                width="stretch",
                key="plans_detail_progress",
            )
        else:
            st.caption(tr("common.none"))
        st.markdown(f"**{tr('plans.page.evidence')}**")
        for item in detail["evidence"]:
            if item["kind"] == "link":
                st.markdown(f"- [{item['note'] or item['url']}]({item['url']})")
            else:
                path = progress.evidence_path(db(), user, item["id"])
                if path and path.exists():
                    st.download_button(
                        f"{item['file_name']} ({fmt_number(item['size'] / 1024, lang)} KB)",
                        path.read_bytes(),
                        file_name=item["file_name"],
                        mime=item["mime"],
                        key=f"plans_ev_{item['id']}",
                    )
        for article in detail["coverage"]:
            st.markdown(f"- 📰 [{article['title']}]({article['url']}) — {article.get('outlet') or ''}")
        if not detail["evidence"] and not detail["coverage"]:
            st.caption(tr("common.none"))
        with st.expander(tr("plans.page.audit")):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("plans.page.when"): fmt_datetime(a["at"], lang),
                            tr("plans.page.author"): a["actor"],
                            tr("plans.page.action"): a["action"],
                            tr("plans.page.changes"): a["after"] or "",
                        }
                        for a in detail["audit"]
                    ]
                ),
                hide_index=True,
                width="stretch",
                key="plans_detail_audit",
            )
        if can_edit:
            left, right = st.columns(2)
            with left.form("plans_progress_form", clear_on_submit=True):
                st.markdown(f"**{tr('plans.page.add_progress')}**")
                on_date = st.date_input(
                    tr("plans.page.on_date"), value=today_local(), format="DD/MM/YYYY", key="plans_p_date"
                )
                percent = st.number_input(
                    tr("plans.page.percent"), min_value=0.0, max_value=100.0, value=None, key="plans_p_percent"
                )
                count = st.number_input(tr("plans.page.count_done"), min_value=0.0, value=None, key="plans_p_count")
                note = st.text_area(tr("plans.page.note"), key="plans_p_note")
                if st.form_submit_button(tr("common.save")):
                    if attempt(
                        progress.add_progress,
                        db(),
                        user,
                        activity_id,
                        on_date=on_date,
                        percent=percent,
                        count=count,
                        note=note,
                        success=tr("plans.page.saved"),
                    ):
                        st.rerun()
            with right.form("plans_status_form"):
                st.markdown(f"**{tr('plans.page.change_status')}**")
                status = st.selectbox(
                    tr("plans.col.status"),
                    list(STATUSES),
                    index=STATUSES.index(act["status"]),
                    format_func=STATUS_LABELS.get,
                    key="plans_s_status",
                )
                used = st.number_input(
                    tr("plans.dash.budget_used"),
                    min_value=0,
                    value=act["budget_used"] or 0,
                    step=1_000_000,
                    key="plans_s_used",
                )
                if st.form_submit_button(tr("common.save")):
                    if status != act["status"]:
                        attempt(activities.change_status, db(), user, activity_id, status)
                    if used != (act["budget_used"] or 0):
                        attempt(activities.update_activity, db(), user, activity_id, budget_used=used)
                    st.rerun()
            with left.form("plans_link_form", clear_on_submit=True):
                st.markdown(f"**{tr('plans.page.add_link')}**")
                url = st.text_input("URL", key="plans_l_url")
                link_note = st.text_input(tr("plans.page.note"), key="plans_l_note")
                if st.form_submit_button(tr("common.save")):
                    if attempt(
                        progress.add_link, db(), user, activity_id, url, link_note, success=tr("plans.page.saved")
                    ):
                        st.rerun()
            with right.form("plans_file_form", clear_on_submit=True):
                st.markdown(f"**{tr('plans.page.add_file')}**")
                upload = st.file_uploader(tr("plans.page.file_types"), key="plans_f_upload")
                if st.form_submit_button(tr("common.save")) and upload is not None:
                    if attempt(
                        progress.add_file,
                        db(),
                        user,
                        activity_id,
                        upload.name,
                        upload.getvalue(),
                        success=tr("plans.page.saved"),
                    ):
                        st.rerun()

# --- add plans, themes, activities, channels ---------------------------------------
if can_edit:
    with tabs[2]:
        with st.form("plans_new_plan", clear_on_submit=True):
            st.markdown(f"**{tr('plans.page.new_plan')}**")
            cols = st.columns(3)
            year = cols[0].number_input(tr("plans.dash.year"), 2000, 2100, today_local().year, key="plans_np_year")
            number = cols[1].text_input(tr("plans.page.number"), key="plans_np_number")
            issued = cols[2].date_input(
                tr("plans.page.issued_on"), value=None, format="DD/MM/YYYY", key="plans_np_issued"
            )
            title = st.text_input(tr("plans.page.plan_title"), key="plans_np_title")
            issuer = st.text_input(tr("plans.page.issuer"), key="plans_np_issuer")
            if st.form_submit_button(tr("common.save")):
                if attempt(
                    plans.create_plan,
                    db(),
                    user,
                    year=year,
                    number=number,
                    title=title,
                    issuer=issuer,
                    issued_on=issued.isoformat() if issued else None,
                    success=tr("plans.page.saved"),
                ):
                    st.rerun()
        if plan:
            cols = st.columns(2)
            with cols[0].form("plans_copy"):
                st.markdown(f"**{tr('plans.page.copy_forward')}**")
                to_year = st.number_input(tr("plans.dash.year"), 2000, 2100, plan["year"] + 1, key="plans_cp_year")
                if st.form_submit_button(tr("plans.page.copy")):
                    result = attempt(plans.copy_forward, db(), user, plan["id"], to_year)
                    if result:
                        st.success(
                            tr(
                                "plans.page.copied",
                                themes=result["themes"],
                                activities=result["activities"],
                                review=len(result["lead_unit_review"]),
                            )
                        )
            with cols[1].form("plans_status"):
                st.markdown(f"**{tr('plans.page.plan_status')}**")
                new_status = st.selectbox(
                    tr("plans.col.status"),
                    list(store.PLAN_STATUSES),
                    index=store.PLAN_STATUSES.index(plan["status"]),
                    format_func=PLAN_STATUS_LABELS.get,
                    key="plans_ps_status",
                )
                if st.form_submit_button(tr("common.save")):
                    if attempt(plans.set_plan_status, db(), user, plan["id"], new_status):
                        st.rerun()
            with st.form("plans_new_theme", clear_on_submit=True):
                st.markdown(f"**{tr('plans.page.new_theme')}**")
                cols = st.columns([1, 4])
                code = cols[0].text_input(tr("plans.page.code"), key="plans_nt_code")
                theme_title = cols[1].text_input(tr("plans.page.theme_title"), key="plans_nt_title")
                keywords = st.text_input(tr("plans.page.keywords"), key="plans_nt_keywords")
                if st.form_submit_button(tr("common.save")):
                    if attempt(
                        plans.add_theme,
                        db(),
                        user,
                        plan["id"],
                        code=code,
                        title=theme_title,
                        keywords=keywords.split(","),
                        success=tr("plans.page.saved"),
                    ):
                        st.rerun()
            with st.form("plans_new_activity", clear_on_submit=True):
                st.markdown(f"**{tr('plans.page.new_activity')}**")
                a_title = st.text_input(tr("plans.col.title"), key="plans_na_title")
                cols = st.columns(2)
                a_theme = cols[0].selectbox(
                    tr("plans.col.theme"),
                    [t["id"] for t in themes],
                    key="plans_na_theme",
                    format_func=lambda i: next(f"{t['code']}. {t['title'][:60]}" for t in themes if t["id"] == i),
                )
                a_lead = cols[1].selectbox(
                    tr("plans.col.lead_unit"),
                    [None] + list(unit_names),
                    key="plans_na_lead",
                    format_func=lambda i: "—" if i is None else unit_names[i],
                )
                a_coord = cols[0].multiselect(
                    tr("plans.col.coordinating"), list(unit_names), format_func=unit_names.get, key="plans_na_coord"
                )
                a_channels = cols[1].multiselect(
                    tr("plans.col.channels"),
                    [c["id"] for c in channels],
                    key="plans_na_channels",
                    format_func=lambda i: next(c["name_vi"] for c in channels if c["id"] == i),
                )
                cols = st.columns(4)
                a_start = cols[0].date_input(
                    tr("plans.page.start"), value=None, format="DD/MM/YYYY", key="plans_na_start"
                )
                a_end = cols[1].date_input(tr("plans.page.end"), value=None, format="DD/MM/YYYY", key="plans_na_end")
                a_deadline = cols[2].date_input(
                    tr("plans.col.deadline"), value=None, format="DD/MM/YYYY", key="plans_na_deadline"
                )
                a_recurrence = cols[3].selectbox(
                    tr("plans.page.recurrence"),
                    list(store.RECURRENCES),
                    key="plans_na_recurrence",
                    format_func=RECURRENCE_LABELS.get,
                )
                cols = st.columns(4)
                a_output = cols[0].text_input(tr("plans.export.output"), key="plans_na_output")
                a_target = cols[1].number_input(
                    tr("plans.export.target"), min_value=0.0, value=None, key="plans_na_target"
                )
                a_unit = cols[2].text_input(tr("plans.export.target_unit"), key="plans_na_unit")
                a_budget = cols[3].number_input(
                    tr("plans.col.budget"), min_value=0, value=None, step=1_000_000, key="plans_na_budget"
                )
                if st.form_submit_button(tr("common.save")):
                    created = attempt(
                        activities.create_activity,
                        db(),
                        user,
                        plan["id"],
                        theme_id=a_theme,
                        title=a_title,
                        lead_unit_id=a_lead,
                        coordinating_unit_ids=a_coord,
                        channel_ids=a_channels,
                        planned_start=a_start,
                        planned_end=a_end,
                        deadline=a_deadline or a_end,
                        recurrence=a_recurrence,
                        output=a_output,
                        target=a_target,
                        target_unit=a_unit,
                        budget=a_budget,
                    )
                    if created:
                        st.success(tr("plans.page.saved"))
                        for warning in created["warnings"]:
                            st.warning(tr(warning))
        if allowed("plans.channels"):
            with st.form("plans_new_channel", clear_on_submit=True):
                st.markdown(f"**{tr('plans.page.new_channel')}**")
                cols = st.columns(3)
                c_code = cols[0].text_input(tr("plans.page.code"), key="plans_nc_code")
                c_vi = cols[1].text_input(tr("plans.page.name_vi"), key="plans_nc_vi")
                c_en = cols[2].text_input(tr("plans.page.name_en"), key="plans_nc_en")
                if st.form_submit_button(tr("common.save")):
                    attempt(
                        plans.add_channel,
                        db(),
                        user,
                        code=c_code,
                        name_vi=c_vi,
                        name_en=c_en,
                        success=tr("plans.page.saved"),
                    )

    # --- import -----------------------------------------------------------------
    with tabs[3]:
        st.caption(tr("plans.page.import_help"))
        cols = st.columns([3, 1])
        upload = cols[0].file_uploader(tr("plans.page.import_file"), type=["docx", "xlsx"], key="plans_imp_file")
        imp_year = cols[1].number_input(
            tr("plans.dash.year"), 2000, 2100, plan["year"] if plan else today_local().year, key="plans_imp_year"
        )
        if st.button(tr("plans.page.import_read"), key="plans_imp_read", disabled=upload is None):
            st.session_state["plans_imp_preview"] = attempt(
                importer.read_file, db(), user, upload.name, upload.getvalue(), imp_year
            )
        preview = st.session_state.get("plans_imp_preview")
        if preview:
            st.success(
                tr(
                    "plans.page.import_preview",
                    themes=len(preview["themes"]),
                    activities=len(preview["activities"]),
                    year=preview["year"],
                )
            )
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("plans.col.stt"): a["stt"],
                            tr("plans.col.theme"): a["theme_code"],
                            tr("plans.col.title"): a["title"],
                            tr("plans.col.lead_unit"): a["lead_name"],
                            tr("plans.col.coordinating"): "; ".join(name for name, _unit in a["coordinating"]),
                            tr("plans.col.window"): " – ".join(
                                fmt_date(d, lang) for d in (a["planned_start"], a["planned_end"]) if d
                            ),
                            tr("plans.col.deadline"): fmt_date(a["deadline"], lang),
                            tr("plans.col.target"): " ".join(
                                x for x in (fmt_number(a["target"], lang), a["target_unit"] or "") if x
                            ),
                            tr("plans.col.budget"): fmt_money(a["budget"], lang),
                            tr("plans.col.funding_note"): a["funding_note"],
                            tr("plans.col.review"): "; ".join(importer.message(f, lang) for f in a["flags"]),
                        }
                        for a in preview["activities"]
                    ]
                ),
                hide_index=True,
                width="stretch",
                key="plans_imp_table",
            )
            if preview["problems"]:
                st.warning(
                    tr("plans.import.problems")
                    + "\n"
                    + "\n".join(f"- {importer.message(p, lang)}" for p in preview["problems"])
                )
            choices = {}
            if preview["unmatched_units"]:
                st.warning(tr("plans.page.import_review"))
                for index, name in enumerate(preview["unmatched_units"]):
                    choices[name] = st.selectbox(
                        name,
                        [None] + list(unit_names),
                        key=f"plans_imp_unit_{index}",
                        format_func=lambda i: LEAVE_EMPTY if i is None else unit_names[i],
                    )
            if st.button(tr("plans.page.import_commit"), key="plans_imp_commit", type="primary"):
                result = attempt(importer.commit, db(), user, preview, unit_choices=choices)
                if result:
                    st.session_state.pop("plans_imp_preview", None)
                    st.success(tr("plans.page.imported", activities=result["activities"], plan=result["plan"]["title"]))
                    if result["flagged"]:
                        st.info(tr("plans.import.flagged", flagged=result["flagged"]))

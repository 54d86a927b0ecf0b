import streamlit as st

from core.errors import AppError, ValidationError
from core.i18n import fmt_date, fmt_number, today_local
from core.ui import allowed, attempt, current_lang, db, require_user, show_error, tr
from core.units import list_units
from plans import indices, indices_io, remediation

user = require_user()
lang = current_lang()
can_edit = allowed("indices.edit")
st.title(tr("indices.title"))


def num(value, digits: int = 2) -> str:
    return "" if value is None else fmt_number(value, lang, digits)


def name(row: dict) -> str:
    return (row.get("name_en") if lang == "en" else None) or row["name_vi"]


all_indices = indices.list_indices(db())
if not all_indices:
    st.info(tr("indices.none"))
    st.stop()
c1, c2, c3 = st.columns([2, 2, 1])
index = c1.selectbox(tr("indices.index"), all_indices, format_func=name, key="indices_index")
kinds = indices.SUBJECT_UNIT_KINDS[index["subject_kind"]]
subjects = [u for u in list_units(db()) if u["kind"] in kinds]
known = [u["id"] for u in indices.result_subjects(db(), index["id"])]
subjects.sort(key=lambda u: (u["id"] not in known, u["name"]))
subject = c2.selectbox(tr("indices.subject"), subjects, format_func=lambda u: u["name"], key="indices_subject")
years = indices.result_years(db(), index["id"], subject["id"] if subject else None)
year = c3.number_input(
    tr("indices.year"), 2000, 2100, value=years[-1] if years else today_local().year - 1, step=1, key="indices_year"
)
if subject is None:
    st.info(tr("indices.no_subject"))
    st.stop()

tab_names = [tr("indices.tab.results"), tr("indices.tab.frameworks"), tr("indices.tab.leads")]
if can_edit:
    tab_names.insert(1, tr("indices.tab.entry"))
tabs = dict(zip(tab_names, st.tabs(tab_names)))

with tabs[tr("indices.tab.results")]:
    result = indices.find_result(db(), index["id"], year, subject["id"])
    if result is None:
        st.info(tr("indices.no_result", year=year))
    else:
        view = indices.result_view(db(), user, index["id"], year, subject["id"])
        remedy_count: dict[int, int] = {}
        for remedy in remediation.list_remedies(db(), user, [r["node_id"] for r in view["rows"]]):
            remedy_count[remedy["index_node_id"]] = remedy_count.get(remedy["index_node_id"], 0) + 1
        m = st.columns(4)
        m[0].metric(tr("indices.total"), f"{num(view['total'])} / {num(view['max_total'])}")
        m[1].metric(tr("indices.percent"), "" if view["percent"] is None else f"{num(view['percent'])} %")
        rank = view["result"]
        m[2].metric(
            tr("indices.rank"),
            f"{rank['rank']}/{rank['ranked_of'] or '—'}" if rank["rank"] else "—",
            delta=rank["rank_change"] if rank["rank_change"] else None,
        )
        m[3].metric(tr("indices.lost_total"), num(view["lost_total"]))
        st.caption(
            tr(
                "indices.framework_caption",
                code=view["framework"]["code"],
                source=rank["source"] or "—",
                published=fmt_date(rank["published_on"], lang) or "—",
            )
        )
        if view["framework"]["note"]:
            st.warning(view["framework"]["note"])
        st.dataframe(
            [
                {
                    tr("indices.col.code"): r["code"],
                    tr("indices.col.name"): "\u2003" * (r["depth"] - 1) + name(r),
                    tr("indices.col.max"): num(r["max"]),
                    tr("indices.col.score"): num(r["score"]),
                    tr("indices.col.lost"): num(r["lost"]),
                    tr("indices.col.self"): num(r["self_score"]),
                    tr("indices.col.appraised"): num(r["appraised_score"]),
                    tr("indices.col.difference"): num(r["difference"]),
                    tr("indices.col.rank"): "" if r["rank"] is None else str(r["rank"]),
                    tr("indices.col.rank_change"): "" if r["rank_change"] is None else f"{r['rank_change']:+d}",
                    tr("indices.col.evidence"): r["evidence"] or "",
                    tr("indices.col.lead"): (r["lead"]["short_name"] or r["lead"]["name"]) if r["lead"] else "",
                    tr("indices.col.remedies"): str(remedy_count.get(r["node_id"], "")),
                }
                for r in view["rows"]
            ],
            hide_index=True,
            width="stretch",
            key="indices_result_table",
        )
    try:
        for fmt, mime in (
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("csv", "text/csv"),
        ):
            st.download_button(
                tr(f"indices.download_results.{fmt}"),
                indices_io.export_results(db(), user, index["id"], year, subject["id"], fmt),
                f"{index['code']}-{year}.{fmt}",
                mime,
                key=f"indices_dl_results_{fmt}",
            )
    except AppError as exc:
        show_error(exc)

if can_edit:
    with tabs[tr("indices.tab.entry")]:
        try:
            framework = indices.framework_for(db(), index["id"], year)
        except AppError as exc:
            show_error(exc)
            framework = None
        if framework is not None:
            existing = indices.find_result(db(), index["id"], year, subject["id"]) or {}
            entry = indices.entry_rows(db(), user, index["id"], year, subject["id"])
            sfx = f"{index['id']}_{year}_{subject['id']}"  # fresh widgets for each result
            st.caption(tr("indices.entry_help", code=framework["code"], year=year, subject=subject["name"]))
            with st.form(f"indices_entry_form_{sfx}"):
                h = st.columns(4)
                total = h[0].text_input(
                    tr("indices.total_published"),
                    value=str(existing.get("total_score") or "").replace(".", ","),
                    key=f"indices_entry_total_{sfx}",
                )
                rank_in = h[1].number_input(
                    tr("indices.rank"), 0, 500, value=existing.get("rank") or 0, key=f"indices_entry_rank_{sfx}"
                )
                of_in = h[2].number_input(
                    tr("indices.ranked_of"), 0, 500, value=existing.get("ranked_of") or 0, key=f"indices_entry_of_{sfx}"
                )
                change_in = h[3].number_input(
                    tr("indices.rank_change"),
                    -500,
                    500,
                    value=existing.get("rank_change") or 0,
                    key=f"indices_entry_change_{sfx}",
                )
                s1, s2 = st.columns([3, 1])
                source = s1.text_input(
                    tr("indices.source"), value=existing.get("source") or "", key=f"indices_entry_source_{sfx}"
                )
                published = s2.date_input(
                    tr("indices.published_on"),
                    value=existing.get("published_on"),
                    format="DD/MM/YYYY",
                    key=f"indices_entry_published_{sfx}",
                )
                grid = st.data_editor(
                    [{**r, "name": "\u2003" * (r["depth"] - 1) + name(r)} for r in entry],
                    column_order=(
                        "node_code",
                        "name",
                        "max",
                        "score",
                        "self_score",
                        "appraised_score",
                        "evidence",
                        "rank",
                        "rank_change",
                        "note",
                    ),
                    column_config={
                        "node_code": st.column_config.TextColumn(tr("indices.col.code"), disabled=True),
                        "name": st.column_config.TextColumn(tr("indices.col.name"), disabled=True, width="large"),
                        "max": st.column_config.NumberColumn(tr("indices.col.max"), disabled=True, format="%.2f"),
                        "score": st.column_config.NumberColumn(tr("indices.col.score"), format="%.2f"),
                        "self_score": st.column_config.NumberColumn(tr("indices.col.self"), format="%.2f"),
                        "appraised_score": st.column_config.NumberColumn(tr("indices.col.appraised"), format="%.2f"),
                        "evidence": st.column_config.TextColumn(tr("indices.col.evidence")),
                        "rank": st.column_config.NumberColumn(tr("indices.col.rank"), format="%d"),
                        "rank_change": st.column_config.NumberColumn(tr("indices.col.rank_change"), format="%+d"),
                        "note": st.column_config.TextColumn(tr("indices.note")),
                    },
                    hide_index=True,
                    width="stretch",
                    key=f"indices_entry_grid_{sfx}",
                )
                if st.form_submit_button(tr("indices.save_result"), type="primary"):
                    saved = attempt(
                        indices.save_result,
                        db(),
                        user,
                        index["id"],
                        year,
                        subject["id"],
                        scores=list(grid),
                        replace_scores=True,
                        total_score=total,
                        rank=rank_in or None,
                        ranked_of=of_in or None,
                        rank_change=change_in or None,
                        source=source,
                        published_on=published,
                    )
                    if saved:
                        st.success(tr("indices.saved", year=year))
            st.subheader(tr("indices.import_results"))
            upload = st.file_uploader(tr("indices.import_file"), type=["xlsx", "csv"], key="indices_results_file")
            if upload is not None:
                preview = attempt(
                    indices_io.preview_results,
                    db(),
                    user,
                    index["id"],
                    year,
                    subject["id"],
                    upload.getvalue(),
                    upload.name,
                )
                if preview:
                    st.dataframe(
                        [
                            {
                                tr("indices.col.code"): r["code"],
                                tr("indices.col.name"): r["name_vi"],
                                tr("indices.col.max"): num(r["max"]),
                                tr("indices.col.score"): num(r["score"]),
                                tr("indices.col.self"): num(r["self_score"]),
                                tr("indices.col.appraised"): num(r["appraised_score"]),
                            }
                            for r in preview["rows"]
                        ],
                        hide_index=True,
                        width="stretch",
                        key="indices_results_preview",
                    )
                    if preview["errors"]:
                        show_error(
                            ValidationError(
                                "indices.error.result_rejected", errors=preview["errors"], n=len(preview["errors"])
                            )
                        )
                    elif st.button(tr("indices.commit_import"), type="primary", key="indices_results_commit"):
                        if attempt(
                            indices_io.import_results,
                            db(),
                            user,
                            index["id"],
                            year,
                            subject["id"],
                            upload.getvalue(),
                            upload.name,
                        ):
                            st.success(tr("indices.saved", year=year))

with tabs[tr("indices.tab.frameworks")]:
    frameworks = indices.list_frameworks(db(), index["id"])
    if frameworks:
        framework = st.selectbox(
            tr("indices.framework"),
            frameworks,
            index=len(frameworks) - 1,
            key="indices_framework",
            format_func=lambda f: f"{f['code']} ({f['from_year']}–{f['to_year'] or '…'})",
        )
        st.markdown(
            f"**{framework['title']}** — {tr('indices.unit.' + framework['unit'])}, "
            f"{tr('indices.aggregation.' + framework['aggregation'])}, {tr('indices.max_total')}: {num(framework['max_total'])}"
        )
        if framework["note"]:
            st.warning(framework["note"])
        tree = indices.framework_tree(db(), framework["id"])
        st.dataframe(
            [
                {
                    tr("indices.col.code"): n["code"],
                    tr("indices.col.name"): "\u2003" * (n["depth"] - 1) + name(n),
                    tr("indices.col.level"): tr(f"indices.level.{n['depth']}"),
                    tr("indices.col.max"): num(n["max_points"]),
                }
                for n in tree
            ],
            hide_index=True,
            width="stretch",
            key="indices_framework_table",
        )
        for fmt, mime in (
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("csv", "text/csv"),
        ):
            st.download_button(
                tr(f"indices.download_framework.{fmt}"),
                indices_io.export_framework(db(), user, framework["id"], fmt),
                f"khung-{index['code']}-{framework['from_year']}.{fmt}",
                mime,
                key=f"indices_dl_fw_{fmt}",
            )
    else:
        st.info(tr("indices.no_framework"))
    if can_edit:
        with st.expander(tr("indices.import_framework")):
            st.caption(tr("indices.import_framework_help"))
            f1, f2 = st.columns(2)
            meta = {
                "code": f1.text_input(tr("indices.framework_code"), key="indices_fw_code"),
                "title": f2.text_input(tr("indices.framework_title"), key="indices_fw_title"),
                "from_year": f1.number_input(
                    tr("indices.from_year"), 2000, 2100, value=today_local().year, key="indices_fw_from"
                ),
                "to_year": f2.number_input(tr("indices.to_year"), 0, 2100, value=0, key="indices_fw_to") or None,
                "unit": f1.selectbox(
                    tr("indices.unit"),
                    ("points", "percent"),
                    key="indices_fw_unit",
                    format_func=lambda u: tr(f"indices.unit.{u}"),
                ),
                "aggregation": f2.selectbox(
                    tr("indices.aggregation"),
                    ("sum", "independent"),
                    key="indices_fw_agg",
                    format_func=lambda a: tr(f"indices.aggregation.{a}"),
                ),
                "max_total": f1.number_input(tr("indices.max_total"), 0.0, 1000.0, value=100.0, key="indices_fw_max"),
                "note": f2.text_input(tr("indices.note"), key="indices_fw_note"),
            }
            fw_file = st.file_uploader(tr("indices.import_file"), type=["xlsx", "csv"], key="indices_fw_file")
            if fw_file is not None:
                preview = attempt(
                    indices_io.preview_framework, db(), user, index["id"], fw_file.getvalue(), fw_file.name, **meta
                )
                if preview:
                    st.dataframe(
                        [
                            {
                                tr("indices.col.code"): n.get("code"),
                                tr("indices.col.parent"): n.get("parent_code") or "",
                                tr("indices.col.name"): n.get("name_vi"),
                                tr("indices.col.max"): n.get("max_points"),
                            }
                            for n in preview["nodes"]
                        ],
                        hide_index=True,
                        width="stretch",
                        key="indices_fw_preview",
                    )
                    if preview["errors"]:
                        show_error(
                            ValidationError(
                                "indices.error.framework_rejected", errors=preview["errors"], n=len(preview["errors"])
                            )
                        )
                    elif st.button(tr("indices.commit_import"), type="primary", key="indices_fw_commit"):
                        if attempt(
                            indices_io.import_framework,
                            db(),
                            user,
                            index["id"],
                            fw_file.getvalue(),
                            fw_file.name,
                            **meta,
                        ):
                            st.success(tr("indices.framework_created", code=meta["code"]))

with tabs[tr("indices.tab.leads")]:
    try:
        framework = indices.framework_for(db(), index["id"], year)
    except AppError as exc:
        show_error(exc)
        framework = None
    if framework is not None:
        day = st.date_input(tr("indices.lead_on"), value=today_local(), format="DD/MM/YYYY", key="indices_lead_day")
        tree = indices.framework_tree(db(), framework["id"])
        leads = remediation.leads_on(db(), [n["id"] for n in tree], day)
        st.dataframe(
            [
                {
                    tr("indices.col.code"): n["code"],
                    tr("indices.col.name"): "\u2003" * (n["depth"] - 1) + name(n),
                    tr("indices.col.lead"): (leads[n["id"]]["name"] if leads[n["id"]] else "")
                    + (f" ({tr('indices.inherited')})" if leads[n["id"]] and leads[n["id"]]["inherited"] else ""),
                    tr("indices.col.since"): fmt_date(leads[n["id"]]["valid_from"], lang) if leads[n["id"]] else "",
                    tr("indices.col.until"): fmt_date(leads[n["id"]]["valid_to"], lang) if leads[n["id"]] else "",
                }
                for n in tree
            ],
            hide_index=True,
            width="stretch",
            key="indices_leads_table",
        )
        if can_edit:
            units = [u for u in list_units(db()) if u["kind"] in ("department", "other", "city")]
            with st.form("indices_lead_form"):
                st.subheader(tr("indices.set_lead"))
                node = st.selectbox(
                    tr("indices.node"), tree, format_func=lambda n: f"{n['code']} — {name(n)}", key="indices_lead_node"
                )
                unit = st.selectbox(
                    tr("indices.col.lead"), units, format_func=lambda u: u["name"], key="indices_lead_unit"
                )
                l1, l2 = st.columns(2)
                start = l1.date_input(
                    tr("indices.col.since"), value=today_local(), format="DD/MM/YYYY", key="indices_lead_from"
                )
                end = l2.date_input(tr("indices.col.until"), value=None, format="DD/MM/YYYY", key="indices_lead_to")
                if st.form_submit_button(tr("common.save"), type="primary"):
                    if attempt(remediation.set_lead, db(), user, node["id"], unit["id"], start, end):
                        st.success(tr("indices.lead_saved", code=node["code"], unit=unit["name"]))

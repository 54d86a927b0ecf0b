"""Reports: choose kind and period, edit the narrative, generate and download; the
register of issued reports; Word templates; spreadsheets."""

import streamlit as st

from core.i18n import fmt_date, fmt_datetime, fmt_money, fmt_number, today_local
from core.permissions import require
from core.shell_page import allowed, app_settings, attempt, current_lang, db, require_user, tr
from exports import charts, kinds, register, sheets, templates
from exports.content import NARRATIVE_KEYS

user = require_user()
require(user, "reports.view")
lang = current_lang()
st.title(tr("exports.title"))

PERIOD_KINDS = ("Q1", "Q2", "Q3", "Q4", "H1", "9M", "year", "custom")
KIND_OPTIONS = list(kinds.BUILDERS)

tab_names = ([tr("exports.tab.new")] if allowed("reports.generate") else []) + [
    tr("exports.tab.register"),
    tr("exports.tab.sheets"),
]
if allowed("reports.templates"):
    tab_names.append(tr("exports.tab.templates"))
tabs = dict(zip(tab_names, st.tabs(tab_names)))


def period_code() -> str:
    """The period chosen with the widgets, as a code parse_period understands."""
    c1, c2, c3 = st.columns(3)
    choice = c1.selectbox(
        tr("exports.period"),
        PERIOD_KINDS,
        index=6,
        key="exports_period_kind",
        format_func=lambda k: tr(f"exports.period.{k}"),
    )
    if choice == "custom":
        start = c2.date_input(
            tr("exports.from"), value=today_local().replace(month=1, day=1), format="DD/MM/YYYY", key="exports_from"
        )
        end = c3.date_input(tr("exports.to"), value=today_local(), format="DD/MM/YYYY", key="exports_to")
        return f"{start.isoformat()}:{end.isoformat()}"
    year = c2.number_input(tr("exports.year"), 2000, 2100, value=2021, step=1, key="exports_year")
    return str(int(year)) if choice == "year" else f"{int(year)}-{choice}"


if tr("exports.tab.new") in tabs:
    with tabs[tr("exports.tab.new")]:
        kind = st.selectbox(
            tr("exports.kind"), KIND_OPTIONS, format_func=lambda k: tr(f"exports.kind.{k}"), key="exports_kind"
        )
        code = period_code()
        content = attempt(kinds.preview, db(), user, kind, code)
        if content is not None:
            period = content.period
            st.caption(tr("exports.period_span", start=fmt_date(period.start, lang), end=fmt_date(period.end, lang)))
            totals = content.figures.get("totals")
            if totals is None:
                st.info(tr("exports.no_data"))
            else:
                m = st.columns(5)
                m[0].metric(tr("exports.m.count"), fmt_number(totals["count"], lang))
                m[1].metric(tr("exports.m.done"), fmt_number(totals["done"], lang))
                m[2].metric(tr("exports.m.overdue"), fmt_number(totals["overdue"], lang))
                m[3].metric(tr("exports.m.at_risk"), fmt_number(totals["at_risk"], lang))
                m[4].metric(tr("exports.m.budget_used"), fmt_money(totals["budget_used"], lang))
                st.altair_chart(charts.status_chart(content.figures, lang), width="stretch")
            st.subheader(tr("exports.narrative"))
            st.caption(tr("exports.narrative_help"))
            narrative = {
                key: st.text_area(
                    tr(f"exports.section.{key}"),
                    value=content.drafts[key],
                    height=120,
                    key=f"exports_text_{key}_{kind}_{period.code}",
                )
                for key in NARRATIVE_KEYS
            }
            manual = st.checkbox(tr("exports.manual_number"), key="exports_manual")
            number = st.number_input(tr("exports.number"), 1, 9999, value=1, key="exports_number") if manual else None
            if st.button(tr("exports.generate"), type="primary", key="exports_generate"):
                issued = attempt(
                    register.generate,
                    db(),
                    user,
                    kind,
                    code,
                    narrative,
                    number=int(number) if number else None,
                    settings=app_settings(),
                )
                if issued is not None:
                    st.session_state["exports_last_id"] = issued.row["id"]
            last_id = st.session_state.get("exports_last_id")
            if last_id:
                found = attempt(register.download, db(), user, last_id, settings=app_settings())
                if found:
                    row, data = found
                    st.success(tr("exports.generated", symbol=row["symbol"]))
                    st.download_button(
                        tr("exports.download"),
                        data,
                        register.file_name(row),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        key="exports_download_new",
                    )

with tabs[tr("exports.tab.register")]:
    rows = register.list_issued(db(), user)
    if not rows:
        st.info(tr("exports.register_empty"))
    else:
        st.dataframe(
            [
                {
                    tr("exports.col.symbol"): r["symbol"],
                    tr("exports.col.issued_on"): fmt_date(r["issued_on"], lang),
                    tr("exports.col.kind"): tr(f"exports.kind.{r['kind']}"),
                    tr("exports.col.title"): r["title"],
                    tr("exports.col.author"): r["author"],
                    tr("exports.col.created_at"): fmt_datetime(r["created_at"], lang),
                    "SHA-256": r["sha256"][:16],
                }
                for r in rows
            ],
            hide_index=True,
            width="stretch",
        )
        by_id = {r["id"]: r for r in rows}
        chosen = st.selectbox(
            tr("exports.pick"),
            list(by_id),
            key="exports_pick",
            format_func=lambda i: f"{by_id[i]['symbol']} — {by_id[i]['title']}",
        )
        found = attempt(register.download, db(), user, chosen, settings=app_settings())
        if found:
            row, data = found
            st.download_button(
                tr("exports.download"),
                data,
                register.file_name(row),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                key="exports_download_old",
            )

with tabs[tr("exports.tab.sheets")]:
    table = st.selectbox(
        tr("exports.table"), list(sheets.TABLES), format_func=lambda t: tr(f"exports.table.{t}"), key="exports_table"
    )
    data = attempt(sheets.export_xlsx, db(), user, table)
    if data:
        st.download_button(
            tr("exports.download_xlsx"),
            data,
            f"{table}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="exports_xlsx",
        )

if tr("exports.tab.templates") in tabs:
    with tabs[tr("exports.tab.templates")]:
        st.caption(tr("exports.templates_help"))
        active = {t["kind"]: t for t in templates.list_templates(db(), user) if t["active"]}
        tkind = st.selectbox(
            tr("exports.kind"), KIND_OPTIONS, format_func=lambda k: tr(f"exports.kind.{k}"), key="exports_tkind"
        )
        current = active.get(tkind)
        st.write(
            tr("exports.template_current", name=current["file_name"]) if current else tr("exports.template_builtin")
        )
        upload = st.file_uploader(tr("exports.template_upload"), type=["docx"], key="exports_template_file")
        if upload is not None and st.button(tr("common.save"), key="exports_template_save"):
            if attempt(
                templates.upload_template, db(), user, tkind, upload.name, upload.getvalue(), settings=app_settings()
            ):
                st.success(tr("exports.template_saved"))
        if current and st.button(tr("exports.template_reset"), key="exports_template_reset"):
            attempt(templates.use_builtin, db(), user, tkind, success=tr("exports.template_reset_done"))

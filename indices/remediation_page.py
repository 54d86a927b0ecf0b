import streamlit as st

from core.i18n import fmt_date, fmt_number, today_local
from core.ui import allowed, attempt, cached, current_lang, db, require_user, tr
from indices import leads, remediation, unit_remedies_tab, views

user = require_user()
lang = current_lang()
st.title(tr("indices.remedy.title"))
st.caption(tr("indices.remedy.intro"))


def num(value) -> str:
    return "" if value is None else fmt_number(value, lang, 2)


def name(row: dict, prefix: str = "") -> str:
    return (row.get(f"{prefix}name_en") if lang == "en" else None) or row.get(f"{prefix}name_vi") or ""


def node_label(r: dict) -> str:
    return f"{r['index_code']} {r['year']} · {r['code']} — {name(r)} (−{num(r['lost'])})"


day = st.date_input(tr("indices.remedy.on"), value=today_local(), format="DD/MM/YYYY", key="remedy_day")
by_agency, by_unit = st.tabs([tr("indices.remedy.agency"), tr("indices.remedy.units")])
with by_agency:
    agencies = cached(leads.lead_units, db())
    if not agencies:
        st.info(tr("indices.remedy.no_leads"))
    else:
        agency = st.selectbox(
            tr("indices.remedy.agency"), agencies, format_func=lambda u: u["name"], key="remedy_agency"
        )
        view = cached(remediation.agency_view, db(), user, agency["id"], day)
        m = st.columns(3)
        m[0].metric(tr("indices.remedy.lost_nodes"), view["summary"]["lost_nodes"])
        m[1].metric(tr("indices.remedy.remedies"), view["summary"]["remedies"])
        m[2].metric(tr("indices.remedy.done"), view["summary"]["done"])

        st.subheader(tr("indices.remedy.losses"))
        if view["losses"]:
            st.dataframe(
                [
                    {
                        tr("indices.index"): r["index_code"],
                        tr("indices.year"): str(r["year"]),
                        tr("indices.col.code"): r["code"],
                        tr("indices.col.name"): name(r),
                        tr("indices.col.max"): num(r["max"]),
                        tr("indices.col.score"): num(r["score"]),
                        tr("indices.col.lost"): num(r["lost"]),
                    }
                    for r in view["losses"]
                ],
                hide_index=True,
                width="stretch",
                key="remedy_losses_table",
            )
        else:
            st.info(tr("indices.remedy.no_losses"))

        st.subheader(tr("indices.remedy.list"))
        if view["remedies"]:
            st.dataframe(
                [
                    {
                        tr("indices.remedy.task"): r["title"],
                        tr("indices.remedy.plan_year"): str(r["plan_year"]),
                        tr("indices.index"): r["index_code"] or "",
                        tr("indices.col.code"): r["node_code"] or "",
                        tr("indices.remedy.deadline"): fmt_date(r["deadline"], lang),
                        tr("indices.remedy.status"): tr(f"indices.remedy.status.{r['status']}"),
                        tr("indices.remedy.effect"): r["expected_effect"] or "",
                    }
                    for r in view["remedies"]
                ],
                hide_index=True,
                width="stretch",
                key="remedy_list_table",
            )
        else:
            st.info(tr("indices.remedy.no_remedies"))

        if allowed("indices.edit") and allowed("plans.edit"):
            st.subheader(tr("indices.remedy.create"))
            candidates = [
                r
                for v in cached(views.latest_city_results, db())
                for r in ({**row, "index_code": v["index"]["code"], "year": v["result"]["year"]} for row in v["rows"])
                if r["lost"]
            ]
            with st.form("remedy_create_form", clear_on_submit=True):
                node = st.selectbox(
                    tr("indices.node"),
                    candidates,
                    key="remedy_node",
                    format_func=node_label,
                )
                title = st.text_input(tr("indices.remedy.task"), key="remedy_title")
                effect = st.text_area(tr("indices.remedy.effect"), key="remedy_effect")
                f1, f2 = st.columns(2)
                year = f1.number_input(
                    tr("indices.remedy.plan_year"), 2000, 2100, value=today_local().year, key="remedy_year"
                )
                deadline = f2.date_input(
                    tr("indices.remedy.deadline"), value=None, format="DD/MM/YYYY", key="remedy_deadline"
                )
                if st.form_submit_button(tr("indices.remedy.create_submit"), type="primary") and node:
                    created = attempt(
                        remediation.create_remedy,
                        db(),
                        user,
                        node["node_id"],
                        title=title,
                        expected_effect=effect,
                        year=year,
                        deadline=deadline,
                    )
                    if created:
                        st.success(tr("indices.remedy.created", title=created["title"], year=year))
with by_unit:
    unit_remedies_tab.render(user, lang, day)

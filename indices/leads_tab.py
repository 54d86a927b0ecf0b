"""The lead-agencies tab of the indices page: who leads each node on a day (own or
inherited), and (for office staff) a new lead from a date."""

import streamlit as st

from core.errors import AppError
from core.i18n import fmt_date, today_local
from core.ui import attempt, cached, current_lang, db, show_error, tr
from core.units import list_units
from indices import frameworks, leads
from indices.page_parts import indent_name, name


def show(user, index: dict, year: int, can_edit: bool) -> None:
    lang = current_lang()
    try:
        framework = frameworks.framework_for(db(), index["id"], year)
    except AppError as exc:
        show_error(exc)
        framework = None
    if framework is not None:
        day = st.date_input(tr("indices.lead_on"), value=today_local(), format="DD/MM/YYYY", key="indices_lead_day")
        tree = cached(frameworks.framework_tree, db(), framework["id"])
        lead_of = cached(leads.leads_on, db(), [n["id"] for n in tree], day)
        code, node_name, lead, since, until = (
            tr(f"indices.col.{k}") for k in ("code", "name", "lead", "since", "until")
        )  # translated once, not per row
        inherited = f" ({tr('indices.inherited')})"
        st.dataframe(
            [
                {
                    code: n["code"],
                    node_name: indent_name(n, lang),
                    lead: (lead_of[n["id"]]["name"] if lead_of[n["id"]] else "")
                    + (inherited if lead_of[n["id"]] and lead_of[n["id"]]["inherited"] else ""),
                    since: fmt_date(lead_of[n["id"]]["valid_from"], lang) if lead_of[n["id"]] else "",
                    until: fmt_date(lead_of[n["id"]]["valid_to"], lang) if lead_of[n["id"]] else "",
                }
                for n in tree
            ],
            hide_index=True,
            width="stretch",
            key="indices_leads_table",
        )
        if can_edit:
            units = leads.lead_candidates(cached(list_units, db()))
            with st.form("indices_lead_form"):
                st.subheader(tr("indices.set_lead"))
                node = st.selectbox(
                    tr("indices.node"),
                    tree,
                    format_func=lambda n: f"{n['code']} — {name(n, lang)}",
                    key="indices_lead_node",
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
                    if attempt(leads.set_lead, db(), user, node["id"], unit["id"], start, end):
                        st.success(tr("indices.lead_saved", code=node["code"], unit=unit["name"]))

"""The groups tab of the units page: collective names ("Các sở, ban, ngành") and the units
they stand for on a day, edited here."""

from datetime import date

import streamlit as st

from core import units
from core.i18n import fmt_date
from core.permissions import User
from core.ui import cached, current_lang, db, save, tr


def show(user: User, day: date, codes: list[str], by_id: dict[int, dict]) -> None:
    lang = current_lang()
    st.caption(tr("units.groups_help"))
    groups = cached(units.list_groups, db())
    st.dataframe(
        [
            {
                tr("units.code"): g["code"],
                tr("units.name"): g["name"],
                tr("units.group_other_names"): g["other_names"] or "",
                tr("units.valid_from"): fmt_date(g["valid_from"], lang),
                tr("units.valid_to"): fmt_date(g["valid_to"], lang),
                tr("units.group_members_on", day=fmt_date(day, lang)): len(cached(units.expand_group, db(), g, day)),
            }
            for g in groups
        ],
        hide_index=True,
        width="stretch",
    )
    by_code = {g["code"]: g for g in groups}
    chosen = st.selectbox(tr("units.group_pick"), [""] + list(by_code), key="units_group_code")
    group = by_code.get(chosen) or {}
    with st.form("units_group_form"):
        code = st.text_input(tr("units.code"), value=group.get("code", ""))
        name = st.text_input(tr("units.name"), value=group.get("name", ""))
        others = st.text_input(tr("units.group_other_names"), value=group.get("other_names") or "")
        kinds = st.multiselect(
            tr("units.group_kinds"),
            units.KINDS,
            default=[k for k in (group.get("kinds") or "").split(",") if k],
            format_func=lambda k: tr(f"unit_kind.{k}"),
        )
        member_codes = [by_id[i]["code"] for i in group.get("member_ids", []) if i in by_id]
        members = st.multiselect(tr("units.group_members"), codes, default=member_codes)
        valid_from = st.date_input(tr("units.valid_from"), value=group.get("valid_from"), format="DD/MM/YYYY")
        valid_to = st.date_input(tr("units.valid_to"), value=group.get("valid_to"), format="DD/MM/YYYY")
        if st.form_submit_button(tr("common.save")):
            save(
                units.save_group,
                db(),
                user,
                members,
                code=code,
                name=name,
                other_names=others,
                kinds=kinds,
                valid_from=valid_from,
                valid_to=valid_to,
                success=lambda saved: tr("units.group_saved", code=saved["code"]),
            )

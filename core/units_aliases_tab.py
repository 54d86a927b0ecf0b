"""The aliases tab of the units page: the other names units go by in imported files, each
added by hand or by an import's reviewer, and forgotten here."""

import streamlit as st

from core import units
from core.permissions import User
from core.ui import cached, db, save, tr


def show(user: User, codes: list[str], names: dict[str, str]) -> None:
    st.caption(tr("units.aliases_help"))
    aliases = cached(units.list_aliases, db())
    by_alias = {a["alias"]: a["code"] for a in aliases}
    st.dataframe(
        [
            {
                tr("units.alias"): a["alias"],
                tr("units.unit"): names.get(a["code"], a["code"]),
                tr("units.alias_by"): a["created_by"] or "",
            }
            for a in aliases
        ],
        hide_index=True,
        width="stretch",
    )
    # Units by name (the code as a hint); nothing chosen for the person, least of all in the remove form.
    with st.form("units_alias_add_form", clear_on_submit=True):
        alias = st.text_input(tr("units.alias"))
        code = st.selectbox(tr("units.unit"), codes, index=None, format_func=names.get, key="units_alias_code")
        if st.form_submit_button(tr("common.save")):
            if code is None:
                st.warning(tr("units.alias_unit_needed"))
            else:
                save(
                    units.remember_alias,
                    db(),
                    user,
                    alias,
                    code,
                    success=tr("units.alias_saved", alias=alias, code=names[code]),
                )
    with st.form("units_alias_forget_form"):
        gone = st.selectbox(
            tr("units.alias_forget"),
            [a["alias"] for a in aliases],
            index=None,
            format_func=lambda name: f"{name} → {names.get(by_alias.get(name), by_alias.get(name))}",
            key="units_alias_forget",
        )
        if st.form_submit_button(tr("units.alias_forget")):
            if gone is None:
                st.warning(tr("units.alias_pick_first"))
            else:
                save(units.forget_alias, db(), user, gone, success=tr("units.alias_forgotten", alias=gone))

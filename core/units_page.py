import streamlit as st

from core import units
from core.i18n import fmt_date, today_local
from core.permissions import require
from core.ui import attempt, current_lang, db, require_user, tr

user = require_user()
require(user, "units.manage")
lang = current_lang()
st.title(tr("units.title"))

c1, c2 = st.columns(2)
day = c1.date_input(tr("units.on_date"), value=today_local(), format="DD/MM/YYYY")
show_all = c2.checkbox(tr("units.show_all"))
rows = units.list_units(db()) if show_all else units.units_on(db(), day)
by_id = {u["id"]: u for u in units.list_units(db())}
st.dataframe(
    [
        {
            tr("units.code"): u["code"],
            tr("units.name"): u["name"],
            tr("units.kind"): tr(f"unit_kind.{u['kind']}"),
            tr("units.parent"): by_id[u["parent_id"]]["name"] if u["parent_id"] else "",
            tr("units.valid_from"): fmt_date(u["valid_from"], lang),
            tr("units.valid_to"): fmt_date(u["valid_to"], lang),
        }
        for u in rows
    ],
    hide_index=True,
    width="stretch",
)

codes = [u["code"] for u in units.list_units(db())]
tab_add, tab_edit, tab_retire, tab_import = st.tabs(
    [tr("units.add"), tr("units.edit"), tr("units.retire"), tr("units.import")]
)
with tab_add, st.form("units_add_form", clear_on_submit=True):
    code = st.text_input(tr("units.code"))
    name = st.text_input(tr("units.name"))
    short = st.text_input(tr("units.short_name"))
    kind = st.selectbox(tr("units.kind"), units.KINDS, format_func=lambda k: tr(f"unit_kind.{k}"))
    parent = st.selectbox(tr("units.parent"), [""] + codes)
    valid_from = st.date_input(tr("units.valid_from"), value=None, format="DD/MM/YYYY")
    if st.form_submit_button(tr("common.save"), type="primary"):
        added = attempt(
            units.add_unit,
            db(),
            user,
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            parent_code=parent or None,
            valid_from=valid_from,
        )
        if added:
            st.success(tr("units.added", code=added["code"]))
with tab_edit:
    code = st.selectbox(tr("units.code"), codes, key="units_edit_code")
    unit = units.get_unit(db(), code) if code else None
    if unit:
        with st.form("units_edit_form"):
            name = st.text_input(tr("units.name"), value=unit["name"])
            short = st.text_input(tr("units.short_name"), value=unit["short_name"] or "")
            kind = st.selectbox(
                tr("units.kind"),
                units.KINDS,
                index=units.KINDS.index(unit["kind"]),
                format_func=lambda k: tr(f"unit_kind.{k}"),
            )
            parent_code = by_id[unit["parent_id"]]["code"] if unit["parent_id"] else ""
            parent = st.selectbox(tr("units.parent"), [""] + codes, index=([""] + codes).index(parent_code))
            valid_from = st.date_input(tr("units.valid_from"), value=unit["valid_from"], format="DD/MM/YYYY")
            valid_to = st.date_input(tr("units.valid_to"), value=unit["valid_to"], format="DD/MM/YYYY")
            if st.form_submit_button(tr("common.save")):
                if attempt(
                    units.update_unit,
                    db(),
                    user,
                    code,
                    name=name,
                    short_name=short,
                    kind=kind,
                    parent_code=parent or None,
                    valid_from=valid_from,
                    valid_to=valid_to,
                ):
                    st.success(tr("units.updated", code=code))
with tab_retire, st.form("units_retire_form"):
    code = st.selectbox(tr("units.code"), codes)
    end = st.date_input(tr("units.valid_to"), value=today_local(), format="DD/MM/YYYY")
    succ = st.multiselect(tr("units.successors"), codes)
    if st.form_submit_button(tr("common.save")):
        if attempt(units.retire_unit, db(), user, code, end, succ):
            st.success(tr("units.retired", code=code))
with tab_import:
    st.caption(tr("units.import_help"))
    upload = st.file_uploader(tr("units.import"), type=["csv"], key="units_csv")
    if upload is not None and st.button(tr("common.save"), key="units_import_go"):
        result = attempt(units.import_csv, db(), user, upload.getvalue())
        if result:
            st.success(tr("units.imported", **result))
    st.download_button(tr("units.export"), units.export_csv(db()), "don-vi.csv", "text/csv")

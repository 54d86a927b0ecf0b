import streamlit as st

from core import ui, units, units_aliases_tab, units_groups_tab
from core.i18n import fmt_date, today_local
from core.permissions import require
from core.ui import cached, current_lang, db, pick, record_keys, require_user, save, show_flash, tr

user = require_user()
require(user, "units.manage")
lang = current_lang()
st.title(tr("units.title"))
show_flash()

c1, c2 = st.columns(2)
day = c1.date_input(tr("units.on_date"), value=today_local(), format="DD/MM/YYYY")
show_all = c2.checkbox(tr("units.show_all"))
all_units = cached(units.list_units, db())
rows = all_units if show_all else cached(units.units_on, db(), day)
by_id = {u["id"]: u for u in all_units}
heads = {k: tr(f"units.{k}") for k in ("code", "name", "kind", "parent", "valid_from", "valid_to", "official_code")}
kind_names = {k: tr(f"unit_kind.{k}") for k in units.KINDS}  # translated once, not per row
st.dataframe(
    [
        {
            heads["code"]: u["code"],
            heads["name"]: u["name"],
            heads["kind"]: kind_names.get(u["kind"]) or tr(f"unit_kind.{u['kind']}"),
            heads["parent"]: by_id[u["parent_id"]]["name"] if u["parent_id"] else "",
            heads["valid_from"]: fmt_date(u["valid_from"], lang),
            heads["valid_to"]: fmt_date(u["valid_to"], lang),
            heads["official_code"]: u["official_code"] or "",
        }
        for u in rows
    ],
    hide_index=True,
    width="stretch",
)

codes = [u["code"] for u in all_units]
# Units are picked by name (typing "Hà Nội" finds it), with the code after it.
NAMES = {u["code"]: f"{u['name']} ({u['code']})" for u in all_units}
PARENTS = {"": "—"} | NAMES
tab_add, tab_edit, tab_retire, tab_import, tab_aliases, tab_groups = st.tabs(
    [tr("units.add"), tr("units.edit"), tr("units.retire"), tr("units.import"), tr("units.aliases"), tr("units.groups")]
)
with tab_add, st.form("units_add_form", clear_on_submit=True):
    code = st.text_input(tr("units.code"))
    name = st.text_input(tr("units.name"))
    short = st.text_input(tr("units.short_name"))
    kind = st.selectbox(tr("units.kind"), units.KINDS, format_func=lambda k: tr(f"unit_kind.{k}"))
    parent = pick(tr("units.parent"), PARENTS, "units_add_parent")
    valid_from = st.date_input(tr("units.valid_from"), value=None, format="DD/MM/YYYY")
    if st.form_submit_button(tr("common.save"), type="primary"):
        save(
            units.add_unit,
            db(),
            user,
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            parent_code=parent or None,
            valid_from=valid_from,
            success=lambda added: tr("units.added", code=added["code"]),
        )
with tab_edit:
    code = pick(tr("units.unit"), NAMES, "units_edit_code")
    unit = units.get_unit(db(), code) if code else None
    if unit:
        key = record_keys("units_edit", code)  # every widget below belongs to this unit
        with st.form(key("form")):
            name = st.text_input(tr("units.name"), value=unit["name"], key=key("name"))
            short = st.text_input(tr("units.short_name"), value=unit["short_name"] or "", key=key("short"))
            kind = pick(tr("units.kind"), {k: tr(f"unit_kind.{k}") for k in units.KINDS}, key("kind"), unit["kind"])
            parent_code = by_id[unit["parent_id"]]["code"] if unit["parent_id"] else ""
            parent = pick(tr("units.parent"), PARENTS, key("parent"), parent_code)
            valid_from = st.date_input(
                tr("units.valid_from"), value=unit["valid_from"], format="DD/MM/YYYY", key=key("from")
            )
            valid_to = st.date_input(tr("units.valid_to"), value=unit["valid_to"], format="DD/MM/YYYY", key=key("to"))
            if st.form_submit_button(tr("common.save")):
                save(
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
                    success=tr("units.updated", code=code),
                )
with tab_retire, st.form("units_retire_form"):
    code = pick(tr("units.unit"), NAMES, "units_retire_code")
    end = st.date_input(tr("units.valid_to"), value=today_local(), format="DD/MM/YYYY")
    succ = st.multiselect(tr("units.successors"), codes, format_func=NAMES.get)
    if st.form_submit_button(tr("common.save")):
        save(units.retire_unit, db(), user, code, end, succ, success=tr("units.retired", code=code))
with tab_import:
    st.caption(tr("units.import_help"))
    upload = st.file_uploader(tr("units.import"), type=["csv"], key="units_csv")
    if upload is not None and st.button(tr("common.save"), key="units_import_go"):
        save(units.import_csv, db(), user, upload.getvalue(), success=lambda result: tr("units.imported", **result))
    st.download_button(
        tr("units.export"), lambda: units.export_csv(ui.db()), "don-vi.csv", "text/csv"
    )  # built when clicked
with tab_aliases:
    units_aliases_tab.show(user, codes, NAMES)
with tab_groups:
    units_groups_tab.show(user, day, codes, by_id)

import streamlit as st

from core import ui, units
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
    st.caption(tr("units.aliases_help"))
    aliases = cached(units.list_aliases, db())
    by_alias = {a["alias"]: a["code"] for a in aliases}
    st.dataframe(
        [
            {
                tr("units.alias"): a["alias"],
                tr("units.unit"): NAMES.get(a["code"], a["code"]),
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
        code = st.selectbox(tr("units.unit"), codes, index=None, format_func=NAMES.get, key="units_alias_code")
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
                    success=tr("units.alias_saved", alias=alias, code=NAMES[code]),
                )
    with st.form("units_alias_forget_form"):
        gone = st.selectbox(
            tr("units.alias_forget"),
            [a["alias"] for a in aliases],
            index=None,
            format_func=lambda name: f"{name} → {NAMES.get(by_alias.get(name), by_alias.get(name))}",
            key="units_alias_forget",
        )
        if st.form_submit_button(tr("units.alias_forget")):
            if gone is None:
                st.warning(tr("units.alias_pick_first"))
            else:
                save(units.forget_alias, db(), user, gone, success=tr("units.alias_forgotten", alias=gone))
with tab_groups:
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

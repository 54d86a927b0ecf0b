"""Import a plan from its DOCX or XLSX appendix: read, preview, match unknown unit names,
then write it in one go. Office staff only."""

import streamlit as st

from core.i18n import today_local
from core.markup import md_escape
from core.ui import attempt, current_lang, db, pick, require_user, tr
from plans import importer, plans, views

user = require_user()
lang = current_lang()
st.title(tr("nav.plan_import"))
st.caption(tr("plans.page.import_help"))
cols = st.columns([3, 1])
upload = cols[0].file_uploader(tr("plans.page.import_file"), type=["docx", "xlsx"], key="plans_imp_file")
year = cols[1].number_input(tr("plans.dash.year"), 2000, 2100, today_local().year, key="plans_imp_year")
if st.button(tr("plans.page.import_read"), key="plans_imp_read", disabled=upload is None):
    st.session_state["plans_imp_preview"] = attempt(
        importer.read_file, db(), user, upload.name, upload.getvalue(), year
    )
preview = st.session_state.get("plans_imp_preview")
if preview:
    counts = {"themes": len(preview["themes"]), "activities": len(preview["activities"]), "year": preview["year"]}
    st.success(tr("plans.page.import_preview", **counts))
    st.dataframe(views.import_table(preview, lang), hide_index=True, width="stretch", key="plans_imp_table")
    if preview["problems"]:
        problems = "\n".join(f"- {md_escape(importer.message(p, lang))}" for p in preview["problems"])
        st.warning(tr("plans.import.problems") + "\n" + problems)
    choices = {}
    if preview["unmatched_units"]:
        st.warning(tr("plans.page.import_review"))
        units = {None: tr("plans.page.leave_empty")} | {
            u["id"]: u["name"] for u in plans.units_for_year(db(), preview["year"])
        }
        for index, name in enumerate(preview["unmatched_units"]):
            choices[name] = pick(name, units, f"plans_imp_unit_{index}")
    if st.button(tr("plans.page.import_commit"), key="plans_imp_commit", type="primary"):
        result = attempt(importer.commit, db(), user, preview, unit_choices=choices)
        if result:
            st.session_state.pop("plans_imp_preview", None)
            st.success(tr("plans.page.imported", activities=result["activities"], plan=result["plan"]["title"]))
            if result["flagged"]:
                st.info(tr("plans.import.flagged", flagged=result["flagged"]))

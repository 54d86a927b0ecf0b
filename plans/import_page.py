"""Import a plan from its DOCX or XLSX appendix: read, preview, match unknown unit names,
then write it in one go as an import that can be undone. Office staff only."""

import streamlit as st

from core.batches import describe_kept
from core.i18n import fmt_datetime
from core.markup import md_escape
from core.ui import attempt, current_lang, db, pick, require_user, save, tr
from plans import importer, plans, views

user = require_user()
lang = current_lang()
st.title(tr("nav.plan_import"))

done = st.session_state.pop("plans_imp_done", None)
if done:  # after a commit: the result and a link to the plan, nothing else
    st.success(tr("plans.page.imported", activities=done["activities"], plan=done["plan"]["title"]))
    st.caption(
        tr("plans.page.imported_batch", batch=done["batch"], themes=done["themes"], activities=done["activities"])
    )
    if done["flagged"]:
        st.info(tr("plans.import.flagged", flagged=done["flagged"]))
    st.session_state["plans_plan"] = done["plan"]["id"]  # the grid opens on this plan
    st.page_link(
        "plans/grid_page.py", label=tr("plans.page.open_plan", plan=done["plan"]["title"]), icon=":material/campaign:"
    )
    st.stop()

st.caption(tr("plans.page.import_help"))
cols = st.columns([3, 1])
upload = cols[0].file_uploader(tr("plans.page.import_file"), type=["docx", "xlsx"], key="plans_imp_file")
year = cols[1].number_input(tr("plans.dash.year"), 2000, 2100, None, key="plans_imp_year", placeholder="—")
confirm_year = cols[1].checkbox(tr("plans.page.import_confirm_year"), key="plans_imp_confirm_year")
if st.button(tr("plans.page.import_read"), key="plans_imp_read", disabled=upload is None):
    st.session_state["plans_imp_preview"] = attempt(
        importer.read_file,
        db(),
        user,
        upload.name,
        upload.getvalue(),
        int(year) if year else None,
        confirm_year=confirm_year,
    )
preview = st.session_state.get("plans_imp_preview")
if preview:
    counts = {"themes": len(preview["themes"]), "activities": len(preview["activities"]), "year": preview["year"]}
    st.success(tr("plans.page.import_preview", **counts))
    note = views.import_year_note(preview, lang)
    if note:
        st.caption(md_escape(note))
    merge = False
    if preview["existing_plan"]:
        existing = preview["existing_plan"]
        st.warning(tr("plans.import.merge_needed", year=preview["year"], plan=existing["number"] or existing["title"]))
        merge = st.checkbox(tr("plans.page.import_merge"), key="plans_imp_merge")
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
        result = attempt(importer.commit, db(), user, preview, unit_choices=choices, merge=merge)
        if result:
            for key in ("plans_imp_preview", "plans_imp_merge"):
                st.session_state.pop(key, None)
            st.session_state["plans_imp_done"] = result
            st.rerun()

st.subheader(tr("plans.page.past_imports"))
past = importer.past_imports(db(), user)
if not past:
    st.caption(tr("plans.page.no_imports"))
else:
    st.dataframe(views.past_imports_table(past, lang), hide_index=True, width="stretch", key="plans_imp_past")
    open_ones = {
        b["id"]: tr(
            "plans.page.batch_label", batch=b["id"], when=fmt_datetime(b["created_at"], lang), file=b["file_name"]
        )
        for b in past
        if not b["undone"]
    }
    if open_ones:
        batch = pick(tr("plans.page.undo_pick"), open_ones, "plans_imp_undo_pick")
        if st.button(tr("plans.page.undo"), key="plans_imp_undo", help=tr("plans.page.undo_help")):
            save(
                importer.undo,
                db(),
                user,
                batch,
                success=lambda r: " ".join(
                    [tr("plans.page.undone", batch=r["id"], added=r["reverted"]["added"])]
                    + [tr("plans.page.undo_kept", records="; ".join(describe_kept(r["kept"], lang)))] * bool(r["kept"])
                ),
            )

"""Widgets of the services import page, each a step of it: placing the columns of a layout
nothing recognised, the flagged rows of a preview, the list of past imports with their undo,
and the smaller imports (index scores, desk ratings) that read, preview and commit alike."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.batches import describe_kept
from core.i18n import t
from core.permissions import User
from core.ui import app_settings, attempt, current_lang, db, tr
from services import checks, importer


def column_mapping(unplaced: dict) -> dict | None:
    """The person places each needed field on a column of the file (what was found is
    preselected) and the first row of figures; returns the mapping when they ask to read."""
    st.subheader(tr("services.import.map_title"))
    st.caption(tr("services.import.map_help"))
    letters = [c["column"] for c in unplaced["file_columns"]]
    shown = {c["column"]: f"{c['column']} — {c['header']}" for c in unplaced["file_columns"]}
    chosen = {}
    for field in ("unit", *importer.REQUIRED):
        placed = unplaced["found"].get(field)
        default = letters[placed] if placed is not None and placed < len(letters) else None
        chosen[field] = st.selectbox(
            checks.LABELS[field],
            [""] + letters,
            index=(letters.index(default) + 1) if default else 0,
            format_func=lambda c: shown.get(c) or tr("services.import.no_mapping"),
            key=f"services_import_column_{field}",
        )
    first_row = st.number_input(
        tr("services.import.map_first_row"), min_value=1, max_value=importer.ROW_CAP, value=3, step=1,
        key="services_import_first_row",
    )  # fmt: skip
    if not st.button(tr("services.import.map_read"), key="services_import_map_read"):
        return None
    return {"columns": {f: c for f, c in chosen.items() if c}, "first_row": int(first_row)}


def flagged_rows(flags: list[dict]) -> None:
    """Each flagged row of a preview, with its row number and unit, in the reader's language."""
    lang = current_lang()
    for flag in flags:
        st.error(f"{t('common.row', lang, row=flag['row'])} {flag['unit']}: {t(flag['key'], lang, **flag['params'])}")


def import_history(user: User) -> None:
    """The last services imports, each with its undo; what an undo kept (an alias a later
    import read by) is said."""
    with st.expander(tr("services.import.history")):
        for batch in importer.import_batches(db(), user, limit=10):
            counts = batch["counts"]
            line = tr(
                "services.import.batch_row",
                id=batch["id"],
                when=batch["created_at"][:16].replace("T", " "),
                actor=batch["actor"],
                file=batch["file_name"],
                added=counts.get("added", 0),
                changed=counts.get("changed", 0),
                removed=counts.get("removed", 0),
            )
            left, right = st.columns([4, 1])
            left.write(line + (" " + tr("services.import.undone") if batch["undone"] else ""))
            if not batch["undone"] and right.button(tr("services.import.undo"), key=f"services_undo_{batch['id']}"):
                done = attempt(importer.undo, db(), user, batch["id"])
                if done:
                    st.success(tr("services.import.undo_done", batch=batch["id"]))
                    if done["kept"]:
                        kept = describe_kept(done["kept"], current_lang())
                        st.info(tr("services.import.undo_kept", records="; ".join(kept)))


def other_import(
    kind: str,
    user: User,
    month: str,
    read: Callable[..., dict],
    commit: Callable[..., dict],
    preview_text: Callable[[dict], str],
    done_text: Callable[[dict], str],
) -> None:
    """A smaller import of the page (`kind`: scores, ratings): its title and help, the file,
    the check, the preview (said by `preview_text`), its flagged rows and unmatched names,
    and the commit (its result said by `done_text`)."""
    key = f"services_{kind}_preview"
    st.divider()
    st.subheader(tr(f"services.{kind}.title"))
    st.caption(tr(f"services.{kind}.help"))
    upload = st.file_uploader(tr("services.import.file"), type=["xlsx", "csv"], key=f"services_{kind}_file")
    if upload is not None and st.button(tr("services.import.check"), key=f"services_{kind}_check"):
        st.session_state[key] = attempt(
            read, db(), user, upload.name, upload.getvalue(), month, app_settings().upload_max_bytes
        )
    preview = st.session_state.get(key)
    if not preview:
        return
    st.info(preview_text(preview))
    flagged_rows(preview["flagged"])
    if preview["unmatched_units"]:
        st.warning(tr("services.error.unmatched", names=", ".join(preview["unmatched_units"])))
    elif not preview["flagged"] and st.button(
        tr("services.import.commit"), type="primary", key=f"services_{kind}_commit"
    ):
        done = attempt(commit, db(), user, preview)
        if done:
            st.success(done_text(done))
            st.session_state.pop(key, None)

import pandas as pd
import streamlit as st

from core.errors import AppError
from core.i18n import today_local
from core.periods import first_day, shift
from core.periods import month_label as label
from core.permissions import can
from core.ui import app_settings, attempt, db, require_user, show_error, tr
from core.units import units_on
from services import desk_ratings, importer, scores_io
from services.page_parts import column_mapping, flagged_rows, import_history, other_import

PREVIEW_KEY = "services_import_preview"

user = require_user()
st.title(tr("services.import.title"))
st.caption(tr("services.import.help"))

last_month = shift(today_local().isoformat()[:7], -1)
choices = [shift(last_month, -i) for i in range(13)]
month = st.selectbox(tr("services.dash.month"), choices, format_func=label, key="services_import_month")
upload = st.file_uploader(tr("services.import.file"), type=["xlsx", "csv"], key="services_import_file")
UNPLACED_KEY = "services_import_unplaced"
if upload is not None and st.button(tr("services.import.check"), key="services_import_check"):
    st.session_state.pop(UNPLACED_KEY, None)
    try:
        st.session_state[PREVIEW_KEY] = importer.read_file(
            db(), user, upload.name, upload.getvalue(), month, app_settings().upload_max_bytes
        )
    except AppError as exc:
        st.session_state[PREVIEW_KEY] = None
        show_error(exc)
        if exc.params.get("file_columns"):  # a layout not recognised: the person places the columns
            st.session_state[UNPLACED_KEY] = exc.params

unplaced = st.session_state.get(UNPLACED_KEY)
column_map = column_mapping(unplaced) if unplaced and upload is not None else None
if column_map:
    st.session_state[PREVIEW_KEY] = attempt(
        importer.read_file,
        db(),
        user,
        upload.name,
        upload.getvalue(),
        month,
        app_settings().upload_max_bytes,
        column_map=column_map,
    )
    if st.session_state[PREVIEW_KEY]:  # placed: the step gives way to the preview
        st.session_state.pop(UNPLACED_KEY, None)
        st.rerun()

preview = st.session_state.get(PREVIEW_KEY)
if preview:
    st.info(
        tr("services.import.preview", month=label(preview["month"]), rows=len(preview["rows"]), units=preview["units"])
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "row": r["row"],
                    tr("services.col.unit"): r["name"],
                    tr("services.col.code"): r["code"] or "?",
                    tr("services.col.received"): r["received"],
                    tr("services.col.resolved"): r["resolved"],
                }
                for r in preview["rows"]
            ]
        ),  # fmt: skip
        hide_index=True,
        width="stretch",
        key="services_import_rows",
    )
    if preview["flagged"]:
        st.subheader(tr("services.import.flagged", n=len(preview["flagged"])))
        flagged_rows(preview["flagged"])
    mapping = {}
    if preview["unmatched_units"]:
        st.subheader(tr("services.import.unmatched"))
        options = {u["code"]: u["name"] for u in units_on(db(), first_day(preview["month"]), ("department", "commune"))}
        for i, name in enumerate(preview["unmatched_units"]):
            several = [u["code"] for u in preview.get("ambiguous_units", {}).get(name, [])]
            mapping[name] = st.selectbox(
                name,
                [""] + several + [c for c in options if c not in several],
                help=tr("services.import.ambiguous") if several else None,
                format_func=lambda c: options.get(c) or tr("services.import.no_mapping"),
                key=f"services_import_map_{i}",
            )
    plan = importer.changes(db(), preview, mapping)
    st.info(
        tr(
            "services.import.changes",
            added=len(plan["added"]),
            changed=len(plan["changed"]),
            unchanged=len(plan["unchanged"]),
            kept=len(plan["kept"]),
        )
    )
    for change in plan["changed"]:
        figures = "; ".join(
            f"{tr('services.col.' + f) if f in ('received', 'resolved') else f}: {old} → {new}"
            for f, (old, new) in change["figures"].items()
        )
        st.caption(tr("services.import.changed_row", unit=change["unit"], figures=figures))
    if plan["kept"]:
        st.caption(tr("services.import.kept", units=", ".join(k["unit"] for k in plan["kept"])))
    replace_month = bool(plan["kept"]) and st.checkbox(
        tr("services.import.replace_month"), value=False, key="services_import_replace_month"
    )
    if not preview["flagged"] and st.button(tr("services.import.commit"), type="primary", key="services_import_commit"):
        try:
            done = importer.commit(db(), user, preview, mapping=mapping, replace_month=replace_month)
        except AppError as exc:
            show_error(exc)
        else:
            st.session_state.pop(PREVIEW_KEY, None)
            st.success(tr("services.import.done", **{**done, "month": label(done["month"])}))

if can(user, "imports.undo"):
    import_history(user)

other_import(
    "scores",
    user,
    month,
    scores_io.read_file,
    scores_io.commit,
    lambda p: tr("services.scores.preview", month=label(p["month"]), rows=len(p["rows"])),
    lambda done: tr("services.scores.done", rows=done["rows"]),
)
other_import(
    "ratings",
    user,
    month,
    desk_ratings.read_file,
    desk_ratings.commit,
    lambda p: tr("services.ratings.preview", month=label(p["month"]), n=p["ratings"]),
    lambda done: tr("services.ratings.done", n=done["ratings"], units=done["units"]),
)

import pandas as pd
import streamlit as st

from core.errors import AppError
from core.i18n import t, today_local
from core.periods import first_day, shift
from core.periods import month_label as label
from core.permissions import can
from core.ui import app_settings, attempt, current_lang, db, require_user, show_error, tr
from core.units import units_on
from services import desk_ratings, importer, scores_io

PREVIEW_KEY = "services_import_preview"

user = require_user()
lang = current_lang()
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
if unplaced and upload is not None:
    st.subheader(tr("services.import.map_title"))
    st.caption(tr("services.import.map_help"))
    letters = [c["column"] for c in unplaced["file_columns"]]
    shown = {c["column"]: f"{c['column']} — {c['header']}" for c in unplaced["file_columns"]}
    chosen = {}
    for field in ("unit", *importer.REQUIRED):
        placed = unplaced["found"].get(field)
        default = letters[placed] if placed is not None and placed < len(letters) else None
        chosen[field] = st.selectbox(
            importer.checks.LABELS[field],
            [""] + letters,
            index=(letters.index(default) + 1) if default else 0,
            format_func=lambda c: shown.get(c) or tr("services.import.no_mapping"),
            key=f"services_import_column_{field}",
        )
    first_row = st.number_input(
        tr("services.import.map_first_row"), min_value=1, max_value=importer.ROW_CAP, value=3, step=1,
        key="services_import_first_row",
    )  # fmt: skip
    if st.button(tr("services.import.map_read"), key="services_import_map_read"):
        column_map = {"columns": {f: c for f, c in chosen.items() if c}, "first_row": int(first_row)}
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
        if st.session_state[PREVIEW_KEY]:
            st.session_state.pop(UNPLACED_KEY, None)

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
        for flag in preview["flagged"]:
            st.error(
                f"{t('common.row', lang, row=flag['row'])} {flag['unit']}: {t(flag['key'], lang, **flag['params'])}"
            )
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
                if attempt(importer.undo, db(), user, batch["id"]):
                    st.success(tr("services.import.undo_done", batch=batch["id"]))

SCORES_KEY = "services_scores_preview"
st.divider()
st.subheader(tr("services.scores.title"))
st.caption(tr("services.scores.help"))
scores_file = st.file_uploader(tr("services.import.file"), type=["xlsx", "csv"], key="services_scores_file")
if scores_file is not None and st.button(tr("services.import.check"), key="services_scores_check"):
    st.session_state[SCORES_KEY] = attempt(
        scores_io.read_file,
        db(),
        user,
        scores_file.name,
        scores_file.getvalue(),
        month,
        app_settings().upload_max_bytes,
    )
scores = st.session_state.get(SCORES_KEY)
if scores:
    st.info(tr("services.scores.preview", month=label(scores["month"]), rows=len(scores["rows"])))
    for flag in scores["flagged"]:
        st.error(f"{t('common.row', lang, row=flag['row'])} {flag['unit']}: {t(flag['key'], lang, **flag['params'])}")
    if scores["unmatched_units"]:
        st.warning(t("services.error.unmatched", lang, names=", ".join(scores["unmatched_units"])))
    elif not scores["flagged"] and st.button(
        tr("services.import.commit"), type="primary", key="services_scores_commit"
    ):
        if attempt(scores_io.commit, db(), user, scores, success=tr("services.scores.done", rows=len(scores["rows"]))):
            st.session_state.pop(SCORES_KEY, None)

RATINGS_KEY = "services_ratings_preview"
st.divider()
st.subheader(tr("services.ratings.title"))
st.caption(tr("services.ratings.help"))
ratings_file = st.file_uploader(tr("services.import.file"), type=["xlsx", "csv"], key="services_ratings_file")
if ratings_file is not None and st.button(tr("services.import.check"), key="services_ratings_check"):
    st.session_state[RATINGS_KEY] = attempt(
        desk_ratings.read_file,
        db(),
        user,
        ratings_file.name,
        ratings_file.getvalue(),
        month,
        app_settings().upload_max_bytes,
    )
ratings = st.session_state.get(RATINGS_KEY)
if ratings:
    st.info(tr("services.ratings.preview", month=label(ratings["month"]), n=ratings["ratings"]))
    for flag in ratings["flagged"]:
        st.error(f"{t('common.row', lang, row=flag['row'])} {flag['unit']}: {t(flag['key'], lang, **flag['params'])}")
    if ratings["unmatched_units"]:
        st.warning(t("services.error.unmatched", lang, names=", ".join(ratings["unmatched_units"])))
    elif not ratings["flagged"] and st.button(
        tr("services.import.commit"), type="primary", key="services_ratings_commit"
    ):
        done = attempt(desk_ratings.commit, db(), user, ratings)
        if done:
            st.success(tr("services.ratings.done", n=done["ratings"], units=done["units"]))
            st.session_state.pop(RATINGS_KEY, None)

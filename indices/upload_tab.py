"""Uploads of the indices page: a result's scores or a new framework from .xlsx/.csv,
previewed with every problem listed, written only on confirmation."""

import streamlit as st

from core.errors import ValidationError
from core.i18n import today_local
from core.ui import app_settings, attempt, current_lang, db, show_error, tr
from indices import files
from indices.page_parts import num


def results_upload(user, index: dict, subject: dict, year: int) -> None:
    lang = current_lang()
    st.subheader(tr("indices.import_results"))
    upload = st.file_uploader(tr("indices.import_file"), type=["xlsx", "csv"], key="indices_results_file")
    if upload is not None:
        preview = attempt(
            files.preview_results,
            db(),
            user,
            index["id"],
            year,
            subject["id"],
            upload.getvalue(),
            upload.name,
            max_bytes=app_settings().upload_max_bytes,
        )
        if preview:
            st.dataframe(
                [
                    {
                        tr("indices.col.code"): r["code"],
                        tr("indices.col.name"): r["name_vi"],
                        tr("indices.col.max"): num(r["max"], lang),
                        tr("indices.col.score"): num(r["score"], lang),
                        tr("indices.col.self"): num(r["self_score"], lang),
                        tr("indices.col.appraised"): num(r["appraised_score"], lang),
                    }
                    for r in preview["rows"]
                ],
                hide_index=True,
                width="stretch",
                key="indices_results_preview",
            )
            if preview["errors"]:
                show_error(
                    ValidationError("indices.error.result_rejected", errors=preview["errors"], n=len(preview["errors"]))
                )
            elif st.button(tr("indices.commit_import"), type="primary", key="indices_results_commit"):
                if attempt(
                    files.import_results,
                    db(),
                    user,
                    index["id"],
                    year,
                    subject["id"],
                    upload.getvalue(),
                    upload.name,
                    max_bytes=app_settings().upload_max_bytes,
                ):
                    st.success(tr("indices.saved", year=year))


def framework_upload(user, index: dict) -> None:
    with st.expander(tr("indices.import_framework")):
        st.caption(tr("indices.import_framework_help"))
        f1, f2 = st.columns(2)
        meta = {
            "code": f1.text_input(tr("indices.framework_code"), key="indices_fw_code"),
            "title": f2.text_input(tr("indices.framework_title"), key="indices_fw_title"),
            "from_year": f1.number_input(
                tr("indices.from_year"), 2000, 2100, value=today_local().year, key="indices_fw_from"
            ),
            "to_year": f2.number_input(tr("indices.to_year"), 0, 2100, value=0, key="indices_fw_to") or None,
            "unit": f1.selectbox(
                tr("indices.unit"),
                ("points", "percent"),
                key="indices_fw_unit",
                format_func=lambda u: tr(f"indices.unit.{u}"),
            ),
            "aggregation": f2.selectbox(
                tr("indices.aggregation"),
                ("sum", "independent"),
                key="indices_fw_agg",
                format_func=lambda a: tr(f"indices.aggregation.{a}"),
            ),
            "max_total": f1.number_input(tr("indices.max_total"), 0.0, 1000.0, value=100.0, key="indices_fw_max"),
            "note": f2.text_input(tr("indices.note"), key="indices_fw_note"),
        }
        fw_file = st.file_uploader(tr("indices.import_file"), type=["xlsx", "csv"], key="indices_fw_file")
        if fw_file is not None:
            preview = attempt(
                files.preview_framework,
                db(),
                user,
                index["id"],
                fw_file.getvalue(),
                fw_file.name,
                max_bytes=app_settings().upload_max_bytes,
                **meta,
            )
            if preview:
                st.dataframe(
                    [
                        {
                            tr("indices.col.code"): n.get("code"),
                            tr("indices.col.parent"): n.get("parent_code") or "",
                            tr("indices.col.name"): n.get("name_vi"),
                            tr("indices.col.max"): n.get("max_points"),
                        }
                        for n in preview["nodes"]
                    ],
                    hide_index=True,
                    width="stretch",
                    key="indices_fw_preview",
                )
                if preview["errors"]:
                    show_error(
                        ValidationError(
                            "indices.error.framework_rejected", errors=preview["errors"], n=len(preview["errors"])
                        )
                    )
                elif st.button(tr("indices.commit_import"), type="primary", key="indices_fw_commit"):
                    if attempt(
                        files.import_framework,
                        db(),
                        user,
                        index["id"],
                        fw_file.getvalue(),
                        fw_file.name,
                        max_bytes=app_settings().upload_max_bytes,
                        **meta,
                    ):
                        st.success(tr("indices.framework_created", code=meta["code"]))

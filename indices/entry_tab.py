"""The data-entry tab of the indices page: one result's header and node scores, typed
in or uploaded as a file (checked first, written on confirmation)."""

import streamlit as st

from core.errors import AppError
from core.ui import attempt, current_lang, db, show_error, tr
from indices import frameworks, results
from indices.page_parts import indent_name
from indices.upload_tab import results_upload


def show(user, index: dict, subject: dict, year: int) -> None:
    lang = current_lang()
    try:
        framework = frameworks.framework_for(db(), index["id"], year)
    except AppError as exc:
        show_error(exc)
        framework = None
    if framework is None:
        return
    existing = results.find_result(db(), index["id"], year, subject["id"]) or {}
    entry = results.entry_rows(db(), user, index["id"], year, subject["id"])
    sfx = f"{index['id']}_{year}_{subject['id']}"  # fresh widgets for each result
    st.caption(tr("indices.entry_help", code=framework["code"], year=year, subject=subject["name"]))
    with st.form(f"indices_entry_form_{sfx}"):
        h = st.columns(4)
        total = h[0].text_input(
            tr("indices.total_published"),
            value=str(existing.get("total_score") or "").replace(".", ","),
            key=f"indices_entry_total_{sfx}",
        )
        rank_in = h[1].number_input(
            tr("indices.rank"), 0, 500, value=existing.get("rank") or 0, key=f"indices_entry_rank_{sfx}"
        )
        of_in = h[2].number_input(
            tr("indices.ranked_of"), 0, 500, value=existing.get("ranked_of") or 0, key=f"indices_entry_of_{sfx}"
        )
        change_in = h[3].number_input(
            tr("indices.rank_change"),
            -500,
            500,
            value=existing.get("rank_change") or 0,
            key=f"indices_entry_change_{sfx}",
        )
        s1, s2 = st.columns([3, 1])
        source = s1.text_input(
            tr("indices.source"), value=existing.get("source") or "", key=f"indices_entry_source_{sfx}"
        )
        published = s2.date_input(
            tr("indices.published_on"),
            value=existing.get("published_on"),
            format="DD/MM/YYYY",
            key=f"indices_entry_published_{sfx}",
        )
        grid = st.data_editor(
            [{**r, "name": indent_name(r, lang)} for r in entry],
            column_order=(
                "node_code",
                "name",
                "max",
                "score",
                "self_score",
                "appraised_score",
                "evidence",
                "rank",
                "rank_change",
                "note",
            ),
            column_config={
                "node_code": st.column_config.TextColumn(tr("indices.col.code"), disabled=True),
                "name": st.column_config.TextColumn(tr("indices.col.name"), disabled=True, width="large"),
                "max": st.column_config.NumberColumn(tr("indices.col.max"), disabled=True, format="%.2f"),
                "score": st.column_config.NumberColumn(tr("indices.col.score"), format="%.2f"),
                "self_score": st.column_config.NumberColumn(tr("indices.col.self"), format="%.2f"),
                "appraised_score": st.column_config.NumberColumn(tr("indices.col.appraised"), format="%.2f"),
                "evidence": st.column_config.TextColumn(tr("indices.col.evidence")),
                "rank": st.column_config.NumberColumn(tr("indices.col.rank"), format="%d"),
                "rank_change": st.column_config.NumberColumn(tr("indices.col.rank_change"), format="%+d"),
                "note": st.column_config.TextColumn(tr("indices.note")),
            },
            hide_index=True,
            width="stretch",
            key=f"indices_entry_grid_{sfx}",
        )
        if st.form_submit_button(tr("indices.save_result"), type="primary"):
            saved = attempt(
                results.save_result,
                db(),
                user,
                index["id"],
                year,
                subject["id"],
                scores=list(grid),
                replace_scores=True,
                total_score=total,
                rank=rank_in or None,
                ranked_of=of_in or None,
                rank_change=change_in or None,
                source=source,
                published_on=published,
            )
            if saved:
                st.success(tr("indices.saved", year=year))
    results_upload(user, index, subject, year)

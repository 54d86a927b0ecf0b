"""The frameworks tab of the indices page: the tree of a period's framework, its files,
and (for office staff) a new framework from a file."""

import streamlit as st

from core import ui
from core.ui import cached, current_lang, db, tr
from indices import files, frameworks
from indices.page_parts import MIMES, indent_name, num
from indices.upload_tab import framework_upload


def show(user, index: dict, can_edit: bool) -> None:
    lang = current_lang()
    periods = cached(frameworks.list_frameworks, db(), index["id"])
    if periods:
        framework = st.selectbox(
            tr("indices.framework"),
            periods,
            index=len(periods) - 1,
            key="indices_framework",
            format_func=lambda f: f"{f['code']} ({f['from_year']}–{f['to_year'] or '…'})",
        )
        unit, aggregation = (
            tr("indices.unit." + framework["unit"]),
            tr("indices.aggregation." + framework["aggregation"]),
        )
        maximum = f"{tr('indices.max_total')}: {num(framework['max_total'], lang)}"
        st.markdown(f"**{framework['title']}** — {unit}, {aggregation}, {maximum}")
        if framework["note"]:
            st.warning(framework["note"])
        tree = cached(frameworks.framework_tree, db(), framework["id"])
        st.dataframe(
            [
                {
                    tr("indices.col.code"): n["code"],
                    tr("indices.col.name"): indent_name(n, lang),
                    tr("indices.col.level"): tr(f"indices.level.{n['depth']}"),
                    tr("indices.col.max"): num(n["max_points"], lang),
                }
                for n in tree
            ],
            hide_index=True,
            width="stretch",
            key="indices_framework_table",
        )
        for fmt, mime in MIMES.items():
            st.download_button(
                tr(f"indices.download_framework.{fmt}"),
                lambda fmt=fmt: files.export_framework(ui.db(), user, framework["id"], fmt),  # built when clicked
                f"khung-{index['code']}-{framework['from_year']}.{fmt}",
                mime,
                key=f"indices_dl_fw_{fmt}",
            )
    else:
        st.info(tr("indices.no_framework"))
    if can_edit:
        framework_upload(user, index)

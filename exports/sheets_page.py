"""Spreadsheets: one table of the app as an XLSX file."""

import streamlit as st

from core import ui
from core.ui import attempt, pick, require_user, tr
from exports import sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

user = require_user()
st.title(tr("exports.tab.sheets"))
table = pick(tr("exports.table"), {t: tr(f"exports.table.{t}") for t in sheets.TABLES}, "exports_table")
if attempt(sheets.check_table, user, table):
    st.download_button(
        tr("exports.download_xlsx"),
        # Built only when clicked, on another thread: with that thread's own connection.
        lambda: sheets.export_xlsx(ui.db(), user, table),
        f"{table}.xlsx",
        XLSX,
        key="exports_xlsx",
    )

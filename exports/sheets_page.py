"""Spreadsheets: one table of the app as an XLSX file."""

import streamlit as st

from core.ui import attempt, db, pick, require_user, tr
from exports import sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

user = require_user()
st.title(tr("exports.tab.sheets"))
table = pick(tr("exports.table"), {t: tr(f"exports.table.{t}") for t in sheets.TABLES}, "exports_table")
data = attempt(sheets.export_xlsx, db(), user, table)
if data:
    st.download_button(tr("exports.download_xlsx"), data, f"{table}.xlsx", XLSX, key="exports_xlsx")

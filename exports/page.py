"""The register of issued reports: every report with its number, date and fingerprint,
each downloadable again exactly as issued."""

import streamlit as st

from core.i18n import fmt_date, fmt_datetime
from core.ui import app_settings, attempt, current_lang, db, pick, require_user, tr
from exports import register

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

user = require_user()
lang = current_lang()
st.title(tr("exports.title"))
st.subheader(tr("exports.tab.register"))
rows = attempt(register.list_issued, db(), user) or []
if not rows:
    st.info(tr("exports.register_empty"))
    st.stop()
symbol, issued_on, kind, title, author, created_at = (
    tr(f"exports.col.{k}") for k in ("symbol", "issued_on", "kind", "title", "author", "created_at")
)
kinds = {r["kind"]: tr(f"exports.kind.{r['kind']}") for r in rows}  # labels looked up once, not per row
table = [
    {
        symbol: r["symbol"],
        issued_on: fmt_date(r["issued_on"], lang),
        kind: kinds[r["kind"]],
        title: r["title"],
        author: r["author"],
        created_at: fmt_datetime(r["created_at"], lang),
        "SHA-256": r["sha256"][:16],
    }
    for r in rows
]
st.dataframe(table, hide_index=True, width="stretch")
chosen = pick(tr("exports.pick"), {r["id"]: f"{r['symbol']} — {r['title']}" for r in rows}, "exports_pick")
found = attempt(register.download, db(), user, chosen, settings=app_settings())
if found:
    row, data = found
    st.download_button(tr("exports.download"), data, register.file_name(row), DOCX, key="exports_download_old")
    attached = attempt(register.attachment, row, settings=app_settings()) if row.get("attachment_name") else None
    if attached:  # the draft report a Tờ trình sent up, as it was sent
        name = register.file_name(row).removesuffix(".docx") + "-kem-theo.docx"
        st.download_button(tr("exports.download_attachment"), attached, name, DOCX, key="exports_download_attached")

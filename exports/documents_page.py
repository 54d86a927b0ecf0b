"""Inspection documents (KH, QĐ, TB) built from the inspection schedule, and the data the
office edits for its documents: the CCHC report outline and the legal bases of a decision."""

import streamlit as st

from core.i18n import fmt_date
from core.ui import app_settings, attempt, cached, current_lang, db, pick, require_user, save, show_flash, tr
from exports import inspection_docs, outline, register

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

user = require_user()
lang = current_lang()
st.title(tr("exports.tab.documents"))
show_flash()
choices = attempt(cached, inspection_docs.inspection_choices, db(), user) or {"plans": {}, "inspections": {}}
kind = pick(tr("exports.doc.kind"), {k: tr(f"exports.doc.{k}") for k in inspection_docs.KINDS}, "exports_doc_kind")
if kind == "notice":
    target = {"inspection": pick(tr("exports.doc.inspection"), choices["inspections"], "exports_doc_inspection")}
else:
    target = {"inspection_plan": pick(tr("exports.doc.inspection_plan"), choices["plans"], "exports_doc_plan")}
if all(target.values()) and st.button(tr("exports.doc.build"), type="primary", key="exports_doc_build"):
    built = attempt(inspection_docs.build_document, db(), user, kind, **target)
    if built is not None:
        if built.draft:
            st.info(tr("exports.doc.draft"))
        else:
            st.success(tr("exports.doc.issued", number=f"{built.number:02d}", day=fmt_date(built.issued_on, lang)))
        name = f"{built.doc_type}-{kind}-{'du-thao' if built.draft else built.number}.docx"
        st.download_button(tr("exports.download"), built.data, name, DOCX, key="exports_doc_download")
if all(target.values()) and st.button(tr("exports.issue"), key="exports_doc_issue"):
    issued = attempt(inspection_docs.issue_document, db(), user, kind, **target, settings=app_settings())
    if issued is not None:
        st.success(tr("exports.generated", symbol=issued.row["symbol"]))
        st.download_button(
            tr("exports.download"), issued.data, register.file_name(issued.row), DOCX, key="exports_doc_issued"
        )

st.subheader(tr("exports.outline"))
st.caption(tr("exports.outline_help", known=", ".join(outline.SOURCES)))
text = st.text_area(tr("exports.outline"), outline.outline_text(db()), height=360, key="exports_outline_text")
c1, c2 = st.columns(2)
if c1.button(tr("exports.outline_save"), key="exports_outline_save"):
    save(outline.save_outline, db(), user, text, success=tr("exports.outline_saved"))
if c2.button(tr("exports.outline_reset"), key="exports_outline_reset"):
    save(outline.reset_outline, db(), user, success=tr("exports.outline_saved"))
bases = st.text_area(tr("exports.bases"), "\n".join(outline.legal_bases(db())), height=140, key="exports_bases")
if st.button(tr("exports.bases_save"), key="exports_bases_save"):
    save(outline.save_legal_bases, db(), user, bases, success=tr("exports.bases_saved"))

"""Inspection documents (KH, QĐ, biên bản, TB) built from the inspection schedule and served
as stored once issued; the office's document profiles (who issues each kind, its symbol,
căn cứ, recipients and signer); the CCHC report outline and the legal bases of a decision."""

import streamlit as st

from core.i18n import fmt_date
from core.ui import app_settings, attempt, cached, current_lang, db, pick, require_user, save, show_flash, tr
from exports import inspection_docs, outline, profiles, register

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

user = require_user()
lang = current_lang()
st.title(tr("exports.tab.documents"))
show_flash()
choices = attempt(cached, inspection_docs.inspection_choices, db(), user) or {"plans": {}, "inspections": {}}
kind = pick(tr("exports.doc.kind"), {k: tr(f"exports.doc.{k}") for k in inspection_docs.KINDS}, "exports_doc_kind")
if kind in ("notice", "minutes"):
    target = {"inspection": pick(tr("exports.doc.inspection"), choices["inspections"], "exports_doc_inspection")}
else:
    target = {"inspection_plan": pick(tr("exports.doc.inspection_plan"), choices["plans"], "exports_doc_plan")}
built = None
if all(target.values()):
    built = attempt(cached, inspection_docs.build_document, db(), user, kind, **target, settings=app_settings())
if built is not None:
    for key, values in built.warnings:
        st.warning(tr(key, **values))
    if built.sha256:
        st.success(tr("exports.doc.frozen", symbol=built.symbol, sha=built.sha256[:16]))
    elif built.draft:
        st.info(tr("exports.doc.draft"))
    else:
        st.success(tr("exports.doc.issued", number=f"{built.number:02d}", day=fmt_date(built.issued_on, lang)))
    name = f"{inspection_docs.DOC_TYPES[kind]}-{kind}-{'du-thao' if built.draft else built.number}.docx"
    st.download_button(tr("exports.download"), built.data, name.replace("Đ", "D"), DOCX, key="exports_doc_download")
    replaces = None
    if built.sha256:
        issued_row = next((r for r in register.list_issued(db(), user) if r["sha256"] == built.sha256), None)
        if issued_row and st.checkbox(tr("exports.doc.replaces") + f" {built.symbol}", key="exports_doc_replace"):
            replaces = issued_row["id"]
    if (not built.sha256 or replaces) and st.button(tr("exports.issue"), key="exports_doc_issue"):
        issued = attempt(
            inspection_docs.issue_document, db(), user, kind, **target, replaces=replaces, settings=app_settings()
        )
        if issued is not None:
            st.success(tr("exports.generated", symbol=issued.row["symbol"]))
            st.download_button(
                tr("exports.download"), issued.data, register.file_name(issued.row), DOCX, key="exports_doc_issued"
            )

st.subheader(tr("exports.profile"))
st.caption(tr("exports.profile.help"))
profile_kind = pick(
    tr("exports.profile.kind"), {k: tr(f"exports.kind.{k}") for k in profiles.kinds()}, "exports_profile_kind"
)
current = profiles.get_profile(db(), profile_kind)
prefix = f"exports_profile_{profile_kind}"
with st.form(prefix):
    c1, c2 = st.columns(2)
    parent = c1.text_input(tr("exports.profile.parent_body"), current["parent_body"], key=f"{prefix}_parent")
    issuing = c2.text_input(tr("exports.profile.issuing_body"), current["issuing_body"], key=f"{prefix}_issuing")
    doc_type = c1.selectbox(
        tr("exports.profile.doc_type"),
        profiles.DOC_TYPES,
        index=profiles.DOC_TYPES.index(current["doc_type"]),
        key=f"{prefix}_type",
    )
    symbol = c2.text_input(tr("exports.profile.symbol"), current["symbol"], key=f"{prefix}_symbol")
    bases = st.text_area(tr("exports.profile.bases"), profiles.bases_text(current), height=140, key=f"{prefix}_bases")
    recipients = st.text_area(
        tr("exports.profile.recipients"), profiles.recipients_text(current), height=140, key=f"{prefix}_recipients"
    )
    signer_lines = c1.text_area(
        tr("exports.profile.signer_lines"), "\n".join(current["signer_lines"]), height=90, key=f"{prefix}_lines"
    )
    signer_name = c2.text_input(tr("exports.profile.signer_name"), current["signer_name"], key=f"{prefix}_signer")
    archive = c2.text_input(tr("exports.profile.archive"), current["archive"], key=f"{prefix}_archive")
    addressee = c1.text_input(
        tr("exports.profile.addressee"), current.get("addressee") or "", key=f"{prefix}_addressee"
    )
    if st.form_submit_button(tr("exports.profile.save")):
        parsed = attempt(profiles.parse_bases, bases)
        if parsed is not None:
            save(
                profiles.save_profile,
                db(),
                user,
                profile_kind,
                {
                    "parent_body": parent,
                    "issuing_body": issuing,
                    "doc_type": doc_type,
                    "symbol": symbol,
                    "bases": parsed,
                    "recipients": profiles.parse_recipients(recipients),
                    "signer_lines": [line for line in signer_lines.splitlines() if line.strip()],
                    "signer_name": signer_name,
                    "archive": archive,
                    "addressee": addressee,
                },
                success=tr("exports.profile.saved"),
            )
if st.button(tr("exports.profile.reset"), key="exports_profile_reset"):
    save(profiles.reset_profile, db(), user, profile_kind, success=tr("exports.profile.saved"))

st.subheader(tr("exports.outline"))
st.caption(tr("exports.outline_help", known=", ".join(outline.SOURCES)))
text = st.text_area(tr("exports.outline"), outline.outline_text(db()), height=360, key="exports_outline_text")
c1, c2 = st.columns(2)
if c1.button(tr("exports.outline_save"), key="exports_outline_save"):
    save(outline.save_outline, db(), user, text, success=tr("exports.outline_saved"))
if c2.button(tr("exports.outline_reset"), key="exports_outline_reset"):
    save(outline.reset_outline, db(), user, success=tr("exports.outline_saved"))

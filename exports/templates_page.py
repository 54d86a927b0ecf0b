"""Word templates: an office's own template for a kind of report, or the built-in one."""

import streamlit as st

from core.ui import app_settings, db, pick, require_user, save, tr
from exports import kinds, templates

user = require_user()
st.title(tr("exports.tab.templates"))
st.caption(tr("exports.templates_help"))
active = {t["kind"]: t for t in templates.list_templates(db(), user) if t["active"]}
kind = pick(tr("exports.kind"), {k: tr(f"exports.kind.{k}") for k in kinds.BUILDERS}, "exports_tkind")
current = active.get(kind)
st.write(tr("exports.template_current", name=current["file_name"]) if current else tr("exports.template_builtin"))
upload = st.file_uploader(tr("exports.template_upload"), type=["docx"], key="exports_template_file")
if upload is not None and st.button(tr("common.save"), key="exports_template_save"):
    save(
        templates.upload_template,
        db(),
        user,
        kind,
        upload.name,
        upload.getvalue(),
        settings=app_settings(),
        success=tr("exports.template_saved"),
    )
if current and st.button(tr("exports.template_reset"), key="exports_template_reset"):
    save(templates.use_builtin, db(), user, kind, success=tr("exports.template_reset_done"))

import streamlit as st

from core import office
from core.permissions import require
from core.ui import attempt, db, require_user, tr

user = require_user()
require(user, "settings.manage")
st.title(tr("office.title"))
st.caption(tr("office.help"))
current = office.get_office(db())
with st.form("office_form"):
    values = {
        key: st.text_input(tr(f"office.{key}"), value=current[key])
        for key in (
            "parent_body",
            "issuing_body",
            "doc_symbol",
            "place",
            "signer_authority",
            "signer_title",
            "signer_name",
            "archive_note",
        )
    }
    recipients = st.text_area(tr("office.recipients"), value="\n".join(current["recipients"]))
    if st.form_submit_button(tr("common.save"), type="primary"):
        values["recipients"] = [line.strip() for line in recipients.splitlines() if line.strip()]
        attempt(office.set_office, db(), user, values, success=tr("office.saved"))

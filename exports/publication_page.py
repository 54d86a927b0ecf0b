"""The monthly publication of public-service (TTHC) results: choose a month, read its
draft THÔNG BÁO, issue it (numbered in the register, once per month; services then lists
the month as issued and its public page shows it). A step of the services job."""

import streamlit as st

from core.i18n import fmt_date, today_local
from core.periods import month_label as label
from core.periods import of_date, shift
from core.ui import app_settings, attempt, cached, db, require_user, tr
from exports import register, services_publication

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MONTHS_BACK = 24  # the months offered: the last complete month and the two years before it

user = require_user()
st.title(tr("exports.pub.title"))
this_month = of_date(today_local())
months = [shift(this_month, -n) for n in range(1, MONTHS_BACK + 1)]
month = st.selectbox(tr("exports.pub.month"), months, format_func=label, key="exports_pub_month")
issued = cached(services_publication.issued_months, db())
done = issued.get(month)
if done:
    st.success(tr("exports.pub.issued_as", symbol=done["symbol"], day=fmt_date(done["issued_on"])))
    found = attempt(register.download, db(), user, done["report_id"], settings=app_settings())
    if found:
        row, data = found
        st.download_button(tr("exports.download"), data, register.file_name(row), DOCX, key="exports_pub_issued")
else:
    st.caption(tr("exports.pub.not_issued"))
    # The draft is a pure read: built once per month and state of the data, then kept. The
    # figures of the draft shown on the last run are what a click on Issue issues from.
    shown = st.session_state.setdefault("exports_pub_read", {})
    read_key = shown.get(month)
    data = attempt(cached, services_publication.draft, db(), user, month)
    if data:
        shown[month] = attempt(cached, services_publication.draft_key, db(), user, month)
        st.download_button(
            tr("exports.pub.draft"), data, f"du-thao-cong-khai-{month}.docx", DOCX, key="exports_pub_draft"
        )
        if st.button(tr("exports.pub.issue"), type="primary", key="exports_pub_issue"):
            # choosing the month here is the confirmation that a late issue is meant
            done = attempt(
                services_publication.issue, db(), user, month, confirm_late=True, read_key=read_key,
                settings=app_settings(),
            )  # fmt: skip
            if done:
                issued_now, evidence = done
                st.success(tr("exports.pub.issued_now", symbol=issued_now.row["symbol"]))
                if evidence:
                    st.info(tr("exports.pub.evidence"))

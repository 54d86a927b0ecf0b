"""The monthly publication: a draft Decree 30 document to read, issuing it (numbered in
the register, once per month), the months issued, and — for the administrator — the
switch of the public page."""

import streamlit as st

from core.i18n import fmt_date
from core.periods import month_label as label
from core.ui import allowed, app_settings, attempt, cached, db, require_user, tr
from services import indicators, publication, publishing

user = require_user()
st.title(tr("services.pub.title"))

months = cached(indicators.available_months, db(), user)
if not months:
    st.info(tr("services.dash.no_data"))
    st.stop()
month = st.selectbox(tr("services.dash.month"), months, format_func=label, key="services_pub_month")
issued = cached(publication.issued_months, db())
done = issued.get(month)
if done:
    st.success(tr("services.pub.issued_as", symbol=done["symbol"], day=fmt_date(done["issued_on"])))
else:
    st.caption(tr("services.pub.not_issued"))
    # The draft is a pure read: built once per month and state of the data, then kept.
    made = attempt(cached, publication.publication_docx, db(), user, month)
    if made:
        st.download_button(
            tr("services.pub.draft"),
            made["data"],
            file_name=f"du-thao-cong-khai-{month}.docx",
            key="services_pub_draft",
        )
        if st.button(tr("services.pub.issue"), type="primary", key="services_pub_issue"):
            result = attempt(publication.publication_docx, db(), user, month, True, app_settings())
            if result:
                st.success(tr("services.pub.issued_now", symbol=result["symbol"]))
                if result["evidence_id"]:
                    st.info(tr("services.pub.evidence"))

st.subheader(tr("services.pub.issued_months"))
if issued:
    for m, entry in sorted(issued.items(), reverse=True):
        st.markdown(f"- {label(m)}: {entry['symbol']} ({fmt_date(entry['issued_on'])})")
else:
    st.caption(tr("services.pub.none_issued"))

if allowed("services.admin"):
    on = publishing.options(db())["public_page"]
    wanted = st.toggle(tr("services.pub.public"), value=on, key="services_pub_public")
    st.caption(tr("services.pub.public_help"))
    if wanted != on:
        attempt(publishing.set_public_page, db(), user, wanted, success=tr("services.pub.public_saved"))

"""The months whose publication was issued (services' own list, recorded when the documents
slice issues a month's THÔNG BÁO, which is drafted and issued on its page), each with its
public page when that is on, and — for the administrator — the switch of the public page."""

import streamlit as st

from core.i18n import fmt_date
from core.periods import month_label as label
from core.ui import allowed, attempt, cached, db, require_user, tr
from services import publishing

user = require_user()
st.title(tr("services.pub.title"))
st.caption(tr("services.pub.where"))

issued = cached(publishing.issued_months, db())
public = publishing.options(db())["public_page"]
if issued:
    for month, entry in sorted(issued.items(), reverse=True):
        line = tr(
            "services.pub.issued_as", month=label(month), symbol=entry["symbol"], day=fmt_date(entry["issued_on"])
        )
        st.markdown(f"- [{line}](/public/services/{month}.html)" if public else f"- {line}")
else:
    st.caption(tr("services.pub.none_issued"))

if allowed("services.admin"):
    wanted = st.toggle(tr("services.pub.public"), value=public, key="services_pub_public")
    st.caption(tr("services.pub.public_help"))
    if wanted != public:
        attempt(publishing.set_public_page, db(), user, wanted, success=tr("services.pub.public_saved"))

from datetime import timedelta

import streamlit as st

from core import audit
from core.i18n import fmt_datetime
from core.ui import current_lang, db, require_user, tr

user = require_user()
lang = current_lang()
st.title(tr("audit.title"))
facets = audit.facets(db(), user)
everything = tr("audit.all")
c1, c2, c3, c4, c5 = st.columns(5)
table = c1.selectbox(tr("audit.table"), [everything] + facets["table_name"])
actor = c2.selectbox(tr("audit.actor"), [everything] + facets["actor"])
action = c3.selectbox(tr("audit.action"), [everything] + facets["action"])
since = c4.date_input(tr("audit.since"), value=None, format="DD/MM/YYYY")
until = c5.date_input(tr("audit.until"), value=None, format="DD/MM/YYYY")
rows = audit.browse(
    db(),
    user,
    table_name=None if table == everything else table,
    actor=None if actor == everything else actor,
    action=None if action == everything else action,
    since=since.isoformat() if since else None,
    until=(until + timedelta(days=1)).isoformat() if until else None,
)
st.caption(tr("audit.count", n=len(rows)))
st.dataframe(
    [
        {
            tr("audit.at"): fmt_datetime(r["at"], lang),
            tr("audit.actor"): r["actor"],
            tr("audit.action"): r["action"],
            tr("audit.table"): r["table_name"],
            tr("audit.record"): r["record_id"],
            tr("audit.before"): r["before"],
            tr("audit.after"): r["after"],
        }
        for r in rows
    ],
    hide_index=True,
    width="stretch",
)

"""The audit log in words: who changed what, from what to what; sign-ins on their own tab."""

from datetime import timedelta

import streamlit as st

from core import audit
from core.ui import cached, current_lang, db, require_user, tr

user = require_user()
lang = current_lang()
st.title(tr("audit.title"))
facets = cached(audit.facets, db(), user)
everything = tr("audit.all")


def word(prefix: str, name: str) -> str:
    return audit.word(prefix, name, lang) if name != everything else name


c1, c2, c3, c4, c5 = st.columns(5)
table = c1.selectbox(
    tr("audit.table"), [everything] + facets["table_name"], format_func=lambda n: word("audit.kind", n)
)
people = cached(audit.names, db())["usernames"]
actor = c2.selectbox(
    tr("audit.actor"),
    [everything] + facets["actor"],
    format_func=lambda n: f"{people[n]} ({n})" if n in people else n,
)
action = c3.selectbox(tr("audit.action"), [everything] + facets["action"], format_func=lambda n: word("audit.verb", n))
since = c4.date_input(tr("audit.since"), value=None, format="DD/MM/YYYY")
until = c5.date_input(tr("audit.until"), value=None, format="DD/MM/YYYY")
filters = {
    "table_name": None if table == everything else table,
    "actor": None if actor == everything else actor,
    "action": None if action == everything else action,
    "since": since.isoformat() if since else None,
    "until": (until + timedelta(days=1)).isoformat() if until else None,
}
columns = {
    "at": tr("audit.at"),
    "who": tr("audit.actor"),
    "what": tr("audit.what"),
    "record": tr("audit.record"),
    "change": tr("audit.change"),
}
for tab, sign_ins in zip(st.tabs([tr("audit.changes"), tr("audit.sign_ins")]), (False, True), strict=True):
    known = cached(audit.names, db())
    rows = [audit.describe(r, lang, known) for r in cached(audit.browse, db(), user, sign_ins=sign_ins, **filters)]
    tab.caption(tr("audit.count", n=len(rows)))
    tab.dataframe(
        [{columns[k]: r[k] for k in columns} for r in rows],
        hide_index=True,
        width="stretch",
        key=f"audit_table_{'sign_ins' if sign_ins else 'changes'}",
    )

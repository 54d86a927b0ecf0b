"""An inspector's own inspections: upcoming first, with a link to each one's detail."""

import streamlit as st

from core.ui import cached, current_lang, db, require_user, tr
from inspections import schedule, views

user = require_user()
st.title(tr("nav.inspections_mine"))
rows = cached(schedule.my_inspections, db(), user)
upcoming = views.upcoming(rows)
st.metric(tr("inspections.upcoming"), len(upcoming))
if not rows:
    st.info(tr("inspections.mine_none"))
else:
    st.dataframe(views.table_rows(rows, current_lang()), hide_index=True, width="stretch", column_config={"id": None})
    for row in upcoming:
        st.page_link(
            "inspections/detail_page.py",
            label=f"{views.when(row)} · {row['unit_name']}",
            query_params={"id": str(row["id"])},
            icon=":material/open_in_new:",
        )
st.page_link("inspections/feeds_page.py", label=tr("inspections.subscribe_hint"), icon=":material/calendar_month:")

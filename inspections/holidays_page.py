"""The administrator's override table for the yearly official notice: extra days off
(Tết), swapped working days (a Saturday worked), on top of the holidays package."""

from datetime import date

import streamlit as st

from core.i18n import fmt_date
from core.ui import attempt, db, require_user, tr
from inspections import store, workdays

user = require_user()
st.title(tr("nav.holidays"))
st.caption(tr("inspections.holidays_intro"))

with st.form("insp_hol_form"):
    c1, c2, c3 = st.columns(3)
    day = c1.date_input(tr("inspections.day"), date.today(), format="DD/MM/YYYY", key="insp_hol_day")
    kind = c2.selectbox(
        tr("inspections.override_kind"),
        store.OVERRIDE_KINDS,
        format_func=lambda k: tr("inspections.override." + k),
        key="insp_hol_kind",
    )
    name = c3.text_input(tr("inspections.override_name"), key="insp_hol_name")
    if st.form_submit_button(tr("inspections.save"), type="primary"):
        attempt(
            workdays.set_override,
            db(),
            user,
            day,
            kind,
            name,
            success=tr("inspections.override_saved", day=fmt_date(day)),
        )

overrides = workdays.list_overrides(db())
st.subheader(tr("inspections.overrides"))
if not overrides:
    st.info(tr("inspections.overrides_none"))
for row in overrides:
    c1, c2, c3, c4 = st.columns([2, 2, 4, 1])
    c1.write(fmt_date(row["day"]))
    c2.write(tr("inspections.override." + row["kind"]))
    c3.write(row["name"] or "")
    if c4.button(tr("inspections.delete"), key=f"insp_hol_del_{row['day']}"):
        attempt(workdays.remove_override, db(), user, row["day"])
        st.rerun()

year = st.number_input(tr("inspections.year"), 2020, 2100, date.today().year, key="insp_hol_year")
st.subheader(tr("inspections.days_off_of", year=year))
st.dataframe(
    [
        {
            tr("inspections.day"): fmt_date(d["day"]),
            tr("inspections.override_kind"): tr(
                "inspections.override." + ("working_day" if d["working"] else "day_off")
            ),
            tr("inspections.override_name"): d["name"],
            tr("inspections.source"): tr("inspections.source." + d["source"]),
        }
        for d in workdays.non_working_days(db(), int(year))
    ],
    hide_index=True,
    width="stretch",
)

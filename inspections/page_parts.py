"""Widgets the inspection pages share (Streamlit; imported only by pages and tabs)."""

from datetime import date

import streamlit as st

from core.permissions import User
from core.ui import cached, db, pick, tr
from inspections import schedule, views


def pick_inspection(prefix: str, viewer: User | None = None) -> int:
    """The inspection picker of the detail and management pages: a month first, then an
    inspection of that month (a month holds a few inspections, the schedule thousands).
    Opens on the inspection a link names (`?id=`), else on the month of the next one, and
    keeps `?id=` in step with the choice; with a `viewer`, the inspections whose team they
    are on are marked. Stops the page when there is nothing to pick. Widget keys start with
    `prefix` (the page's own)."""
    months = cached(schedule.inspection_months, db())
    if not months:
        st.info(tr("inspections.none"))
        st.stop()
    wanted = views.wanted_id(st.query_params.get("id"))
    month = pick(
        tr("inspections.filter.month"),
        {m: views.month_label(m) for m in months},
        f"{prefix}_month",
        cached(schedule.month_to_show, db(), date.today(), wanted),
    )
    choices = cached(schedule.list_inspections, db(), month=month)
    if not choices:
        st.info(tr("inspections.none_in_month"))
        st.stop()
    labels = views.inspection_labels(choices, viewer, tr("inspections.mine_mark") if viewer else "")
    inspection_id = pick(tr("inspections.pick"), labels, f"{prefix}_pick", wanted)
    st.query_params["id"] = str(inspection_id)
    return inspection_id

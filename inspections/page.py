"""The inspection schedule: filters, a list, a month or week calendar, and a one-off .ics
download of what is shown. New inspections and inspection plans: inspections/new_page.py."""

from datetime import date, timedelta

import streamlit as st

from core import ui
from core import units as core_units
from core.i18n import fmt_date
from core.ui import app_settings, attempt, cached, current_lang, db, require_user, tr
from inspections import ics_feed, schedule, store, views

user = require_user()
lang = current_lang()
st.title(tr("nav.inspections"))

all_units = {u["id"]: u for u in cached(core_units.list_units, db())}
members = cached(schedule.eligible_members, db())
today = date.today()
months = views.month_choices(today)

cols = st.columns(4)
unit_id = cols[0].selectbox(
    tr("inspections.col.unit"),
    [None, *all_units],
    format_func=lambda i: tr("inspections.all") if i is None else all_units[i]["name"],
    key="insp_f_unit",
)
member_id = cols[1].selectbox(
    tr("inspections.filter.inspector"),
    [None, *[m.id for m in members]],
    format_func=lambda i: tr("inspections.all") if i is None else next(m.display_name for m in members if m.id == i),
    key="insp_f_member",
)
status = cols[2].selectbox(
    tr("inspections.col.status"),
    [None, *store.STATUSES],
    format_func=lambda s: tr("inspections.all") if s is None else tr("inspections.status." + s),
    key="insp_f_status",
)
month = cols[3].selectbox(
    tr("inspections.filter.month"),
    [None, *months],
    format_func=lambda m: tr("inspections.all") if m is None else f"{m[5:]}/{m[:4]}",
    key="insp_f_month",
)

rows = (
    attempt(cached, schedule.list_inspections, db(), unit_id=unit_id, user_id=member_id, status=status, month=month)
    or []
)

view = st.segmented_control(
    tr("inspections.view"),
    ["list", "month", "week"],
    format_func=lambda v: tr("inspections.view." + v),
    default="list",
    key="insp_view",
)
if view == "month":
    shown = month or today.strftime("%Y-%m")
    st.subheader(tr("inspections.month_title", month=f"{shown[5:]}/{shown[:4]}"))
    grid = views.month_grid(views.rows_in_month(rows, shown), shown)
    st.dataframe(
        [{tr("inspections.wd." + k): v for k, v in week.items()} for week in grid], hide_index=True, width="stretch"
    )
elif view == "week":
    monday = st.date_input(
        tr("inspections.week_of"), today - timedelta(days=today.weekday()), format="DD/MM/YYYY", key="insp_week"
    )
    monday = monday - timedelta(days=monday.weekday())
    for col, day in zip(st.columns(7), views.week_days(rows, monday), strict=True):
        col.markdown(f"**{tr('inspections.wd.' + views.WEEKDAYS[day['day'].weekday()])} {fmt_date(day['day'])}**")
        for item in day["items"]:
            col.caption(f"{views.when(item)[11:]} · {item['unit_name']} · {tr('inspections.status.' + item['status'])}")
else:
    if rows:
        st.dataframe(views.table_rows(rows, lang), hide_index=True, width="stretch", column_config={"id": None})
    else:
        st.info(tr("inspections.none"))
st.caption(tr("inspections.count", n=len(rows)))
if rows:
    title, base_url = tr("nav.inspections"), app_settings().base_url
    st.download_button(
        tr("inspections.download_ics"),
        lambda: ics_feed.download(ui.db(), user, rows, title, base_url=base_url),  # built when clicked
        file_name="lich-kiem-tra.ics",
        mime="text/calendar",
        key="insp_ics",
    )

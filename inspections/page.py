"""The inspection schedule: filters, a list a page at a time, a month or week calendar, and
a one-off .ics download of every inspection matching the filters. New inspections and
inspection plans: inspections/new_page.py."""

from datetime import date, time, timedelta

import streamlit as st

from core import paging, periods, ui
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
    format_func=lambda m: tr("inspections.all") if m is None else views.month_label(m),
    key="insp_f_month",
)

filters = {"unit_id": unit_id, "user_id": member_id, "status": status, "month": month}

view = st.segmented_control(
    tr("inspections.view"),
    ["list", "month", "week"],
    format_func=lambda v: tr("inspections.view." + v),
    default="list",
    key="insp_view",
)
# Each view reads only what it shows: a page of the list, or the inspections of one month or week.
total = None  # of every inspection matching the filters: the list's page counts it
if view == "month":
    shown = month or today.strftime("%Y-%m")
    rows = attempt(cached, schedule.list_inspections, db(), **{**filters, "month": shown}) or []
    st.subheader(tr("inspections.month_title", month=views.month_label(shown)))
    grid = views.month_grid(rows, shown)
    st.dataframe(
        [{tr("inspections.wd." + k): v for k, v in week.items()} for week in grid], hide_index=True, width="stretch"
    )
elif view == "week":
    monday = st.date_input(
        tr("inspections.week_of"), today - timedelta(days=today.weekday()), format="DD/MM/YYYY", key="insp_week"
    )
    monday = monday - timedelta(days=monday.weekday())
    since, until = (periods.to_utc_iso(monday + timedelta(days=d), time(0)) for d in (0, 7))
    rows = attempt(cached, schedule.list_inspections, db(), **filters, starts_from=since, starts_before=until) or []
    for col, day in zip(st.columns(7), views.week_days(rows, monday), strict=True):
        col.markdown(f"**{tr('inspections.wd.' + views.WEEKDAYS[day['day'].weekday()])} {fmt_date(day['day'])}**")
        for item in day["items"]:
            col.caption(f"{views.when(item)[11:]} · {item['unit_name']} · {tr('inspections.status.' + item['status'])}")
else:
    # A long schedule is shown a page at a time: only the page is read and formatted.
    p1, p2 = st.columns(2)
    size = p1.selectbox(tr("inspections.page_size"), views.PAGE_SIZES, key="insp_page_size")
    wanted = st.session_state.get("insp_page_no", 1)
    result = attempt(cached, schedule.inspection_page, db(), **filters, page=wanted, page_size=size)
    result = result or {"rows": [], "total": 0, "page": 1, "pages": 1, "page_size": size}
    total = result["total"]
    if wanted != result["page"]:  # fewer pages after a filter or a larger page
        st.session_state["insp_page_no"] = result["page"]
    p2.number_input(tr("inspections.page_no", pages=result["pages"]), 1, result["pages"], step=1, key="insp_page_no")
    if result["rows"]:
        st.dataframe(
            views.table_rows(result["rows"], lang), hide_index=True, width="stretch", column_config={"id": None}
        )
        if result["pages"] > 1:
            first = paging.offset(result["page"], size) + 1
            last = first + len(result["rows"]) - 1
            st.caption(tr("inspections.page_rows", first=first, last=last, n=result["total"]))
    else:
        st.info(tr("inspections.none"))
if total is None:
    total = attempt(cached, schedule.count_inspections, db(), **filters) or 0
st.caption(tr("inspections.count", n=total))
if total:
    title, base_url = tr("nav.inspections"), app_settings().base_url
    st.download_button(  # every inspection matching the filters, read and built only when clicked
        tr("inspections.download_ics"),
        lambda: ics_feed.download(
            ui.db(), user, schedule.list_inspections(ui.db(), **filters), title, base_url=base_url
        ),
        file_name="lich-kiem-tra.ics",
        mime="text/calendar",
        key="insp_ics",
    )

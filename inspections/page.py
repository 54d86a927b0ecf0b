"""The inspection schedule: filters, a list, a month or week calendar, a one-off .ics
download of what is shown, and (for office staff) a new inspection checked before saving."""

from datetime import date, time, timedelta

import streamlit as st

from core import units as core_units
from core.i18n import fmt_date, t
from core.shell_page import allowed, app_settings, attempt, current_lang, db, require_user, tr
from inspections import ics_feed, schedule, store, views

user = require_user()
lang = current_lang()
st.title(tr("nav.inspections"))

all_units = {u["id"]: u for u in core_units.list_units(db())}
members = schedule.eligible_members(db())
today = date.today()
months = [f"{y}-{m:02d}" for y in range(today.year - 2, today.year + 2) for m in range(1, 13)]

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

rows = attempt(schedule.list_inspections, db(), unit_id=unit_id, user_id=member_id, status=status, month=month) or []

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
    grid = views.month_grid(
        [r for r in rows if r["starts_at"] and schedule.local(r["starts_at"]).strftime("%Y-%m") == shown], shown
    )
    st.dataframe(
        [{tr("inspections.wd." + k): v for k, v in week.items()} for week in grid], hide_index=True, width="stretch"
    )
elif view == "week":
    monday = st.date_input(
        tr("inspections.week_of"), today - timedelta(days=today.weekday()), format="DD/MM/YYYY", key="insp_week"
    )
    monday = monday - timedelta(days=monday.weekday())
    for col, day in zip(st.columns(7), views.week_days(rows, monday)):
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
    st.download_button(
        tr("inspections.download_ics"),
        ics_feed.download(db(), user, rows, tr("nav.inspections"), base_url=app_settings().base_url),
        file_name="lich-kiem-tra.ics",
        mime="text/calendar",
        key="insp_ics",
    )

if allowed("inspections.edit"):
    with st.expander(tr("inspections.new_plan")):
        with st.form("insp_plan_form"):
            p1, p2, p3 = st.columns(3)
            plan_year = p1.number_input(tr("inspections.year"), 2000, 2100, today.year, key="insp_plan_year")
            plan_number = p2.text_input(tr("inspections.number"), placeholder="12/KH-SNV", key="insp_plan_number")
            plan_issued = p3.date_input(tr("inspections.issued_on"), today, format="DD/MM/YYYY", key="insp_plan_issued")
            plan_title = st.text_input(tr("inspections.plan_title"), key="insp_plan_title")
            if st.form_submit_button(tr("inspections.save")):
                attempt(
                    schedule.create_plan,
                    db(),
                    user,
                    year=int(plan_year),
                    number=plan_number,
                    title=plan_title,
                    issued_on=plan_issued,
                    success=tr("inspections.plan_saved", number=plan_number),
                )
    with st.expander(tr("inspections.new"), expanded=False):
        plans = schedule.list_plans(db())
        c1, c2 = st.columns(2)
        plan_id = c1.selectbox(
            tr("inspections.plan"),
            [None, *[p["id"] for p in plans]],
            format_func=lambda i: "—"
            if i is None
            else next(f"{p['number']} ({p['year']})" for p in plans if p["id"] == i),
            key="insp_new_plan",
        )
        new_unit = c2.selectbox(
            tr("inspections.col.unit"), list(all_units), format_func=lambda i: all_units[i]["name"], key="insp_new_unit"
        )
        c1, c2, c3, c4 = st.columns(4)
        kind = c1.selectbox(
            tr("inspections.col.kind"),
            store.KINDS,
            format_func=lambda k: tr("inspections.kind." + k),
            key="insp_new_kind",
        )
        day = c2.date_input(tr("inspections.day"), today + timedelta(days=7), format="DD/MM/YYYY", key="insp_new_day")
        start = c3.time_input(tr("inspections.start"), time(8, 0), key="insp_new_start")
        end = c4.time_input(tr("inspections.end"), time(11, 30), key="insp_new_end")
        place = st.text_input(tr("inspections.col.place"), key="insp_new_place")
        ids = [m.id for m in members]
        name_of = {m.id: m.display_name for m in members}
        c1, c2, c3 = st.columns(3)
        head = c1.selectbox(tr("inspections.role.head"), ids, format_func=name_of.get, key="insp_new_head")
        team_members = c2.multiselect(
            tr("inspections.role.member"), ids, format_func=name_of.get, key="insp_new_members"
        )
        secretary = c3.selectbox(
            tr("inspections.role.secretary"),
            [None, *ids],
            format_func=lambda i: "—" if i is None else name_of[i],
            key="insp_new_secretary",
        )
        team = [(head, "head")] if head else []
        team += [(m, "member") for m in team_members] + ([(secretary, "secretary")] if secretary else [])
        draft = schedule.Draft(
            unit_id=new_unit, day=day, start=start, end=end, kind=kind, place=place, team=tuple(team), plan_id=plan_id
        )
        problems = schedule.check(db(), draft)
        for problem in problems["errors"]:
            st.error(t(problem["key"], lang, **problem["params"]))
        for problem in problems["warnings"]:
            st.warning(t(problem["key"], lang, **problem["params"]))
        b1, b2 = st.columns(2)
        if b1.button(tr("inspections.suggest"), key="insp_new_suggest"):
            slot = (
                schedule.next_free_slot(db(), [m for m, _r in team], after=day, start=start, end=end)
                if end > start
                else None
            )
            st.info(tr("inspections.suggested", day=fmt_date(slot)) if slot else tr("inspections.no_slot"))
        if b2.button(tr("inspections.save"), type="primary", key="insp_new_save"):
            created = attempt(schedule.create_inspection, db(), user, draft)
            if created:
                st.success(tr("inspections.saved", unit=created["unit_name"], when=views.when(created)))

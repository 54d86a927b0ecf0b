"""A new inspection, checked against the rules (team conflicts, weekends and holidays, one
inspection of a unit a year) while it is typed, with the next free day on request; and a
new inspection plan. Office staff only."""

from datetime import date, time

import streamlit as st

from core import paging
from core import units as core_units
from core.i18n import fmt_date, t
from core.markup import md_escape
from core.ui import attempt, cached, current_lang, db, pick, require_user, save, tr
from inspections import candidates, schedule, store, views

user = require_user()
lang = current_lang()
st.title(tr("nav.inspection_new"))
today = date.today()

units = cached(core_units.list_units, db())
unit_names = {u["id"]: u["name"] for u in units}
unit_labels = {u["id"]: f"{u['name']} · {u['code']}" for u in units}  # by name, the code as a hint
# What the form holds; emptied after a save, so the inspection just saved is neither saved twice
# nor reported as clashing with itself.
FORM_KEYS = (
    "insp_new_unit",
    "insp_new_day",
    "insp_new_start",
    "insp_new_end",
    "insp_new_place",
    "insp_new_head",
    "insp_new_members",
    "insp_new_secretary",
)


def _prefill(unit_id: int) -> None:
    st.session_state["insp_new_unit"] = unit_id
    st.session_state["insp_new_chosen"] = unit_id


suggested = attempt(cached, candidates.suggestions, db(), user, today) or []
with st.expander(tr("inspections.candidates"), expanded=bool(suggested)):
    if not suggested:
        st.caption(tr("inspections.candidates_none"))
    # Many units can be flagged: a page of them at a time, each button keyed by its place in the whole list.
    size, pages = views.CANDIDATES_PAGE, paging.page_count(len(suggested), views.CANDIDATES_PAGE)
    page = 1
    if pages > 1:
        if st.session_state.get("insp_new_cand_page", 1) > pages:  # fewer suggestions than before
            st.session_state["insp_new_cand_page"] = pages
        page = st.number_input(tr("inspections.page_no", pages=pages), 1, pages, key="insp_new_cand_page")
    shown, first = paging.page_of(suggested, page, size), paging.offset(page, size)
    if pages > 1:
        st.caption(tr("inspections.candidates_rows", first=first + 1, last=first + len(shown), n=len(suggested)))
    for i, candidate in enumerate(shown, start=first):
        r1, r2 = st.columns([4, 1])
        note = tr("inspections.candidate_inspected", year=today.year) if candidate["inspected_this_year"] else ""
        r1.markdown(f"**{md_escape(candidate['name'])}**" + (f" — _{note}_" if note else ""))
        r1.caption(candidates.reason(candidate, lang))
        r2.button(
            tr("inspections.candidate_plan"),
            key=f"insp_new_candidate_{i}",
            on_click=_prefill,
            args=(candidate["unit_id"],),
            disabled=candidate["unit_id"] not in unit_names,
        )
if st.session_state.get("insp_new_chosen") in unit_names:
    st.info(tr("inspections.candidate_chosen", unit=unit_names[st.session_state.pop("insp_new_chosen")]))
plans = {None: "—"} | {p["id"]: f"{p['number']} ({p['year']})" for p in cached(schedule.list_inspection_plans, db())}
people = {m.id: m.display_name for m in cached(schedule.eligible_members, db())}
c1, c2 = st.columns(2)
inspection_plan_id = pick(tr("inspections.inspection_plan"), plans, "insp_new_plan", container=c1)
# No unit and no team leader until the person picks them: a default would be a guess, and the
# rules would report a clash of a guessed team before anything was typed.
unit_id = c2.selectbox(
    tr("inspections.col.unit"), list(unit_labels), index=None, format_func=unit_labels.get, key="insp_new_unit"
)
c1, c2, c3, c4 = st.columns(4)
kind = pick(
    tr("inspections.col.kind"), {k: tr("inspections.kind." + k) for k in store.KINDS}, "insp_new_kind", container=c1
)
if "insp_new_day" not in st.session_state:
    st.session_state["insp_new_day"] = schedule.next_working_day(db(), today)
day = c2.date_input(tr("inspections.day"), format="DD/MM/YYYY", key="insp_new_day")
start = c3.time_input(tr("inspections.start"), time(8, 0), key="insp_new_start")
end = c4.time_input(tr("inspections.end"), time(11, 30), key="insp_new_end")
place = st.text_input(tr("inspections.col.place"), key="insp_new_place")
c1, c2, c3 = st.columns(3)
head = c1.selectbox(tr("inspections.role.head"), list(people), index=None, format_func=people.get, key="insp_new_head")
members = c2.multiselect(tr("inspections.role.member"), list(people), format_func=people.get, key="insp_new_members")
secretary = pick(tr("inspections.role.secretary"), {None: "—"} | people, "insp_new_secretary", container=c3)
draft = schedule.Draft(
    unit_id=unit_id or 0,
    day=day,
    start=start,
    end=end,
    kind=kind,
    place=place,
    team=schedule.team_of(head, members, secretary),
    inspection_plan_id=inspection_plan_id,
)
needed = (("inspections.col.unit", unit_id), ("inspections.role.head", head))
missing = [tr(label).lower() for label, value in needed if not value]
if missing:  # nothing to check yet: say what is needed, not what is wrong
    st.caption(tr("inspections.new_needs", fields=", ".join(missing)))
    problems = {"errors": [], "warnings": []}
else:
    problems = schedule.check(db(), draft)
for problem in problems["errors"]:
    st.error(t(problem["key"], lang, **problem["params"]))
for problem in problems["warnings"]:
    st.warning(t(problem["key"], lang, **problem["params"]))


def fill_suggestion() -> None:
    """Put the team's next free day into the day box (before the widget is drawn again)."""
    slot = attempt(schedule.suggest_day, db(), draft)
    if slot:
        st.session_state["insp_new_day"] = slot
    st.session_state["insp_new_note"] = (
        tr("inspections.suggested", day=fmt_date(slot)) if slot else tr("inspections.no_slot")
    )


b1, b2 = st.columns(2)
why_not = tr("inspections.new_needs", fields=", ".join(missing)) if missing else None
b1.button(
    tr("inspections.suggest"),
    key="insp_new_suggest",
    on_click=fill_suggestion,
    disabled=head is None,
    help=tr("inspections.new_needs", fields=tr("inspections.role.head").lower()) if head is None else None,
)
if note := st.session_state.pop("insp_new_note", None):
    st.info(note)
if b2.button(tr("inspections.save"), type="primary", key="insp_new_save", disabled=bool(missing), help=why_not):
    save(
        schedule.create_inspection,
        db(),
        user,
        draft,
        success=lambda created: tr("inspections.saved", unit=created["unit_name"], when=views.when(created)),
        clear=FORM_KEYS,
    )

with st.expander(tr("inspections.new_inspection_plan")), st.form("insp_plan_form"):
    p1, p2, p3 = st.columns(3)
    year = p1.number_input(tr("inspections.year"), 2000, 2100, today.year, key="insp_plan_year")
    number = p2.text_input(tr("inspections.number"), placeholder="12/KH-SNV", key="insp_plan_number")
    issued = p3.date_input(tr("inspections.issued_on"), today, format="DD/MM/YYYY", key="insp_plan_issued")
    title = st.text_input(tr("inspections.inspection_plan_title"), key="insp_plan_title")
    d1, d2 = st.columns(2)
    decision_number = d1.text_input(
        tr("inspections.decision_number"),
        placeholder="25/QĐ-SNV",
        help=tr("inspections.decision_help"),
        key="insp_plan_decision_number",
    )
    decision_issued = d2.date_input(
        tr("inspections.decision_issued_on"), None, format="DD/MM/YYYY", key="insp_plan_decision_issued"
    )
    if st.form_submit_button(tr("inspections.save")):
        save(
            schedule.create_inspection_plan,
            db(),
            user,
            year=int(year),
            number=number,
            title=title,
            issued_on=issued,
            decision_number=decision_number,
            decision_issued_on=decision_issued,
            success=tr("inspections.inspection_plan_saved", number=number),
        )

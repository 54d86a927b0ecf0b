"""The schedule's list a page at a time: counted and fetched in SQL (LIMIT/OFFSET), the
same rows in the same order as the whole list, for every filter and page boundary; and
the pickers of one inspection narrowed by month."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from core import paging, periods
from inspections import schedule, store

TUESDAYS = [date(2026, 3, 10) + timedelta(weeks=k) for k in range(7)]  # 10/03 … 21/04/2026, no holiday


@pytest.fixture
def seven(users, inspector2, make_inspection):
    """Seven inspections on seven Tuesdays: STP and SYT in turn, the 3rd cancelled, the
    second inspector heading the 2nd, 4th and 6th."""
    made = []
    for k, day in enumerate(TUESDAYS):
        head = inspector2 if k % 2 else users["inspector"]
        extra = {"status": "cancelled"} if k == 2 else {}
        made.append(make_inspection("SYT" if k % 2 else "STP", day=day, team=((head.id, "head"),), **extra))
    return made


FILTERS = [
    {},
    {"status": "cancelled"},
    {"month": "2026-04"},
    {"month": "2026-05"},  # none
    {"unit": "SYT"},
    {"inspector2": True},
    {"unit": "STP", "month": "2026-03"},
]


def _filters(case: dict, unit_ids: dict, inspector2) -> dict:
    out = {k: v for k, v in case.items() if k in ("status", "month")}
    if "unit" in case:
        out["unit_id"] = unit_ids[case["unit"]]
    if case.get("inspector2"):
        out["user_id"] = inspector2.id
    return out


@pytest.mark.parametrize("case", FILTERS)
@pytest.mark.parametrize("size", [1, 2, 3, 7, 50])
def test_the_pages_are_the_whole_list_in_order(db, seven, unit_ids, inspector2, case, size):
    filters = _filters(case, unit_ids, inspector2)
    whole = schedule.list_inspections(db, **filters)
    assert schedule.count_inspections(db, **filters) == len(whole)
    first = schedule.inspection_page(db, **filters, page=1, page_size=size)
    assert first["total"] == len(whole) and first["pages"] == paging.page_count(len(whole), size)
    pages = [schedule.inspection_page(db, **filters, page=n, page_size=size) for n in range(1, first["pages"] + 1)]
    assert [r["id"] for p in pages for r in p["rows"]] == [r["id"] for r in whole]
    assert [r["team"] for p in pages for r in p["rows"]] == [r["team"] for r in whole]  # each row with its team
    assert all(len(p["rows"]) == size for p in pages[:-1])


def test_the_last_page_is_partial_and_a_page_past_the_end_is_the_last(db, seven):
    whole = [r["id"] for r in schedule.list_inspections(db)]
    last = schedule.inspection_page(db, page=3, page_size=3)
    assert (last["page"], last["pages"], last["total"]) == (3, 3, 7)
    assert [r["id"] for r in last["rows"]] == whole[6:]  # one row on the last page
    beyond = schedule.inspection_page(db, page=99, page_size=3)
    assert beyond["page"] == 3 and [r["id"] for r in beyond["rows"]] == whole[6:]
    before = schedule.inspection_page(db, page=0, page_size=3)
    assert before["page"] == 1 and [r["id"] for r in before["rows"]] == whole[:3]
    second = schedule.inspection_page(db, page=2, page_size=3)
    assert [r["id"] for r in second["rows"]] == whole[3:6]


def test_an_empty_filter_gives_one_empty_page(db, seven):
    empty = schedule.inspection_page(db, month="2026-05", page=4, page_size=3)
    assert empty == {"rows": [], "total": 0, "page": 1, "pages": 1, "page_size": 3}


def test_the_store_limits_and_offsets(db, seven):
    ids = [r["id"] for r in store.query_inspections(db)]
    assert [r["id"] for r in store.query_inspections(db, limit=2, offset=5)] == ids[5:7]
    assert store.query_inspections(db, limit=2, offset=7) == []
    assert [r["id"] for r in store.query_inspections(db, statuses=["cancelled"], limit=5)] == [seven[2]["id"]]
    assert store.count_inspections(db) == 7 and store.count_inspections(db, statuses=["done"]) == 0


def test_a_week_is_read_alone_and_within_the_month_filter(db, seven):
    monday = date(2026, 3, 30)  # Tuesday 31/03 in March, the next one in April
    since, until = (periods.to_utc_iso(monday + timedelta(days=d), time(0)) for d in (0, 7))
    week = schedule.list_inspections(db, starts_from=since, starts_before=until)
    assert [r["id"] for r in week] == [seven[3]["id"]]
    assert schedule.list_inspections(db, month="2026-04", starts_from=since, starts_before=until) == []
    assert [r["id"] for r in schedule.list_inspections(db, month="2026-03", starts_from=since)] == [seven[3]["id"]]


def test_the_picker_months_span_the_inspections(db, seven):
    assert schedule.inspection_months(db) == ["2026-03", "2026-04"]
    assert schedule.month_to_show(db, date(2026, 1, 5)) == "2026-03"  # the next inspection's
    assert schedule.month_to_show(db, date(2026, 4, 15)) == "2026-04"
    assert schedule.month_to_show(db, date(2027, 1, 1)) == "2026-04"  # none to come: the last one's
    assert schedule.month_to_show(db, date(2027, 1, 1), seven[0]["id"]) == "2026-03"  # the one asked for
    assert schedule.month_to_show(db, date(2026, 4, 15), 10_000) == "2026-04"  # unknown id: as if none


def test_no_inspections_no_months(db, users):
    assert schedule.inspection_months(db) == []
    assert schedule.month_to_show(db, date(2026, 1, 5)) is None


# --- the pages ----------------------------------------------------------------------------


@pytest.fixture
def small_pages(monkeypatch):
    from inspections import views

    monkeypatch.setattr(views, "PAGE_SIZES", (3, 50))


def _ids(at) -> list[int]:
    return list(at.dataframe[0].value["id"])


def test_the_schedule_shows_one_page_and_the_count_of_all(demo_db, app_as, small_pages):
    from core.db import get_db

    whole = [r["id"] for r in schedule.list_inspections(get_db())]
    assert len(whole) > 6
    at = app_as("canbo", page="inspections/page.py")
    assert not at.exception
    assert _ids(at) == whole[:3]  # one page, not the whole schedule
    captions = [c.value for c in at.caption]
    assert f"{len(whole)} cuộc kiểm tra" in captions
    assert f"Dòng 1–3 trong {len(whole)}" in captions
    assert at.number_input(key="insp_page_no").max == paging.page_count(len(whole), 3)
    at.number_input(key="insp_page_no").set_value(2).run()
    assert not at.exception
    assert _ids(at) == whole[3:6]
    assert f"Dòng 4–6 trong {len(whole)}" in [c.value for c in at.caption]
    at.selectbox(key="insp_page_size").set_value(50).run()  # fewer pages: still a page that exists
    page = at.number_input(key="insp_page_no").value
    assert page == min(2, paging.page_count(len(whole), 50)) and _ids(at) == paging.page_of(whole, page, 50)
    at.selectbox(key="insp_f_status").set_value("cancelled").run()  # one row: page 1 of 1
    assert not at.exception
    cancelled = [r["id"] for r in schedule.list_inspections(get_db(), status="cancelled")]
    assert _ids(at) == cancelled and at.number_input(key="insp_page_no").value == 1


def test_the_calendar_file_holds_every_inspection_of_the_filters(demo_db, app_as, small_pages, monkeypatch):
    import icalendar
    import streamlit

    from core.db import get_db

    offered = []
    real = streamlit.download_button
    monkeypatch.setattr(
        streamlit, "download_button", lambda label, data, **kw: offered.append(data) or real(label, data, **kw)
    )
    at = app_as("canbo", page="inspections/page.py")
    assert not at.exception and len(_ids(at)) == 3
    assert offered and callable(offered[-1])  # built only when clicked
    events = icalendar.Calendar.from_ical(offered[-1]()).walk("VEVENT")
    whole = schedule.list_inspections(get_db())
    assert sorted(str(e["UID"]) for e in events) == sorted(r["uid"] for r in whole)
    unit_id = whole[0]["unit_id"]
    at.selectbox(key="insp_f_unit").set_value(unit_id).run()
    events = icalendar.Calendar.from_ical(offered[-1]()).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == sorted(
        r["uid"] for r in schedule.list_inspections(get_db(), unit_id=unit_id)
    )


def test_the_month_view_reads_only_its_month(demo_db, app_as, monkeypatch):
    from core.db import get_db

    asked = []
    real = schedule.list_inspections
    monkeypatch.setattr(schedule, "list_inspections", lambda db, **kw: asked.append(kw) or real(db, **kw))
    at = app_as("canbo", page="inspections/page.py")
    at.selectbox(key="insp_f_month").set_value("2026-03").run()
    at.segmented_control(key="insp_view").set_value("month").run()
    assert not at.exception
    assert asked and all(kw.get("month") == "2026-03" for kw in asked)
    march = schedule.list_inspections(get_db(), month="2026-03")
    assert sum(str(cell).count("\n") for row in at.dataframe[0].value.values for cell in row) == len(march)


def test_the_picker_opens_on_the_month_of_the_inspection_asked_for(demo_db, app_as):
    from core.db import get_db

    whole = schedule.list_inspections(get_db())
    asked = whole[0]  # the earliest: not in the month the picker opens on by itself
    month = periods.local(asked["starts_at"]).strftime("%Y-%m")
    for page, prefix in (("inspections/detail_page.py", "insp_det"), ("inspections/manage_page.py", "insp_mng")):
        at = app_as("canbo")
        at.query_params["id"] = str(asked["id"])
        at.switch_page(page).run()
        assert not at.exception
        assert at.selectbox(key=f"{prefix}_month").value == month
        assert at.selectbox(key=f"{prefix}_pick").value == asked["id"]
        in_month = {r["id"] for r in schedule.list_inspections(get_db(), month=month)}
        assert len(at.selectbox(key=f"{prefix}_pick").options) == len(in_month) < len(whole)


def test_the_suggested_units_are_shown_a_page_at_a_time(demo_db, app_as, monkeypatch):
    from core.db import get_db
    from core.permissions import SYSTEM
    from inspections import candidates, views

    monkeypatch.setattr(views, "CANDIDATES_PAGE", 1)
    expected = candidates.suggestions(get_db(), SYSTEM, date.today())
    assert len(expected) >= 2
    at = app_as("canbo", page="inspections/new_page.py")
    assert not at.exception
    shown = "\n".join(c.value for c in at.caption)
    assert expected[0]["reason_vi"] in shown and expected[1]["reason_vi"] not in shown
    assert f"Đơn vị 1–1 trong {len(expected)}" in shown
    assert [b.key for b in at.button if b.key.startswith("insp_new_candidate_")] == ["insp_new_candidate_0"]
    at.number_input(key="insp_new_cand_page").set_value(2).run()
    assert expected[1]["reason_vi"] in "\n".join(c.value for c in at.caption)
    at.button(key="insp_new_candidate_1").click().run()
    assert not at.exception
    assert at.selectbox(key="insp_new_unit").value == expected[1]["unit_id"]

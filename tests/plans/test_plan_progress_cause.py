"""Why an activity is behind, recorded with a progress update (the cause and whether it is
objective or subjective), audited, shown on the activity page and read by reports as it
stood at a cut-off; and the flags a report names: late to start, behind the time elapsed."""

from __future__ import annotations

import json
from datetime import date

import pytest

from core.errors import ValidationError
from plans import progress, report_data, store

TODAY = date(2026, 11, 23)


def test_a_cause_is_kept_with_its_kind_and_audited(db, users, small_plan):
    staff = users["staff"]
    one_off = small_plan["one_off"]
    row = progress.add_progress(
        db,
        staff,
        one_off,
        on_date="2021-05-10",
        percent=20,
        cause="Nhà cung cấp pa-nô giao hàng chậm",
        cause_kind="objective",
        today=TODAY,
    )
    assert (row["cause"], row["cause_kind"]) == ("Nhà cung cấp pa-nô giao hàng chậm", "objective")
    audited = db.execute(
        "select after from audit_log where table_name = 'progress_updates' and record_id = ?", [str(row["id"])]
    ).fetchone()[0]
    assert json.loads(audited)["cause_kind"] == "objective"
    progress.add_progress(
        db, staff, one_off, on_date="2021-06-05", percent=40, cause="Chưa phân công người theo dõi",
        cause_kind="subjective", today=TODAY,
    )  # fmt: skip
    progress.add_progress(db, staff, one_off, on_date="2021-06-20", percent=50, today=TODAY)  # no cause given

    # A report reads the latest cause recorded by its cut-off, never one recorded later.
    assert report_data.recorded_causes(db, small_plan["plan"], date(2021, 5, 31))[one_off]["cause_kind"] == "objective"
    june = report_data.recorded_causes(db, small_plan["plan"], date(2021, 6, 30))[one_off]
    assert (june["cause"], june["cause_kind"]) == ("Chưa phân công người theo dõi", "subjective")
    assert june["on_date"] == "2021-06-05"
    assert report_data.recorded_causes(db, small_plan["plan"], date(2021, 5, 1)) == {}


def test_the_latest_cause_is_looked_up_in_the_causes_index(db, users, small_plan):
    """A report's look-up of each activity's latest cause reads the index of the updates that
    record one (plans m008), not every update of the activity; updates without a cause are
    not in it."""
    progress.add_progress(db, users["staff"], small_plan["one_off"], on_date="2021-05-10", percent=20, today=TODAY)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        assert report_data.recorded_causes(db, small_plan["plan"], date(2021, 6, 30)) == {}
    finally:
        db.conn.set_trace_callback(None)
    read = next(s for s in statements if "progress_updates p2" in s)
    plan = " ".join(row[3] for row in db.execute("explain query plan " + read))
    assert "USING INDEX progress_updates_cause" in plan or "USING COVERING INDEX progress_updates_cause" in plan
    assert db.execute("select count(*) from progress_updates indexed by progress_updates_cause"
                      " where coalesce(cause, '') != ''").fetchone()[0] == 0  # fmt: skip


@pytest.mark.parametrize(
    "kwargs, key",
    [
        ({"cause": "Thiếu kinh phí", "cause_kind": "weather"}, "error.activity_cause_unknown"),
        ({"cause": "  ", "cause_kind": "subjective"}, "error.progress_cause_missing"),
    ],
)
def test_a_bad_cause_changes_nothing(db, users, small_plan, kwargs, key):
    with pytest.raises(ValidationError) as err:
        progress.add_progress(db, users["staff"], small_plan["one_off"], percent=10, today=TODAY, **kwargs)
    assert err.value.key == key
    assert store.list_progress(db, small_plan["one_off"]) == []


def test_late_to_start_and_behind_the_time_elapsed(db, users, small_plan):
    staff = users["staff"]
    plan_id = small_plan["plan"]
    as_of = date(2021, 4, 20)
    flags = {a["id"]: a for a in report_data.plan_activities(db, plan_id, as_of)}
    panel = flags[small_plan["one_off"]]  # planned from 01/04, nothing recorded by 20/04
    assert (panel["late_start"], panel["days_late_start"], panel["behind"]) == (True, 19, False)
    progress.add_progress(db, staff, small_plan["one_off"], on_date="2021-04-15", percent=10, today=TODAY)
    panel = {a["id"]: a for a in report_data.plan_activities(db, plan_id, as_of)}[small_plan["one_off"]]
    # started: 10 % done after 19 of 90 days (21 % of the time)
    assert (panel["late_start"], panel["behind"]) == (False, True)
    assert panel["time_elapsed"] == pytest.approx(19 / 90 * 100)
    late = {a["id"]: a for a in report_data.plan_activities(db, plan_id, date(2021, 7, 10))}[small_plan["one_off"]]
    assert late["overdue"] and not late["late_start"] and not late["behind"]  # reported once, as late

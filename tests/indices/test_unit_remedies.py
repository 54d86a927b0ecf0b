"""Units that services flags below target two months running are offered on the
remediation page as candidates for a remedial task, which becomes an activity of the
year's plan led by the unit, with its grounds kept beside it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bench.one_stop_exports import ROWS, UNITS, office_xlsx, table
from core.errors import PermissionDenied, ValidationError
from core.permissions import SYSTEM
from core.slices import provided
from indices import remediation
from plans import activities, themes
from services import importer, indicators, results
from tests.indices.helpers import add_plan

SEPTEMBER = [*ROWS[:3], ("UBND xã Đông Anh", 0, 180, 20, 150, 30, 0, 15, 5, 0, 150)]
ON = "2026-11-03"  # judged on October against September


@pytest.fixture
def flagged(db, users):
    from core import units

    for code, name, short, kind in UNITS:
        units.add_unit(db, SYSTEM, code=code, name=name, short_name=short, kind=kind)
    staff = users["staff"]
    for month, rows in (("2026-09", SEPTEMBER), ("2026-10", ROWS)):
        title = f"Tháng {int(month[5:])}/2026"
        importer.commit(db, staff, importer.read_file(db, staff, "t.xlsx", office_xlsx(table(rows), title), month))
    results.set_targets(db, staff, 2026, {"on_time_rate": 95, "online_rate": 80})
    plan = add_plan(db, 2026)
    themes.add_theme(db, SYSTEM, plan["id"], code="I", title="Tuyên truyền chỉ số CCHC, SIPAS, PAR Index")
    service = themes.add_theme(
        db, SYSTEM, plan["id"], code="II", title="Công khai kết quả giải quyết TTHC, dịch vụ công"
    )
    return {
        "db": db,
        "plan": plan,
        "service_theme": service["id"],
        "unit": {c: units.get_unit(db, c)["id"] for c, *_ in UNITS},
    }


def _give(f, user, code="STP", **extra):
    return remediation.create_unit_remedy(
        f["db"],
        user,
        f["unit"][code],
        title=extra.pop("title", "Nâng tỷ lệ hồ sơ trực tuyến của Sở Tư pháp"),
        expected_effect=extra.pop("expected_effect", "Tỷ lệ trực tuyến đạt 80 % từ tháng 12/2026"),
        deadline=extra.pop("deadline", "2026-12-31"),
        year=2026,
        on=ON,
        **extra,
    )


def test_services_provides_the_hook_and_indices_does_not_import_services():
    assert [f.__module__ for f in provided(remediation.UNIT_HOOK)] == ["services.indicators"]
    for name in ("remediation.py", "unit_remedies_tab.py", "remediation_page.py"):
        source = (Path(remediation.__file__).parent / name).read_text(encoding="utf-8")
        assert "import services" not in source and "from services" not in source


def test_candidates_are_the_units_below_target_with_grounds_and_a_suggested_task(flagged, users):
    found = remediation.unit_candidates(flagged["db"], users["leader"], ON)
    expected = indicators.units_below_target(flagged["db"], ON)
    assert {c["code"] for c in found} == {c["code"] for c in expected} == {"SKHCN", "STP"}
    stp = next(c for c in found if c["code"] == "STP")
    assert stp["months"] == ["2026-09", "2026-10"] and stp["remedies"] == []
    assert stp["reason_vi"].startswith("Dưới chỉ tiêu hai tháng liên tiếp: Tỷ lệ trực tuyến 62,5 %")
    assert stp["task_vi"] == "Khắc phục chỉ tiêu chưa đạt (Tỷ lệ trực tuyến) tại Sở Tư pháp"
    assert stp["task_en"] == "Bring Sở Tư pháp back to target (Online share)"
    assert remediation.unit_candidates(flagged["db"], users["leader"], "2026-10-20") == []  # no month before September


def test_giving_a_task_adds_an_activity_led_by_the_unit_with_its_grounds(flagged, users):
    db = flagged["db"]
    created = _give(flagged, users["staff"])
    activity = activities.get_activity(db, created["id"])
    assert activity["plan_id"] == flagged["plan"]["id"]
    assert activity["lead_unit_id"] == flagged["unit"]["STP"]
    assert activity["theme_id"] == flagged["service_theme"]  # the plan's TTHC theme, not the index theme
    assert activity["deadline"] == "2026-12-31"
    assert activity["expected_effect"] == "Tỷ lệ trực tuyến đạt 80 % từ tháng 12/2026"
    assert "Tỷ lệ trực tuyến 62,5 %" in activity["description"]
    given = remediation.unit_remedies(db, users["leader"], flagged["unit"]["STP"])
    assert [(g["id"], g["basis_month"], g["indicators"], g["plan_year"]) for g in given] == [
        (created["id"], "2026-10", ["online_rate"], 2026)
    ]
    audited = {r[0] for r in db.execute("select table_name from audit_log where record_id = ?", [str(created["id"])])}
    assert {"activities", "unit_remedies"} <= audited
    after = {c["code"]: c for c in remediation.unit_candidates(db, users["leader"], ON)}
    assert [r["id"] for r in after["STP"]["remedies"]] == [created["id"]]
    assert remediation.unit_candidates(db, users["leader"], ON)[0]["code"] == "SKHCN"  # units still open come first
    view = remediation.agency_view(db, users["leader"], flagged["unit"]["STP"], ON)
    assert [r["id"] for r in view["unit_remedies"]] == [created["id"]]
    assert view["summary"]["remedies"] == 1 and view["summary"]["done"] == 0


def _counts(db):
    return tuple(db.table(t).count for t in ("activities", "unit_remedies", "audit_log"))


@pytest.mark.parametrize(
    "code, extra, key",
    [
        ("P-KL", {}, "indices.error.unit_not_flagged"),  # on target: not a candidate
        ("STP", {"title": "  "}, "error.activity_title_missing"),
        ("STP", {"expected_effect": ""}, "indices.error.remedy_effect_missing"),
        ("STP", {"deadline": None}, "indices.error.remedy_deadline_missing"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(flagged, users, code, extra, key):
    before = _counts(flagged["db"])
    with pytest.raises(ValidationError) as exc:
        _give(flagged, users["staff"], code, **extra)
    assert exc.value.key == key
    assert _counts(flagged["db"]) == before


def test_the_same_grounds_are_not_given_twice_and_a_year_without_plan_is_refused(flagged, users):
    _give(flagged, users["staff"])
    before = _counts(flagged["db"])
    with pytest.raises(ValidationError) as exc:
        _give(flagged, users["staff"])
    assert exc.value.key == "indices.error.unit_remedy_exists"
    with pytest.raises(ValidationError) as exc:
        remediation.create_unit_remedy(
            flagged["db"], users["staff"], flagged["unit"]["SKHCN"], title="x", expected_effect="y",
            deadline="2027-03-31", year=2027, on=ON,
        )  # fmt: skip
    assert exc.value.key == "indices.error.no_plan_for_year"
    assert _counts(flagged["db"]) == before


def test_readers_cannot_give_tasks(flagged, users):
    for role in ("leader", "inspector"):
        with pytest.raises(PermissionDenied):
            _give(flagged, users[role])
    assert flagged["db"].table("unit_remedies").count == 0


def test_a_failure_after_the_activity_leaves_neither(flagged, users, monkeypatch):
    from indices import store

    def broken(db, row):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "insert_unit_remedy", broken)
    before = _counts(flagged["db"])
    with pytest.raises(RuntimeError):
        _give(flagged, users["staff"])
    assert _counts(flagged["db"]) == before


def test_remediation_page_offers_the_units_and_gives_a_task(demo_db, app_as):
    today = date.today()
    expected = remediation.unit_candidates(demo_db, SYSTEM, today)
    assert expected  # the demo has units below target two months running
    at = app_as("canbo", page="indices/remediation_page.py")
    assert not at.exception
    table_ = next(d.value for d in at.dataframe if "Căn cứ" in d.value.columns)
    assert list(table_["Đơn vị"]) == [c["name"] for c in expected]
    assert list(table_["Căn cứ"]) == [c["reason_vi"] for c in expected]
    first = next(c for c in expected if not c["remedies"])
    assert at.selectbox(key="unit_remedy_unit").value["unit_id"] == first["unit_id"]
    uid = first["unit_id"]
    assert at.text_input(key=f"unit_remedy_title_{uid}").value == first["task_vi"]
    at.text_area(key=f"unit_remedy_effect_{uid}").input("Đạt chỉ tiêu từ tháng sau")
    at.date_input(key=f"unit_remedy_deadline_{uid}").set_value(date(today.year, 12, 31))
    at.button[[b.label for b in at.button].index("Thêm vào kế hoạch", 1)].click().run()  # the unit form's button
    assert not at.exception and not at.error
    given = remediation.unit_remedies(demo_db, SYSTEM, uid)
    assert [g["title"] for g in given] == [first["task_vi"]]
    assert given[0]["lead_unit_id"] == uid
    assert any(first["task_vi"] in s.value for s in at.success)
    listed = next(d.value for d in at.dataframe if "Trạng thái" in d.value.columns and "Đơn vị" in d.value.columns)
    assert first["task_vi"] in set(listed["Nhiệm vụ"])


def test_remediation_page_in_english_shows_english_grounds(demo_db, app_as):
    expected = remediation.unit_candidates(demo_db, SYSTEM, date.today())
    at = app_as("lanhdao", lang="en", page="indices/remediation_page.py")
    assert not at.exception
    table_ = next(d.value for d in at.dataframe if "Grounds" in d.value.columns)
    assert list(table_["Grounds"]) == [c["reason_en"] for c in expected]
    assert not [s for s in at.selectbox if s.key == "unit_remedy_unit"]  # a leader reads, does not give tasks

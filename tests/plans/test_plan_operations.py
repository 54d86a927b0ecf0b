"""Plan status moves, channels, copy-forward into a new year, actual dates on status changes."""

import pytest

from core.errors import PermissionDenied, ValidationError
from plans import activities, plans, progress, store, themes
from plans.channels import add_channel, list_channels
from plans.rollover import copy_forward
from plans.themes import update_theme


@pytest.mark.parametrize(
    "path, ok",
    [
        (["in_force"], True),
        (["in_force", "closed"], True),
        (["in_force", "closed", "in_force"], True),
        (["closed"], False),
        (["in_force", "draft", "closed"], False),
        (["archived"], False),
    ],
)
def test_plan_status_moves(db, users, path, ok):
    plan = plans.create_plan(db, users["staff"], year=2026, title="Kế hoạch 2026")
    try:
        for status in path:
            plan = plans.set_plan_status(db, users["staff"], plan["id"], status)
    except ValidationError:
        assert not ok
        assert store.plan_row(db, plan["id"])["status"] == (path[:-1] or ["draft"])[-1]
    else:
        assert ok and plan["status"] == path[-1]


def test_copy_forward_copies_themes_and_recurring_only(db, users, small_plan):
    result = copy_forward(db, users["staff"], small_plan["plan"], 2026, number="12/KH-UBND")
    new = result["plan"]
    assert (new["year"], new["status"], new["number"]) == (2026, "draft", "12/KH-UBND")
    assert new["title"] == "Kế hoạch tuyên truyền CCHC năm 2026"
    assert result["themes"] == 2 and result["activities"] == 2
    themes = store.list_themes(db, new["id"])
    assert [(t["code"], t["keywords"]) for t in themes] == [("ND1", ["CCHC"]), ("ND2", ["TTHC", "một cửa"])]
    copied = {a["title"]: a for a in store.list_activities(db, new["id"])}
    assert set(copied) == {"Chuyên mục CCHC hằng tháng", "Giao ban quý"}
    monthly = copied["Chuyên mục CCHC hằng tháng"]
    assert (monthly["planned_start"], monthly["deadline"], monthly["status"]) == (
        "2026-01-01",
        "2026-12-31",
        "not_started",
    )
    assert (monthly["target"], monthly["budget"], monthly["recurrence"]) == (24, 120_000_000, "monthly")
    assert monthly["theme_id"] == themes[0]["id"]
    assert monthly["lead_unit_id"] == small_plan["units"]["BHNM"]
    links = store.activity_links(db, monthly["id"])
    assert links["channel_ids"] == [small_plan["channels"]["press"]]
    # no progress carried over
    assert not list(
        db.query(
            "select * from progress_updates p join activities a on a.id = p.activity_id where a.plan_id = ?",
            [new["id"]],
        )
    )
    # the retired district split in two: the lead needs a person to choose, the coordinators follow both successors
    quarterly = copied["Giao ban quý"]
    assert quarterly["lead_unit_id"] is None and result["lead_unit_review"] == [quarterly["id"]]
    assert store.activity_links(db, quarterly["id"])["coordinating_unit_ids"] == sorted(
        [small_plan["units"]["P-HK"], small_plan["units"]["P-CN"]]
    )


def test_copy_forward_include_all(db, users, small_plan):
    result = copy_forward(db, users["staff"], small_plan["plan"], 2022, include_all=True)
    assert result["activities"] == 3


@pytest.mark.parametrize("year", [2021, 2020])
def test_copy_forward_refuses_same_or_earlier_year(db, users, small_plan, year):
    before = db.execute("select count(*) from plans").fetchone()[0]
    with pytest.raises(ValidationError):
        copy_forward(db, users["staff"], small_plan["plan"], year)
    assert db.execute("select count(*) from plans").fetchone()[0] == before


def test_copy_forward_refuses_a_year_with_a_plan(db, users, small_plan):
    copy_forward(db, users["staff"], small_plan["plan"], 2026)
    count = db.execute("select count(*) from activities").fetchone()[0]
    with pytest.raises(ValidationError) as err:
        copy_forward(db, users["staff"], small_plan["plan"], 2026)
    assert err.value.key == "error.copy_year_has_plan"
    assert db.execute("select count(*) from activities").fetchone()[0] == count


def test_admin_extends_channels(db, users):
    channel = add_channel(db, users["admin"], code="Podcast", name_vi="Podcast", name_en="Podcast")
    assert channel["code"] == "podcast"
    assert [c["code"] for c in list_channels(db)] == ["podcast"]
    with pytest.raises(ValidationError):
        add_channel(db, users["admin"], code="podcast", name_vi="Trùng")
    with pytest.raises(PermissionDenied):
        add_channel(db, users["staff"], code="zalo", name_vi="Zalo")


def test_inactive_channels_are_listed_only_when_asked_for(db, users):
    add_channel(db, users["admin"], code="podcast", name_vi="Podcast")
    store.insert_channel(db, {"code": "fax", "name_vi": "Fax", "name_en": "Fax", "position": 9, "active": 0})
    for lister in (list_channels, store.list_channels):  # the same default in both layers
        assert [c["code"] for c in lister(db)] == ["podcast"]
        assert [c["code"] for c in lister(db, active_only=False)] == ["podcast", "fax"]


def test_plans_are_found_by_year_then_number(db, users, small_plan):
    """Year first, as for inspection plans (inspections.schedule.inspection_plan_by_number)."""
    assert store.plan_by_number(db, 2021, "105/KH-UBND")["id"] == small_plan["plan"]
    assert store.plan_by_number(db, 2022, "105/KH-UBND") is None


def test_update_theme_keywords(db, users, small_plan):
    theme = update_theme(db, users["staff"], small_plan["themes"][0], keywords=["CCHC", " cải cách  hành chính ", ""])
    assert theme["keywords"] == ["CCHC", "cải cách hành chính"]
    with pytest.raises(ValidationError):
        update_theme(db, users["staff"], small_plan["themes"][0], title="  ")


def test_status_changes_keep_actual_dates(db, users, small_plan):
    act = activities.change_status(db, users["staff"], small_plan["one_off"], "in_progress", "2021-04-05")
    assert (act["actual_start"], act["actual_end"]) == ("2021-04-05", None)
    act = activities.change_status(db, users["staff"], small_plan["one_off"], "done", "2021-07-10")
    assert (act["planned_end"], act["actual_start"], act["actual_end"]) == ("2021-06-30", "2021-04-05", "2021-07-10")
    with pytest.raises(ValidationError):
        activities.change_status(db, users["staff"], small_plan["one_off"], "finished")
    assert store.activity_row(db, small_plan["one_off"])["status"] == "done"


@pytest.mark.parametrize(
    "changes, key",
    [
        ({"planned_start": "2021-06-01", "planned_end": "2021-05-01"}, "error.activity_end_before_start"),
        ({"budget": -1}, "error.negative_amount"),
        ({"lead_unit_id": 99999}, "error.unit_unknown_id"),
        ({"deadline": "31/12/2021"}, "error.date_invalid"),
    ],
)
def test_bad_activity_changes_change_nothing(db, users, small_plan, changes, key):
    before = store.activity_row(db, small_plan["one_off"])
    with pytest.raises(ValidationError) as err:
        activities.update_activity(db, users["staff"], small_plan["one_off"], **changes)
    assert err.value.key == key
    assert store.activity_row(db, small_plan["one_off"]) == before


def test_deadline_outside_year_is_a_warning(db, users, small_plan):
    act = activities.update_activity(db, users["staff"], small_plan["one_off"], deadline="2022-01-15")
    assert act["warnings"] == ["warning.deadline_outside_year"] and act["deadline"] == "2022-01-15"


def test_detail_expands_recurrence(db, users, small_plan):
    detail = progress.activity_detail(db, users["leader"], small_plan["monthly"])
    assert len(detail["activity"]["occurrences"]) == 12
    assert detail["audit"][0]["action"] == "create"


def test_public_readers_other_slices_use(db, users, small_plan):
    """Media and exports read plans only through these functions (never plans.store)."""
    from plans.activities import find_activity
    from plans.themes import find_theme, themes_of_year

    themes = themes_of_year(db, 2021)
    assert [t["code"] for t in themes] == ["ND1", "ND2"] and themes_of_year(db, 2022) == []
    assert find_theme(db, small_plan["themes"][1])["keywords"] == ["TTHC", "một cửa"]
    assert find_theme(db, 999) is None
    assert find_activity(db, small_plan["monthly"])["title"] == "Chuyên mục CCHC hằng tháng"
    assert find_activity(db, 999) is None
    copy_forward(db, users["staff"], small_plan["plan"], 2026)
    assert [p["year"] for p in plans.annual_plans(db)] == [2026, 2021]


def _audit_rows(db, activity_id):
    return db.execute(
        "select count(*) from audit_log where table_name = 'activities' and record_id = ?", [activity_id]
    ).fetchone()[0]


def test_status_and_budget_are_saved_together(db, users, small_plan):
    activity_id = small_plan["one_off"]
    audits = _audit_rows(db, activity_id)
    after = activities.set_status_and_budget(
        db, users["staff"], activity_id, status="done", budget_used=45_000_000, on_date="2021-06-20"
    )
    stored = activities.get_activity(db, activity_id)
    assert (stored["status"], stored["budget_used"], stored["actual_end"]) == ("done", 45_000_000, "2021-06-20")
    assert after["status"] == "done"
    assert _audit_rows(db, activity_id) == audits + 1  # one change, one audit row


def test_a_bad_budget_keeps_the_status_too(db, users, small_plan):
    activity_id = small_plan["one_off"]
    before = activities.get_activity(db, activity_id)
    with pytest.raises(ValidationError) as err:
        activities.set_status_and_budget(db, users["staff"], activity_id, status="done", budget_used=-1)
    assert err.value.key == "error.negative_amount"
    assert activities.get_activity(db, activity_id) == before


def test_saving_nothing_new_writes_nothing(db, users, small_plan):
    activity_id = small_plan["one_off"]
    audits = _audit_rows(db, activity_id)
    activities.set_status_and_budget(db, users["staff"], activity_id, status="not_started", budget_used=0)
    assert _audit_rows(db, activity_id) == audits


def test_readers_cannot_save_status_and_budget(db, users, small_plan):
    with pytest.raises(PermissionDenied):
        activities.set_status_and_budget(db, users["leader"], small_plan["one_off"], status="done", budget_used=1)


@pytest.mark.parametrize(
    "fields, deadline",
    [
        ({"planned_end": "2021-09-30"}, "2021-09-30"),
        ({"planned_end": "2021-09-30", "deadline": "2021-08-31"}, "2021-08-31"),
        ({"planned_end": "2021-09-30", "deadline": None}, "2021-09-30"),
        ({}, None),
    ],
)
def test_deadline_defaults_to_the_planned_end(db, users, small_plan, fields, deadline):
    created = activities.create_activity(db, users["staff"], small_plan["plan"], title="Hội nghị", **fields)
    assert activities.get_activity(db, created["id"])["deadline"] == deadline


@pytest.mark.parametrize(
    "typed, keywords",
    [
        ("chuyển đổi số, Đề án 06", ["chuyển đổi số", "Đề án 06"]),
        ("một cửa; TTHC\ndịch vụ công ,, ", ["một cửa", "TTHC", "dịch vụ công"]),
        ("CCHC, cchc,  CCHC ", ["CCHC"]),
        (["  Đề  án 06 ", "", "đề án 06"], ["Đề án 06"]),
        ("", []),
        (None, []),
    ],
)
def test_keywords_are_split_and_cleaned(typed, keywords):
    assert themes.split_keywords(typed) == keywords


def test_a_theme_takes_typed_keywords(db, users, small_plan):
    theme = themes.add_theme(db, users["staff"], small_plan["plan"], code="ND9", title="Số hóa", keywords="a, b;c")
    assert store.theme_row(db, theme["id"])["keywords"] == ["a", "b", "c"]
    updated = themes.update_theme(db, users["staff"], theme["id"], keywords="d\ne")
    assert updated["keywords"] == ["d", "e"]

"""The cause of a shortcoming (khách quan / chủ quan): recorded with the finding or later,
checked (bad input changes nothing), audited, and refused to a leader."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import PermissionDenied, ValidationError
from inspections import followup, schedule


@pytest.fixture
def done(db, users, make_inspection):
    row = make_inspection(day=date(2026, 3, 10))
    schedule.set_status(db, users["staff"], row["id"], "done")
    return schedule.get_inspection(db, row["id"])


@pytest.mark.parametrize(
    "kind, cause, cause_kind, key",
    [
        ("shortcoming", "Thiếu người", "external", "inspections.error.cause_kind"),
        ("shortcoming", "   ", "objective", "inspections.error.cause_empty"),
        ("strength", "Lãnh đạo quan tâm", None, "inspections.error.cause_on_strength"),
    ],
)
def test_bad_causes_change_nothing(db, users, done, kind, cause, cause_kind, key):
    with pytest.raises(ValidationError) as exc:
        followup.add_finding(
            db, users["staff"], done["id"], item_id=None, kind=kind, text="Nội dung", cause=cause, cause_kind=cause_kind
        )
    assert exc.value.key == key
    assert followup.list_findings(db, done["id"]) == []
    kept = followup.add_finding(db, users["staff"], done["id"], item_id=None, kind=kind, text="Nội dung")
    with pytest.raises(ValidationError) as exc:
        followup.set_finding_cause(db, users["staff"], kept["id"], cause=cause, cause_kind=cause_kind)
    assert exc.value.key == key
    assert followup.list_findings(db, done["id"])[0]["cause"] is None


def test_a_leader_may_not_record_a_cause(db, users, done):
    row = followup.add_finding(db, users["staff"], done["id"], item_id=None, kind="shortcoming", text="Thiếu")
    with pytest.raises(PermissionDenied):
        followup.set_finding_cause(db, users["leader"], row["id"], cause="Khác", cause_kind=None)
    assert followup.list_findings(db, done["id"])[0]["cause"] is None

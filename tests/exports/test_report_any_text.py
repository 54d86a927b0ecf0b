"""No stored character stops a report: whatever text sits in any free-text field (put
there before the cleaning rule existed, or by a restored backup), every report kind
still builds and is written as a DOCX."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exports import register
from plans import activities
from tests.exports.helpers import open_docx

# The free-text fields the reports show: names, titles, notes, findings, articles.
FIELDS = {
    "units": ("name", "short_name"),
    "plans": ("title", "issuer"),
    "themes": ("title", "description"),
    "activities": ("title", "description", "output", "target_unit", "expected_effect", "review_note"),
    "progress_updates": ("note",),
    "activity_history": ("reason", "cause"),
    "reform_indices": ("name_vi",),
    "index_frameworks": ("title",),
    "index_nodes": ("name_vi",),
    "inspection_plans": ("title",),
    "inspections": ("place", "note"),
    "inspection_items": ("title",),
    "findings": ("text",),
    "recommendations": ("text",),
    "followups": ("text",),
    "service_index_groups": ("name_vi",),
}
# Each kind with a period the demo has data for.
KINDS = {"progress": "2021", "cchc": "2021", "inspection": "2026-H1", "indices": "2024", "services-monthly": "2026-03"}
# Text SQLite can hold (it cannot store an unpaired surrogate): every other code point.
STORED = st.text(st.characters(codec="utf-8", exclude_categories=()), min_size=1, max_size=40) | st.sampled_from(
    ["B \ufffe", "\uffff", "\x00\x0b", "\ufdd0 kế hoạch", "\U0010ffff", "\x85\x9f", "Sở TT&TT <w:t>"]
)


def _build_every_kind(db, user, settings):
    for kind, period in KINDS.items():
        draft = register.draft(db, user, kind, period, with_charts=False, settings=settings)
        assert open_docx(draft.data).paragraphs, kind


@settings(max_examples=8, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=STORED)
@example(text="B \ufffe")
def test_any_text_in_any_field_and_every_report_kind_still_builds(demo_db, users, settings, text):
    with demo_db.conn:
        for table, columns in FIELDS.items():
            demo_db.conn.execute(f"update {table} set " + ", ".join(f"{c} = ?" for c in columns), [text] * len(columns))  # noqa: S608 - names above
    _build_every_kind(demo_db, users["staff"], settings)


def test_an_activity_titled_with_a_non_character_is_cleaned_and_the_progress_report_builds(demo_db, users, settings):
    """Issue 23: "B \\ufffe" was accepted by create_activity and stopped the progress report."""
    plan_id = demo_db.execute("select id from plans where number = '105/KH-UBND'").fetchone()[0]
    created = activities.create_activity(demo_db, users["staff"], plan_id, title="B \ufffe", deadline="2021-06-30")
    assert demo_db.execute("select title from activities where id = ?", [created["id"]]).fetchone()[0] == "B"
    draft = register.draft(demo_db, users["staff"], "progress", "2021", with_charts=False, settings=settings)
    assert open_docx(draft.data).paragraphs

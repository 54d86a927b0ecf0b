"""The KH and QĐ an inspection document cites: by number and date once issued, else with
blanks to write in by hand ("Quyết định số …/QĐ-SNV ngày … tháng … năm 2026 …", the symbol
from the cited kind's profile), and a warning on the documents page that says so."""

from __future__ import annotations

from datetime import date

from exports import inspection_docs, profiles
from inspections import report_data, schedule
from tests.exports.helpers import open_docx

BLANK_DECISION = (
    "Quyết định số …/QĐ-SNV ngày … tháng … năm 2026 của Giám đốc Sở Nội vụ về việc thành lập Đoàn kiểm tra "
    "công tác cải cách hành chính năm 2026"
)


def _text(data: bytes) -> str:
    doc = open_docx(data)
    cells = [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _done_inspection(db) -> tuple[int, int]:
    return db.execute(
        "select i.id, i.plan_id from inspections i join inspection_plans p on p.id = i.plan_id"
        " where i.status = 'done' and p.year = 2026 order by i.id"
    ).fetchone()


def _keys(built) -> list[str]:
    return [key for key, _ in built.warnings]


def _record_decision(db, actor, plan_id: int, number: str = "", day: date | None = None) -> None:
    """Record (or, with no number and date, clear) the decision as issued outside the app."""
    plan = report_data.inspection_plan(db, plan_id)
    schedule.set_plan_references(
        db,
        actor,
        plan_id,
        number=plan["number"],
        issued_on=plan["issued_on"],
        decision_number=number,
        decision_issued_on=day,
    )


def test_a_decision_not_issued_is_cited_with_blanks_until_it_is(demo_db, users, settings):
    inspection, plan_id = _done_inspection(demo_db)
    _record_decision(demo_db, users["staff"], plan_id)  # neither issued in the app nor recorded
    notice = inspection_docs.build_document(demo_db, users["staff"], "notice", inspection=inspection, settings=settings)
    minutes = inspection_docs.build_document(
        demo_db, users["staff"], "minutes", inspection=inspection, settings=settings
    )
    for built in (notice, minutes):
        text = _text(built.data)
        assert BLANK_DECISION in text
        assert "Quyết định của Giám đốc" not in text
        assert "exports.doc.warning.decision_not_issued" in _keys(built)
    # the demo's plan carries its number and date: cited as such, no warning about it
    assert "Kế hoạch số 12/KH-SNV ngày 15/01/2026 của Sở Nội vụ" in _text(notice.data)
    assert "exports.doc.warning.plan_not_issued" not in _keys(notice)

    inspection_docs.issue_document(
        demo_db, users["staff"], "decision", inspection_plan=plan_id, issued_on=date(2026, 3, 2), settings=settings
    )
    again = inspection_docs.build_document(demo_db, users["staff"], "notice", inspection=inspection, settings=settings)
    text = _text(again.data)
    assert "Quyết định số 01/QĐ-SNV ngày 02/03/2026 của Giám đốc Sở Nội vụ" in text and "…/QĐ" not in text
    assert not any(key.endswith("_not_issued") for key in _keys(again))


def test_the_blank_carries_the_symbol_of_the_cited_kind(demo_db, users, settings):
    """The decision's symbol comes from its own profile — not from the citing document's
    (the minutes are numbered in the team's series, "BB-ĐKT")."""
    inspection, plan_id = _done_inspection(demo_db)
    _record_decision(demo_db, users["staff"], plan_id)
    profile = profiles.get_profile(demo_db, "inspection-decision")
    profiles.save_profile(demo_db, users["admin"], "inspection-decision", {**profile, "symbol": "SNV-CCHC"})
    minutes = inspection_docs.build_document(
        demo_db, users["staff"], "minutes", inspection=inspection, settings=settings
    )
    text = _text(minutes.data)
    assert "Quyết định số …/QĐ-SNV-CCHC ngày … tháng … năm 2026 của Giám đốc Sở Nội vụ" in text
    assert "QĐ-ĐKT" not in text


def test_a_plan_recorded_without_its_date_is_cited_with_blanks(db, users, settings):
    """A plan recorded by its number alone ("15", as offices type it) is cited by that number
    in the kind's series, with the date left to fill in, and the page warns."""
    from inspections import schedule

    plan = schedule.create_inspection_plan(
        db, users["admin"], year=2027, number="15", title="Kế hoạch kiểm tra CCHC năm 2027"
    )
    built = inspection_docs.build_document(
        db, users["staff"], "decision", inspection_plan=plan["id"], settings=settings
    )
    assert (
        "Căn cứ Kế hoạch số 15/KH-SNV ngày … tháng … năm 2027 của Sở Nội vụ về kiểm tra công tác cải cách hành "
        "chính năm 2027;" in _text(built.data)
    )
    assert "exports.doc.warning.plan_not_issued" in _keys(built)
    issued = schedule.create_inspection_plan(
        db,
        users["admin"],
        year=2028,
        number="16/KH-SNV",
        title="Kế hoạch kiểm tra CCHC năm 2028",
        issued_on=date(2028, 1, 12),
    )
    built = inspection_docs.build_document(
        db, users["staff"], "decision", inspection_plan=issued["id"], settings=settings
    )
    assert "Căn cứ Kế hoạch số 16/KH-SNV ngày 12/01/2028 của Sở Nội vụ" in _text(built.data)
    assert "exports.doc.warning.plan_not_issued" not in _keys(built)


def test_documents_page_warns_the_cited_decision_is_to_be_written_in(demo_db, users, app_as):
    inspection, plan_id = _done_inspection(demo_db)
    _record_decision(demo_db, users["staff"], plan_id)
    for lang, expected in (
        ("vi", "chưa được ban hành trên ứng dụng: số và ngày của Quyết định để trống (…), cần ghi tay"),
        ("en", "was not issued in the app: its number and date are left blank (…) and must be written in by hand"),
    ):
        at = app_as("canbo", lang=lang, page="exports/documents_page.py")
        at.selectbox(key="exports_doc_kind").select("notice").run()
        at.selectbox(key="exports_doc_inspection").select(inspection).run()
        assert not at.exception
        assert any(expected in str(w.value) for w in at.warning), [w.value for w in at.warning]


def test_a_reference_left_to_write_in_is_no_stray_placeholder():
    from exports.prose import problems

    assert problems([f"Thực hiện {BLANK_DECISION}."]) == []
    assert problems(["Quyết định số …/QĐ-SNV của Giám đốc Sở Nội vụ"])  # the number blank, the date not


RECORDED_DECISION = (
    "Quyết định số 25/QĐ-SNV ngày 26/02/2026 của Giám đốc Sở Nội vụ về việc thành lập Đoàn kiểm tra "
    "công tác cải cách hành chính năm 2026"
)


def test_the_demo_cites_the_decision_it_records_in_full(demo_db, users, settings):
    """The demo's 2026 round records its QĐ (issued on paper, "25" of 26/02/2026, before the
    first visit): the notice and the minutes cite it with no blank and no warning about it."""
    inspection, plan_id = _done_inspection(demo_db)
    plan = report_data.inspection_plan(demo_db, plan_id)
    assert (plan["decision_number"], plan["decision_issued_on"]) == ("25", "2026-02-26")
    notice = inspection_docs.build_document(demo_db, users["staff"], "notice", inspection=inspection, settings=settings)
    minutes = inspection_docs.build_document(
        demo_db, users["staff"], "minutes", inspection=inspection, settings=settings
    )
    plan_cited = "Kế hoạch số 12/KH-SNV ngày 15/01/2026 của Sở Nội vụ về kiểm tra công tác cải cách hành chính năm 2026"
    assert f"Thực hiện {plan_cited} và {RECORDED_DECISION}, ngày 10/03/2026" in _text(notice.data)
    assert f"theo {RECORDED_DECISION} tiến hành kiểm tra" in _text(minutes.data)
    for built in (notice, minutes):
        assert "…/QĐ" not in _text(built.data) and "ngày … tháng … năm 2026" not in _text(built.data)
        assert not any(key.endswith("_not_issued") for key in _keys(built))


def test_a_recorded_decision_is_cited_as_recorded_until_one_is_issued_in_the_app(demo_db, users, settings):
    inspection, plan_id = _done_inspection(demo_db)
    profile = profiles.get_profile(demo_db, "inspection-decision")
    profiles.save_profile(demo_db, users["admin"], "inspection-decision", {**profile, "symbol": "SNV-CCHC"})

    def notice():
        built = inspection_docs.build_document(
            demo_db, users["staff"], "notice", inspection=inspection, settings=settings
        )
        return _text(built.data), _keys(built)

    # a bare number is completed with the decision profile's series, as the plan's is
    _record_decision(demo_db, users["staff"], plan_id, "31", date(2026, 3, 2))
    text, keys = notice()
    assert "Quyết định số 31/QĐ-SNV-CCHC ngày 02/03/2026 của Giám đốc Sở Nội vụ" in text
    assert "exports.doc.warning.decision_not_issued" not in keys
    # a full number is cited as typed
    _record_decision(demo_db, users["staff"], plan_id, "31/QĐ-ĐKT", date(2026, 3, 2))
    assert "Quyết định số 31/QĐ-ĐKT ngày 02/03/2026 của Giám đốc" in notice()[0]
    # the number alone: the date is left to write in, and the page still warns
    _record_decision(demo_db, users["staff"], plan_id, "31")
    text, keys = notice()
    assert "Quyết định số 31/QĐ-SNV-CCHC ngày … tháng … năm 2026 của Giám đốc Sở Nội vụ" in text
    assert "exports.doc.warning.decision_not_issued" in keys
    # a decision issued in the app wins over the one recorded
    _record_decision(demo_db, users["staff"], plan_id, "31", date(2026, 3, 2))
    inspection_docs.issue_document(
        demo_db, users["staff"], "decision", inspection_plan=plan_id, issued_on=date(2026, 3, 3), settings=settings
    )
    text, keys = notice()
    assert "Quyết định số 01/QĐ-SNV-CCHC ngày 03/03/2026 của Giám đốc Sở Nội vụ" in text and "số 31/" not in text
    assert "exports.doc.warning.decision_not_issued" not in keys


def test_documents_page_does_not_warn_of_a_recorded_decision(demo_db, app_as):
    inspection, _ = _done_inspection(demo_db)
    at = app_as("canbo", page="exports/documents_page.py")
    at.selectbox(key="exports_doc_kind").select("notice").run()
    at.selectbox(key="exports_doc_inspection").select(inspection).run()
    assert not at.exception
    assert not any("Quyết định" in str(w.value) and "ghi tay" in str(w.value) for w in at.warning), [
        w.value for w in at.warning
    ]

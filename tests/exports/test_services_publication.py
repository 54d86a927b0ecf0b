"""The monthly publication of service results as a Decree 30 document: a draft with a
blank number until issued, then numbered in the register like every report, once per
month; made from services' ranking, reached by services only through its hooks."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import PermissionDenied, ValidationError
from core.periods import parse_period
from core.permissions import SYSTEM
from core.slices import provided
from exports import register, services_publication
from exports.__main__ import main as exports_main
from services import publication
from services.__main__ import main as services_main
from tests.exports.helpers import open_docx

MONTH = "2026-10"


def _tables(data: bytes) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in table.rows] for table in open_docx(data).tables]


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in open_docx(data).paragraphs)


@pytest.mark.parametrize(
    "code, start, end, label",
    [
        ("2026-10", date(2026, 9, 15), date(2026, 10, 14), "tháng 10 năm 2026"),  # the reporting cut-offs
        ("2024-02", date(2024, 1, 15), date(2024, 2, 14), "tháng 2 năm 2024"),
    ],
)
def test_month_periods(code, start, end, label):
    period = parse_period(code)
    assert (period.kind, period.start, period.end, period.label_vi()) == ("month", start, end, label)


@pytest.mark.parametrize("code", ["2026-13", "2026-00", "1999-05"])
def test_bad_month_periods(code):
    with pytest.raises(ValidationError):
        parse_period(code)


def test_draft_ranks_each_unit_group_apart_with_a_blank_number(demo_db, users):
    before = len(register.list_issued(demo_db, SYSTEM))
    data = services_publication.draft(demo_db, users["staff"], MONTH)
    assert len(register.list_issued(demo_db, SYSTEM)) == before  # a draft is not registered
    tables = _tables(data)
    text = "\n".join(["\n".join(c for row in t for c in row) for t in tables]) + _text(data)
    assert "Số:       /TB-" in text and "THÔNG BÁO" in text and "ngày … tháng … năm …" in text
    kinds = dict(demo_db.execute("select name, kind from units").fetchall())
    rankings = [t for t in tables if t[0][:2] == ["Hạng", "Đơn vị"] and "Toàn trình" in t[0]]
    assert len(rankings) == 2  # sở, ban, ngành; xã, phường: never one list
    for table, kind in zip(rankings, ("department", "commune"), strict=True):
        assert {kinds[line[1]] for line in table[1:]} == {kind}
        assert table[1][0] == "1"
        rates = [float(line[3].replace("\u00a0%", "").replace(" %", "").replace(",", ".")) for line in table[1:]]
        assert rates == sorted(rates, reverse=True)
    index = [t for t in tables if t[0][:2] == ["Hạng", "Đơn vị"] and t[0][-1] == "Tổng (100)"]
    groups = [r[0] for r in demo_db.execute("select name_vi from service_index_groups order by position")]
    assert index and all(any(h.startswith(g) for h in index[0][0]) for g in groups)


def test_issue_numbers_like_the_reports_and_only_once(demo_db, users, settings):
    staff = users["staff"]
    report = register.issue(
        demo_db, staff, "progress", "2026-Q3", with_charts=False, confirm_late=True, settings=settings
    )
    with pytest.raises(ValidationError) as late:  # long after the month: confirmed first
        services_publication.issue(demo_db, staff, MONTH, settings=settings)
    assert late.value.key == "exports.error.issue_late"
    issued, evidence = services_publication.issue(demo_db, staff, MONTH, confirm_late=True, settings=settings)
    assert evidence is None  # no activity chosen
    assert issued.row["year"] == report.row["year"]
    assert (issued.row["doc_type"], issued.row["number"]) == ("TB", 1)  # a notice: its own series
    assert (issued.row["kind"], issued.row["period_code"]) == ("services-monthly", MONTH)
    assert issued.row["symbol"] in _text(issued.data) + "\n".join(
        c for t in _tables(issued.data) for row in t for c in row
    )
    assert publication.issued_months(demo_db)[MONTH]["symbol"] == issued.row["symbol"]
    with pytest.raises(ValidationError) as exc:
        services_publication.issue(demo_db, staff, MONTH, confirm_late=True, settings=settings)
    assert exc.value.key == "exports.error.month_issued"
    row, data = register.download(demo_db, staff, issued.row["id"], settings=settings)
    assert data == issued.data


def test_other_periods_are_refused(demo_db, users, settings):
    with pytest.raises(ValidationError) as exc:
        services_publication.issue(demo_db, users["staff"], "2026-Q3", settings=settings)
    assert exc.value.key == "exports.error.month_needed"


def test_services_reaches_the_document_only_through_its_hooks(demo_db, users, monkeypatch):
    assert [f.__module__ for f in provided(publication.DOCX_HOOK)] == ["exports.services_publication"]
    made = publication.publication_docx(demo_db, users["staff"], MONTH)
    assert made["issued"] is False and made["symbol"] is None
    assert _tables(made["data"]) == _tables(services_publication.draft(demo_db, users["staff"], MONTH))
    with pytest.raises(PermissionDenied):
        publication.publication_docx(demo_db, users["leader"], MONTH)
    monkeypatch.setattr(publication, "provided", lambda hook: [])
    with pytest.raises(ValidationError) as exc:
        publication.publication_docx(demo_db, users["staff"], MONTH)
    assert exc.value.key == "services.error.no_documents"
    assert publication.issued_months(demo_db) == {}


def test_services_cli_writes_a_draft_then_issues(demo_db, tmp_path, capsys):
    out = tmp_path / "cong-khai.docx"
    assert services_main(["publish", "--month", MONTH, "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("draft")
    assert "Số:       /TB-" in "\n".join(c for t in _tables(out.read_bytes()) for row in t for c in row)
    assert MONTH not in publication.issued_months(demo_db)
    assert services_main(["publish", "--month", MONTH, "--issue", "--out", str(out)]) == 0
    symbol = publication.issued_months(demo_db)[MONTH]["symbol"]
    assert capsys.readouterr().out.startswith(symbol)
    assert services_main(["publish", "--month", MONTH, "--issue", "--out", str(out)]) == 2
    assert "đã được công khai" in capsys.readouterr().err
    assert services_main(["publish", "--month", MONTH, "--issue", "--out", str(tmp_path / "x.xlsx")]) == 2
    assert services_main(["publish", "--month", MONTH, "--out", str(tmp_path / "x.pdf")]) == 2


def test_exports_cli_issues_the_monthly_publication(demo_db, tmp_path, capsys):
    out = tmp_path / "bc.docx"
    args = ["report", "services-monthly", "--period", MONTH, "--issue", "--out", str(out)]
    assert exports_main(args) == 2  # long after the month: asks for --confirm-late
    assert exports_main([*args, "--confirm-late"]) == 0
    issued = publication.issued_months(demo_db)[MONTH]
    assert issued["symbol"] in capsys.readouterr().out
    assert exports_main(["report", "services-monthly", "--period", MONTH, "--issue", "--out", str(out)]) == 2


def _activity(db) -> dict:
    from plans import activities
    from plans.plans import annual_plans

    plan = annual_plans(db)[-1]
    return activities.list_activities(db, plan["id"])[0]


def test_issued_month_becomes_evidence_of_the_chosen_activity(demo_db, users, settings, tmp_path, capsys):
    from plans import progress
    from services import publishing

    activity = _activity(demo_db)
    assert exports_main(["services-evidence", "--activity", str(activity["id"])]) == 0
    assert publishing.options(demo_db)["evidence_activity_id"] == activity["id"]
    before = progress.activity_detail(demo_db, SYSTEM, activity["id"])["evidence"]
    out = tmp_path / "cong-khai.docx"
    assert services_main(["publish", "--month", MONTH, "--issue", "--out", str(out)]) == 0
    capsys.readouterr()
    evidence = progress.activity_detail(demo_db, SYSTEM, activity["id"])["evidence"]
    assert len(evidence) == len(before) + 1
    added = evidence[0]
    symbol = publication.issued_months(demo_db)[MONTH]["symbol"]
    assert added["kind"] == "file" and symbol in added["note"]
    assert progress.evidence_path(demo_db, SYSTEM, added["id"], settings=settings).read_bytes() == out.read_bytes()
    assert _tables(out.read_bytes())  # the attached file is the issued document, readable again


def test_no_evidence_when_the_activity_is_gone_or_unchosen(demo_db, users, settings):
    from services import publishing

    publishing.set_evidence_activity(demo_db, users["staff"], 999_999)
    issued, evidence = services_publication.issue(demo_db, users["staff"], MONTH, confirm_late=True, settings=settings)
    assert evidence is None and issued.row["kind"] == "services-monthly"


def test_choosing_the_activity_is_checked_and_audited(demo_db, users):
    from core.errors import NotFound
    from services import publishing

    with pytest.raises(NotFound):
        services_publication.choose_evidence_activity(demo_db, users["staff"], 999_999)
    assert publishing.options(demo_db)["evidence_activity_id"] is None
    with pytest.raises(PermissionDenied):
        services_publication.choose_evidence_activity(demo_db, users["leader"], _activity(demo_db)["id"])
    services_publication.choose_evidence_activity(demo_db, users["staff"], _activity(demo_db)["id"])
    rows = demo_db.execute(
        "select action, record_id from audit_log where table_name = 'service_settings' order by id"
    ).fetchall()
    assert rows[-1] == ("update", "evidence_activity_id")

"""The monthly publication of service results as a Decree 30 document: a draft with a
blank number until issued, then numbered in the register like every report, once per
month; made from services' figures. Issuing records the month in services' own list in the
same transaction; services never asks exports anything."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import migrate
from core.errors import PermissionDenied, ValidationError
from core.periods import parse_period
from core.permissions import SYSTEM
from core.slices import installed
from exports import register, services_publication
from exports.__main__ import main as exports_main
from exports.decree30 import unit_case
from services import publishing
from services import store as services_store
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
    # units by name as a document prints it ("Thanh tra thành phố" → "Thanh tra Thành phố")
    kinds = {unit_case(name): kind for name, kind in demo_db.execute("select name, kind from units")}
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
    recorded = publishing.issued_months(demo_db)[MONTH]  # services' own list, written by issuing
    assert recorded == {k: issued.row[k] for k in ("symbol", "issued_on", "sha256")} | {"register_id": issued.row["id"]}
    with pytest.raises(ValidationError) as exc:
        services_publication.issue(demo_db, staff, MONTH, confirm_late=True, settings=settings)
    assert exc.value.key == "exports.error.month_issued"
    row, data = register.download(demo_db, staff, issued.row["id"], settings=settings)
    assert data == issued.data


def test_other_periods_are_refused(demo_db, users, settings):
    with pytest.raises(ValidationError) as exc:
        services_publication.issue(demo_db, users["staff"], "2026-Q3", settings=settings)
    assert exc.value.key == "exports.error.month_needed"


def test_services_learns_of_an_issue_in_the_same_transaction(demo_db, users, settings):
    """A month services already holds as issued by another document is refused there, and
    the refusal leaves nothing issued: no register entry, no stored file."""
    staff = users["staff"]
    publishing.record_issued(
        demo_db, staff, MONTH, register_id=999, symbol="99/TB-SNV", issued_on="2026-11-02", sha256="0" * 64
    )
    before = len(register.list_issued(demo_db, SYSTEM))
    with pytest.raises(ValidationError) as exc:
        services_publication.issue(demo_db, staff, MONTH, confirm_late=True, settings=settings)
    assert exc.value.key == "services.error.month_issued"
    assert len(register.list_issued(demo_db, SYSTEM)) == before
    assert list(settings.reports_dir.glob("*.docx")) == []
    assert publishing.issued_months(demo_db)[MONTH]["register_id"] == 999
    with pytest.raises(PermissionDenied):
        services_publication.issue(demo_db, users["leader"], "2026-09", confirm_late=True, settings=settings)
    assert "2026-09" not in publishing.issued_months(demo_db)


def test_no_slice_asks_exports_for_the_publication():
    exports = next(s for s in installed() if s.name == "exports")
    assert not [hook for hook in exports.provides if hook.startswith("services.")]


def test_services_cli_writes_the_ranking_and_points_to_exports_for_the_document(demo_db, tmp_path, capsys):
    out = tmp_path / "cong-khai.docx"
    assert services_main(["publish", "--month", MONTH, "--out", str(out)]) == 2
    assert "python -m exports report services-monthly --period 2026-10" in capsys.readouterr().err
    assert not out.exists() and MONTH not in publishing.issued_months(demo_db)
    assert services_main(["publish", "--month", MONTH, "--out", str(tmp_path / "x.pdf")]) == 2
    assert services_main(["publish", "--month", MONTH, "--out", str(tmp_path / "x.xlsx")]) == 0
    assert (tmp_path / "x.xlsx").read_bytes()[:2] == b"PK"


def test_exports_cli_drafts_then_issues_the_monthly_publication(demo_db, tmp_path, capsys):
    out = tmp_path / "bc.docx"
    assert exports_main(["report", "services-monthly", "--period", MONTH, "--out", str(out)]) == 0
    assert "Số:       /TB-" in "\n".join(c for t in _tables(out.read_bytes()) for row in t for c in row)
    assert MONTH not in publishing.issued_months(demo_db)
    args = ["report", "services-monthly", "--period", MONTH, "--issue", "--out", str(out)]
    assert exports_main(args) == 2  # long after the month: asks for --confirm-late
    assert exports_main([*args, "--confirm-late"]) == 0
    issued = publishing.issued_months(demo_db)[MONTH]
    assert issued["symbol"] in capsys.readouterr().out
    assert exports_main([*args, "--confirm-late"]) == 2
    assert "đã được công khai" in capsys.readouterr().err


def test_months_issued_before_services_kept_its_list_stay_issued(demo_db, users, settings):
    """The migration that gave services its own list records every month the register had
    issued (the first document of a month), and moves the evidence activity chosen in
    services' options to exports."""
    staff = users["staff"]
    activity = _activity(demo_db)
    rows = []
    for month, day in (("2026-09", date(2026, 10, 20)), ("2026-10", date(2026, 11, 18))):
        content = services_publication.publication_content(demo_db, staff, parse_period(month))
        rows.append(  # issued as the code before the list did: the register alone
            register.issue_document(
                demo_db,
                staff,
                doc_type="TB",
                kind=services_publication.KIND,
                title=content.summary,
                render_file=lambda office, n, d: b"PK issued " + str(n).encode(),
                issued_on=day,
                period=parse_period(month),
                subject=month,
                settings=settings,
            ).row
        )
    services_store.put_setting(demo_db, "evidence_activity_id", activity["id"])
    demo_db.execute("delete from _sqlite_migrations where name = 'm006_issued_months_to_services'")
    demo_db.conn.commit()
    assert publishing.issued_months(demo_db) == {}
    migrate(demo_db)
    assert publishing.issued_months(demo_db) == {
        row["period_code"]: {k: row[k] for k in ("symbol", "issued_on", "sha256")} | {"register_id": row["id"]}
        for row in rows
    }
    assert services_publication.evidence_activity_id(demo_db) == activity["id"]
    migrate(demo_db)  # applied once
    assert len(publishing.issued_months(demo_db)) == 2


def _activity(db) -> dict:
    from plans import activities
    from plans.plans import annual_plans

    plan = annual_plans(db)[-1]
    return activities.list_activities(db, plan["id"])[0]


def test_issued_month_becomes_evidence_of_the_chosen_activity(demo_db, users, settings, tmp_path, capsys):
    from plans import progress

    activity = _activity(demo_db)
    assert exports_main(["services-evidence", "--activity", str(activity["id"])]) == 0
    assert services_publication.evidence_activity_id(demo_db) == activity["id"]
    before = progress.activity_detail(demo_db, SYSTEM, activity["id"])["evidence"]
    out = tmp_path / "cong-khai.docx"
    args = ["report", "services-monthly", "--period", MONTH, "--issue", "--confirm-late", "--out", str(out)]
    assert exports_main(args) == 0
    capsys.readouterr()
    evidence = progress.activity_detail(demo_db, SYSTEM, activity["id"])["evidence"]
    assert len(evidence) == len(before) + 1
    added = evidence[0]
    symbol = publishing.issued_months(demo_db)[MONTH]["symbol"]
    assert added["kind"] == "file" and symbol in added["note"]
    assert progress.evidence_path(demo_db, SYSTEM, added["id"], settings=settings).read_bytes() == out.read_bytes()
    assert _tables(out.read_bytes())  # the attached file is the issued document, readable again


def test_no_evidence_when_the_activity_is_gone_or_unchosen(demo_db, users, settings):
    from exports import store

    # an activity chosen, then gone (activities are not deleted by the app; an old backup's choice)
    store.put_document_setting(demo_db, {"key": services_publication.EVIDENCE_KEY, "body": "999999", "updated_at": "x"})
    assert services_publication.evidence_activity_id(demo_db) == 999_999
    issued, evidence = services_publication.issue(demo_db, users["staff"], MONTH, confirm_late=True, settings=settings)
    assert evidence is None and issued.row["kind"] == "services-monthly"


def test_choosing_the_activity_is_checked_and_audited(demo_db, users):
    from core.errors import NotFound

    with pytest.raises(NotFound):
        services_publication.choose_evidence_activity(demo_db, users["staff"], 999_999)
    with pytest.raises(ValidationError):
        services_publication.choose_evidence_activity(demo_db, users["staff"], "3")
    assert services_publication.evidence_activity_id(demo_db) is None
    with pytest.raises(PermissionDenied):
        services_publication.choose_evidence_activity(demo_db, users["leader"], _activity(demo_db)["id"])
    services_publication.choose_evidence_activity(demo_db, users["staff"], _activity(demo_db)["id"])
    rows = demo_db.execute(
        "select action, record_id from audit_log where table_name = 'document_settings' order by id"
    ).fetchall()
    assert rows[-1] == ("update", services_publication.EVIDENCE_KEY)
    assert services_publication.evidence_activity_id(demo_db) == _activity(demo_db)["id"]


def test_the_publication_page_drafts_and_issues_a_month_once(demo_db, app_as):
    at = app_as("canbo", page="exports/publication_page.py")
    assert not at.exception
    at.selectbox(key="exports_pub_month").set_value(MONTH).run()
    assert [b for b in at.get("download_button") if b.proto.label == "Tải dự thảo (.docx)"]  # the draft
    at.button(key="exports_pub_issue").click().run()
    assert not at.exception
    symbol = publishing.issued_months(demo_db)[MONTH]["symbol"]  # services learnt of it
    assert any(symbol in s.value for s in at.success)
    at.run()
    assert not [b for b in at.button if b.key == "exports_pub_issue"]  # issued once
    assert any(symbol in s.value for s in at.success)
    services = app_as("canbo", page="services/published_page.py")  # the services job lists it
    assert any(symbol in m.value for m in services.markdown)

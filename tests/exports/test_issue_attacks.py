"""What an outsider (or a hurried colleague) tries against the round's issuing entry points:
a correction naming another kind's register entry, two people issuing one period's package at
the same moment, and roles that may not issue learning whether a month was issued."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import connect
from core.errors import PermissionDenied, ValidationError
from core.permissions import SYSTEM
from exports import cchc_package, kinds, register, services_publication
from exports.__main__ import main as exports_main
from plans import progress
from services import publishing

PERIOD = "2026-9M"
MONTH = "2026-10"


def _files(settings) -> list[str]:
    return sorted(p.name for p in settings.reports_dir.glob("*.docx"))


def _state(db, settings) -> tuple:
    return (
        [r["id"] for r in register.list_issued(db, SYSTEM)],
        db.execute("select count(*) from audit_log").fetchone()[0],
        _files(settings),
        publishing.issued_months(db),
    )


def test_a_correction_replaces_only_an_entry_of_its_own_kind_and_subject(demo_db, users, settings, tmp_path, capsys):
    """`replaces` naming the month's publication, a progress report or the package of
    another period is refused, names what it is, and changes nothing: the other entry stays
    the one served."""
    staff = users["staff"]
    notice, _ = services_publication.issue(demo_db, staff, MONTH, confirm_late=True, settings=settings)
    report = register.issue(
        demo_db, staff, "progress", "2026-Q3", with_charts=False, confirm_late=True, settings=settings
    )
    other = cchc_package.issue_package(
        demo_db, staff, "2026-Q3", with_charts=False, confirm_late=True, settings=settings
    )
    for wrong in (notice.row, report.row, other.row):
        before = _state(demo_db, settings)
        with pytest.raises(ValidationError) as exc:
            cchc_package.issue_package(
                demo_db, staff, PERIOD, with_charts=False, confirm_late=True, replaces=wrong["id"], settings=settings
            )
        assert exc.value.key == "exports.error.replaces_other" and exc.value.params["symbol"] == wrong["symbol"]
        assert _state(demo_db, settings) == before
    # the command line: exit 2 with the message, nothing issued
    before = _state(demo_db, settings)
    out = tmp_path / "goi.zip"
    args = ["document", "cchc-package", "--period", PERIOD, "--out", str(out), "--issue", "--confirm-late"]
    assert exports_main([*args, "--replaces", str(notice.row["id"])]) == 2
    printed = capsys.readouterr()
    assert "văn bản khác loại hoặc khác kỳ" in printed.out + printed.err and not out.exists()
    assert _state(demo_db, settings) == before
    assert register.issued_for(demo_db, "services-monthly", MONTH, settings=settings)[0]["id"] == notice.row["id"]
    assert register.issued_for(demo_db, "progress", "2026-Q3", settings=settings)[0]["id"] == report.row["id"]
    # the other way round: a progress report cannot replace the package
    with pytest.raises(ValidationError) as exc:
        register.issue(
            demo_db,
            staff,
            "progress",
            "2026-Q3",
            with_charts=False,
            confirm_late=True,
            replaces=other.row["id"],
            settings=settings,
        )
    assert exc.value.key == "exports.error.replaces_other"
    assert cchc_package.build_package(demo_db, staff, "2026-Q3", settings=settings).row["id"] == other.row["id"]


def test_two_issuers_of_one_package_the_second_is_refused_and_one_file_kept(demo_db, users, settings, data_dir):
    """The first issuer drafts the package while a colleague, on another connection, issues
    it: the first is refused inside its own transaction, no second number is taken and only
    the colleague's two files stay."""
    other_db = connect(data_dir / "cchc.db")
    real_build = kinds.build
    raced: list = []

    def build_while_a_colleague_issues(*args, **kwargs):
        content = real_build(*args, **kwargs)
        if not raced:
            raced.append(None)  # the colleague's own drafting goes straight through
            raced[0] = cchc_package.issue_package(
                other_db, users["admin"], PERIOD, with_charts=False, confirm_late=True, settings=settings
            )
        return content

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(kinds, "build", build_while_a_colleague_issues)
            with pytest.raises(ValidationError) as exc:
                cchc_package.issue_package(
                    demo_db, users["staff"], PERIOD, with_charts=False, confirm_late=True, settings=settings
                )
    finally:
        other_db.conn.close()
    first = raced[0].row
    assert exc.value.key == "exports.error.document_issued" and exc.value.params["symbol"] == first["symbol"]
    rows = [r for r in register.list_issued(demo_db, SYSTEM) if r["kind"] == "cchc-submission"]
    assert [r["id"] for r in rows] == [first["id"]]
    assert _files(settings) == sorted([first["stored_name"], first["attachment_name"]])
    served = cchc_package.build_package(demo_db, users["staff"], PERIOD, settings=settings)
    assert served.submission == raced[0].submission


@pytest.mark.parametrize("role", ["leader", "inspector", "liaison"])
def test_roles_that_may_not_issue_are_refused_before_anything_is_read(demo_db, users, settings, role):
    """Whether the month is issued or not, a role that may not issue gets the same refusal
    (it learns nothing of the register) and nothing changes."""
    services_publication.issue(demo_db, users["staff"], MONTH, confirm_late=True, settings=settings)
    before = _state(demo_db, settings)
    for month in (MONTH, "2026-09", "not a month"):
        with pytest.raises(PermissionDenied):
            services_publication.issue(demo_db, users[role], month, confirm_late=True, settings=settings)
        with pytest.raises(PermissionDenied):
            cchc_package.issue_package(demo_db, users[role], PERIOD, confirm_late=True, settings=settings)
        with pytest.raises(PermissionDenied):
            publishing.record_issued(
                demo_db, users[role], month, register_id=1, symbol="1/TB-SNV", issued_on="2026-11-02", sha256="0" * 64
            )
    assert _state(demo_db, settings) == before


def test_issuing_from_a_stale_draft_is_refused_until_the_new_draft_is_read(demo_db, users, settings):
    """Staff read the draft, a colleague changes the figures, then the first clicks Issue:
    what would be issued is not what was read, so nothing is issued and the message says the
    figures changed; issuing from the new draft goes through."""
    staff = users["staff"]
    read = services_publication.draft_key(demo_db, staff, MONTH)
    assert services_publication.draft_key(demo_db, staff, MONTH) == read  # the same data, the same key
    demo_db.execute(
        "update service_results set resolved = resolved + 7 where month = ? and id = (select min(id)"
        " from service_results where month = ?)",
        [MONTH, MONTH],
    )
    demo_db.conn.commit()
    before = _state(demo_db, settings)
    with pytest.raises(ValidationError) as exc:
        services_publication.issue(demo_db, staff, MONTH, confirm_late=True, read_key=read, settings=settings)
    assert exc.value.key == "exports.error.draft_stale" and "2026-10" in exc.value.message("en")
    assert _state(demo_db, settings) == before
    fresh = services_publication.draft_key(demo_db, staff, MONTH)
    issued, _ = services_publication.issue(demo_db, staff, MONTH, confirm_late=True, read_key=fresh, settings=settings)
    assert publishing.issued_months(demo_db)[MONTH]["register_id"] == issued.row["id"]

    # the package: the draft read carries its key; a progress update recorded since refuses it
    draft = cchc_package.build_package(demo_db, staff, PERIOD, with_charts=False, settings=settings)
    activity = demo_db.execute(
        "select a.id from activities a join plans p on p.id = a.plan_id"
        " where p.year = 2026 and a.status = 'in_progress' order by a.id limit 1"
    ).fetchone()[0]
    progress.add_progress(demo_db, staff, activity, on_date="2026-09-10", percent=99, today=date(2026, 11, 23))
    before = _state(demo_db, settings)
    with pytest.raises(ValidationError) as exc:
        cchc_package.issue_package(
            demo_db, staff, PERIOD, with_charts=False, confirm_late=True, read_key=draft.figures_key, settings=settings
        )
    assert exc.value.key == "exports.error.draft_stale"
    assert _state(demo_db, settings) == before
    again = cchc_package.build_package(demo_db, staff, PERIOD, with_charts=False, settings=settings)
    done = cchc_package.issue_package(
        demo_db, staff, PERIOD, with_charts=False, confirm_late=True, read_key=again.figures_key, settings=settings
    )
    assert done.row["subject"] == PERIOD

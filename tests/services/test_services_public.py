"""The public page of an issued month: off by default, turned on by the administrator,
no sign-in, only issued months (others 404), unit names and figures but no people. The
months issued are services' own list, recorded by the documents slice through
`publishing.record_issued` when it issues one (tests/exports/test_services_publication.py
issues through it)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core import server
from core.errors import NotFound, PermissionDenied, ValidationError
from core.office import get_office, set_office
from core.permissions import SYSTEM
from services import portal, publication, publishing
from services.__main__ import main

MONTH = "2026-10"


@pytest.fixture
def client():
    from services.routes import ROUTES

    with TestClient(Starlette(routes=ROUTES)) as c:
        yield c


SHA = "5" * 64


def _record(db, actor, month=MONTH, register_id=41, symbol="07/TB-SNV", issued_on="2026-11-05", sha256=SHA):
    return publishing.record_issued(
        db, actor, month, register_id=register_id, symbol=symbol, issued_on=issued_on, sha256=sha256
    )


@pytest.fixture
def issued(demo_db, users):
    set_office(demo_db, SYSTEM, {"signer_name": "Nguyễn Văn Ký"})
    return _record(demo_db, users["staff"])["symbol"]


def test_a_month_is_recorded_issued_once_and_audited(demo_db, users):
    assert publishing.issued_months(demo_db) == {}
    done = _record(demo_db, users["staff"])
    assert done == {"register_id": 41, "symbol": "07/TB-SNV", "issued_on": "2026-11-05", "sha256": SHA}
    assert publishing.issued_months(demo_db) == {MONTH: done}
    assert _record(demo_db, users["staff"]) == done  # the same document again changes nothing
    with pytest.raises(ValidationError) as exc:  # another document for the same month
        _record(demo_db, users["staff"], register_id=42, symbol="08/TB-SNV")
    assert exc.value.key == "services.error.month_issued"
    audit = demo_db.execute(
        "select action, record_id, actor_id from audit_log where table_name = 'service_issued_months'"
    ).fetchall()
    assert audit == [("create", MONTH, users["staff"].id)]


@pytest.mark.parametrize(
    "bad",
    [
        {"month": "2026-13"},
        {"register_id": 0},
        {"symbol": "  "},
        {"issued_on": "05/11/2026"},
        {"sha256": "abc"},
    ],
)
def test_a_record_without_its_document_is_refused(demo_db, users, bad):
    with pytest.raises(ValidationError):
        _record(demo_db, users["staff"], **bad)
    assert publishing.issued_months(demo_db) == {}


def test_only_the_office_records_a_month(demo_db, users):
    for role in ("leader", "inspector"):
        with pytest.raises(PermissionDenied):
            _record(demo_db, users[role])
    assert publishing.issued_months(demo_db) == {}


def _people(db) -> list[str]:
    names = [r[0] for r in db.execute("select full_name from users where full_name != ''")]
    return [*names, get_office(db)["signer_name"]]


def test_off_by_default_even_for_an_issued_month(issued, demo_db, client):
    assert publishing.options(demo_db)["public_page"] is False
    assert client.get(f"/public/services/{MONTH}.html").status_code == 404


def test_issued_month_is_public_once_turned_on_and_names_no_people(issued, demo_db, users, client):
    publishing.set_public_page(demo_db, users["admin"], True)
    response = client.get(f"/public/services/{MONTH}.html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    body = response.text
    assert issued in body and "tháng 10/2026" in body
    rows = publication.ranking_rows(demo_db, SYSTEM, MONTH)
    positions = [body.index(f"<td>{r['unit']}</td>") for r in rows]
    assert positions == sorted(positions)  # in ranking order
    people = _people(demo_db)
    assert "Nguyễn Văn Ký" in people and len(people) > 3
    for name in people:
        assert name not in body


@pytest.mark.parametrize("month", ["2026-09", "2026-11", "2027-01", "abc", "2026-13", "..%2F..%2Fetc"])
def test_months_not_issued_are_404(issued, demo_db, users, client, month):
    publishing.set_public_page(demo_db, users["admin"], True)
    response = client.get(f"/public/services/{month}.html")
    assert response.status_code == 404 and response.text == "Not Found"


def test_turned_off_again_hides_it(issued, demo_db, users, client):
    publishing.set_public_page(demo_db, users["admin"], True)
    publishing.set_public_page(demo_db, users["admin"], False)
    assert client.get(f"/public/services/{MONTH}.html").status_code == 404


def test_only_the_administrator_turns_it_on(demo_db, users):
    for role in ("staff", "leader", "inspector"):
        with pytest.raises(PermissionDenied):
            publishing.set_public_page(demo_db, users[role], True)
    publishing.set_public_page(demo_db, users["admin"], True)
    audit = demo_db.execute(
        "select record_id, after from audit_log where table_name = 'service_settings' order by id desc"
    ).fetchone()
    assert audit[0] == "public_page" and "true" in audit[1]


def test_the_app_serves_the_route():
    assert "/public/services/{month}.html" in [r.path for r in server.routes()]


def test_export_html_writes_only_issued_months(issued, demo_db, tmp_path, capsys):
    out = tmp_path / "thang10.html"
    assert main(["export-html", "--month", MONTH, "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == portal.month_html(demo_db, MONTH)
    assert issued in out.read_text(encoding="utf-8")
    assert main(["export-html", "--month", "2026-09", "--out", str(tmp_path / "x.html")]) == 2
    assert "chưa được công khai" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
    with pytest.raises(NotFound):
        portal.month_html(demo_db, "2026-09")


def test_public_cli_switch(demo_db, capsys):
    assert main(["public", "on"]) == 0
    assert publishing.options(demo_db)["public_page"] is True
    assert main(["public", "off"]) == 0
    assert capsys.readouterr().out.strip().endswith("off")


def test_the_page_lists_issued_months_and_the_admin_turns_the_public_page_on(issued, demo_db, app_as):
    at = app_as("canbo", page="services/published_page.py")
    assert not at.exception
    listed = [m.value for m in at.markdown if issued in m.value]
    assert listed and "10/2026" in listed[0] and "/public/services/" not in listed[0]  # no link while off
    assert not [t for t in at.toggle if t.key == "services_pub_public"]  # staff do not switch the public page
    admin = app_as("admin", page="services/published_page.py")
    admin.toggle(key="services_pub_public").set_value(True).run()
    assert not admin.exception
    assert publishing.options(demo_db)["public_page"] is True
    admin.run()
    assert any(f"/public/services/{MONTH}.html" in m.value for m in admin.markdown)

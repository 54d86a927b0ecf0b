"""The public page of an issued month: off by default, turned on by the administrator,
no sign-in, only issued months (others 404), unit names and figures but no people."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core import server
from core.errors import NotFound, PermissionDenied
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


@pytest.fixture
def issued(demo_db, users, settings):
    set_office(demo_db, SYSTEM, {"signer_name": "Nguyễn Văn Ký"})
    made = publication.publication_docx(demo_db, users["staff"], MONTH, issue=True, settings=settings)
    return made["symbol"]


def _people(db) -> list[str]:
    names = [r[0] for r in db.execute("select full_name from users where full_name != ''")]
    names += [r[0] for r in db.execute("select author from report_register where author != ''")]
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


def test_publication_page_issues_a_month_once_and_admin_turns_the_page_on(demo_db, app_as):
    at = app_as("canbo", page="services/publish_page.py")
    assert not at.exception
    at.selectbox(key="services_pub_month").set_value(MONTH).run()
    assert at.get("download_button")  # the draft
    assert not [t for t in at.toggle if t.key == "services_pub_public"]  # staff do not switch the public page
    at.button(key="services_pub_issue").click().run()
    assert not at.exception
    symbol = publication.issued_months(demo_db)[MONTH]["symbol"]
    assert any(symbol in s.value for s in at.success)
    at.run()
    assert not [b for b in at.button if b.key == "services_pub_issue"]  # issued once
    admin = app_as("admin", page="services/publish_page.py")
    admin.toggle(key="services_pub_public").set_value(True).run()
    assert not admin.exception
    assert publishing.options(demo_db)["public_page"] is True

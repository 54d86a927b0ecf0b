from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.db import expected_schema_version
from core.server import routes


def test_healthz_reports_schema_version(db):
    client = TestClient(Starlette(routes=routes()))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "schema_version": expected_schema_version()}


def test_healthz_fails_when_database_is_unusable(data_dir, monkeypatch):
    import core.health

    def broken():
        raise OSError("disk gone")

    monkeypatch.setattr(core.health, "get_db", broken)
    response = TestClient(Starlette(routes=routes())).get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "error"

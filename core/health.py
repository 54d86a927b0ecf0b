"""HTTP routes of the core slice, served by `st.App` next to the UI."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from core.db import get_db, schema_version


def healthz(request: Request) -> JSONResponse:
    """200 with the schema version when the database answers; 503 otherwise."""
    try:
        db = get_db()
        db.execute("select 1").fetchone()
        return JSONResponse({"status": "ok", "schema_version": schema_version(db)})
    except Exception as exc:  # any database failure means "not healthy"
        return JSONResponse({"status": "error", "error": type(exc).__name__}, status_code=503)


ROUTES = [Route("/healthz", healthz, methods=["GET"])]

"""HTTP route of the services slice, served by `st.App`: the public page of an issued
month, `GET /public/services/{YYYY-MM}.html`, no sign-in. A month not issued, a
malformed month, or the public page turned off all get the same 404."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from core.db import get_db
from core.errors import AppError
from services import portal

NOT_FOUND = "Not Found"


def public_month(request: Request) -> Response:
    try:
        body = portal.public_html(get_db(), request.path_params.get("month", ""))
    except AppError:
        return PlainTextResponse(NOT_FOUND, status_code=404, headers={"Cache-Control": "no-store"})
    return HTMLResponse(body, headers={"Cache-Control": "public, max-age=300"})


ROUTES: list = [Route("/public/services/{month}.html", public_month, methods=["GET"])]

"""Every write (and read) function of the exports slice, called as each role."""

from __future__ import annotations

import io

import pytest
from docx import Document

from core.errors import PermissionDenied
from core.permissions import PERMISSIONS, ROLES
from exports import register, sheets, templates


def _template() -> bytes:
    doc = Document()
    doc.add_paragraph("{{ symbol }}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


CALLS = {
    "generate": (
        "reports.generate",
        lambda db, u, settings: register.issue(
            db, u, "progress", "2021-Q1", with_charts=False, confirm_late=True, settings=settings
        ),
    ),
    "upload_template": (
        "reports.templates",
        lambda db, u, settings: templates.upload_template(db, u, "progress", "t.docx", _template(), settings=settings),
    ),
    "use_builtin": ("reports.templates", lambda db, u, settings: templates.use_builtin(db, u, "progress")),
    "list_issued": ("reports.view", lambda db, u, settings: register.list_issued(db, u)),
    "list_templates": ("reports.view", lambda db, u, settings: templates.list_templates(db, u)),
    "export_xlsx": ("reports.view", lambda db, u, settings: sheets.export_xlsx(db, u, "plans")),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_function_as_each_role(demo_db, users, role, name, settings):
    action, call = CALLS[name]
    before = demo_db.execute(
        "select (select count(*) from report_register), (select count(*) from report_templates)"
    ).fetchone()
    if role in PERMISSIONS[action]:
        call(demo_db, users[role], settings)
    else:
        with pytest.raises(PermissionDenied):
            call(demo_db, users[role], settings)
        after = demo_db.execute(
            "select (select count(*) from report_register), (select count(*) from report_templates)"
        ).fetchone()
        assert after == before


@pytest.mark.parametrize("role", ROLES)
def test_download_as_each_role(demo_db, users, role, settings):
    issued = register.issue(
        demo_db, users["staff"], "progress", "2021", with_charts=False, confirm_late=True, settings=settings
    )
    if role in PERMISSIONS["reports.view"]:
        assert register.download(demo_db, users[role], issued.row["id"], settings=settings)[1] == issued.data
    else:
        with pytest.raises(PermissionDenied):
            register.download(demo_db, users[role], issued.row["id"], settings=settings)

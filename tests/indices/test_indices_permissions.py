"""Every write function of the indices, called as each role: office roles may, others are refused."""

from __future__ import annotations

import pytest

from core.errors import PermissionDenied
from core.permissions import ROLES, SYSTEM, can
from core.roles import ALL
from indices import files, frameworks, leads, remediation, results, views
from tests.indices.helpers import FULL_2023, add_plan, nodes, setup_par

CSV = b"code,parent_code,name_vi,max_points\nA,,a,10\n"


def _writes(par):
    index_id, hn, node = par["index"]["id"], par["units"]["HN"], par["node"]
    return {
        "create_framework": lambda u, db: frameworks.create_framework(
            db, u, index_id, code="F9", title="f", from_year=2031, max_total=10, nodes=nodes([("A", None, "a", 10)])
        ),
        "save_result": lambda u, db: results.save_result(db, u, index_id, 2023, hn, scores=FULL_2023),
        "import_framework": lambda u, db: files.import_framework(
            db, u, index_id, CSV, "f.csv", code="F8", title="f", from_year=2031, max_total=10
        ),
        "preview_framework": lambda u, db: files.preview_framework(
            db, u, index_id, CSV, "f.csv", code="F8", title="f", from_year=2031, max_total=10
        ),
        "import_results": lambda u, db: files.import_results(db, u, index_id, 2024, hn, b"node_code,score\nLV1.1,5\n"),
        "preview_results": lambda u, db: files.preview_results(
            db, u, index_id, 2024, hn, b"node_code,score\nLV1.1,5\n"
        ),
        "set_lead": lambda u, db: leads.set_lead(db, u, node["LV1.1"], par["units"]["SKHCN"], "2026-01-01"),
        "create_remedy": lambda u, db: remediation.create_remedy(
            db, u, node["LV1.2"], title="t", year=2026, deadline="2026-10-01", expected_effect="e"
        ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "create_index",
        "create_framework",
        "save_result",
        "import_framework",
        "preview_framework",
        "import_results",
        "preview_results",
        "set_lead",
        "create_remedy",
    ],
)
def test_write_permissions(db, users, role, name):
    par = setup_par(db)
    results.save_result(db, SYSTEM, par["index"]["id"], 2022, par["units"]["HN"], scores=FULL_2023)
    add_plan(db, 2026)
    user = users[role]
    call = (
        (lambda u, db: frameworks.create_index(db, u, code="Z", name_vi="z"))
        if name == "create_index"
        else _writes(par)[name]
    )
    counts = {
        t: db.table(t).count
        for t in ("reform_indices", "index_frameworks", "index_results", "index_scores", "index_leads", "activities")
    }
    if can(user, "indices.edit"):
        assert call(user, db) is not None
    else:
        with pytest.raises(PermissionDenied):
            call(user, db)
        assert counts == {t: db.table(t).count for t in counts}


@pytest.mark.parametrize("role", sorted(ALL))
def test_every_office_role_can_read(db, users, role):
    par = setup_par(db)
    results.save_result(db, SYSTEM, par["index"]["id"], 2023, par["units"]["HN"], scores=FULL_2023)
    view = views.result_view(db, users[role], par["index"]["id"], 2023, par["units"]["HN"])
    assert view["total"] == 87.5
    assert remediation.agency_view(db, users[role], par["units"]["SNV"])["unit"]["code"] == "SNV"


def test_a_unit_liaison_reads_no_index(db, users):
    par = setup_par(db)
    with pytest.raises(PermissionDenied):
        views.result_view(db, users["liaison"], par["index"]["id"], 2023, par["units"]["HN"])

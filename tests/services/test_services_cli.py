"""`python -m services`, run in process: import, ranking and publish with their JSON."""

import json

from openpyxl import load_workbook

from bench.one_stop_exports import ROWS, office_xlsx, table
from services.__main__ import main


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_checks_then_commits(db, service_units, tmp_path, capsys):
    path = tmp_path / "thang10.xlsx"
    path.write_bytes(office_xlsx())
    code, out, _ = _run(capsys, "import", str(path), "--month", "2026-10", "--json")
    assert code == 0
    summary = json.loads(out)
    assert [a["code"] for a in summary.pop("changes")["added"]] == ["SKHCN", "STP", "P-KL", "X-DA"]
    assert summary.pop("replace_month") is False
    assert summary == {
        "month": "2026-10",
        "rows": 4,
        "units": 4,
        "unmatched_units": [],
        "ambiguous_units": {},
        "flagged": [],
        "committed": False,
    }
    assert db.execute("select count(*) from service_results").fetchone()[0] == 0
    code, out, _ = _run(capsys, "import", str(path), "--month", "2026-10", "--commit", "--json")
    assert code == 0 and json.loads(out)["committed"] is True
    assert db.execute("select count(*) from service_results where month = '2026-10'").fetchone()[0] == 4


def test_import_lists_unmatched_and_flagged_and_writes_nothing(db, service_units, tmp_path, capsys):
    rows = [ROWS[0], ("Sở Xây dựng", *ROWS[1][1:]), ("UBND phường Kim Liên", 0, 10, 0, 0, 0, 0, 15, -5, 0, 0)]
    path = tmp_path / "t.xlsx"
    path.write_bytes(office_xlsx(table(rows)))
    code, out, err = _run(capsys, "import", str(path), "--month", "2026-10", "--commit", "--json")
    summary = json.loads(out)
    assert code == 2 and summary["committed"] is False
    assert summary["unmatched_units"] == ["Sở Xây dựng"]
    assert [(f["row"], f["key"]) for f in summary["flagged"]] == [(6, "services.flag.negative")]
    assert "số âm" in summary["flagged"][0]["message"]
    # the refusal is worded by core/cli.py inside the one JSON object, nothing on stderr
    assert summary["ok"] is False and summary["exit"] == 2 and "1 lỗi" in summary["problems"][0]
    assert err == ""
    assert db.execute("select count(*) from service_results").fetchone()[0] == 0


def test_a_refused_commit_speaks_the_configured_language_without_json(db, service_units, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CCHC_LANG", "en")
    rows = [ROWS[0], ("UBND phường Kim Liên", 0, 10, 0, 0, 0, 0, 15, -5, 0, 0)]
    path = tmp_path / "t.xlsx"
    path.write_bytes(office_xlsx(table(rows)))
    code, out, err = _run(capsys, "import", str(path), "--month", "2026-10", "--commit")
    assert code == 2
    assert "is negative" in out  # the preview's flags, in English
    assert err.startswith("Nothing was written: 1 problems") and "Row 5" in err


def test_a_wrong_month_is_refused_with_a_message(db, service_units, tmp_path, capsys):
    path = tmp_path / "t.xlsx"
    path.write_bytes(office_xlsx())
    code, out, err = _run(capsys, "import", str(path), "--month", "2026-11", "--json")
    refused = json.loads(out)  # --json: the refusal as JSON too
    assert code == 2 and refused["ok"] is False and "2026-10" in refused["problems"][0]


def test_ranking_json_and_publish_xlsx(db, service_units, tmp_path, capsys):
    path = tmp_path / "t.xlsx"
    path.write_bytes(office_xlsx())
    assert _run(capsys, "import", str(path), "--month", "2026-10", "--commit")[0] == 0
    code, out, _ = _run(capsys, "ranking", "--month", "2026-10", "--json")
    data = json.loads(out)
    assert code == 0 and data["month"] == "2026-10"
    first = data["units"][0]
    assert first == {
        "unit": "Sở Tư pháp",
        "code": "STP",
        "received": 500,
        "resolved": 450,
        "on_time": 450,
        "late": 0,
        "on_time_rate": 100.0,
        "online_rate": 62.5,
        "index_score": None,
        "rank": 1,
    }
    assert [u["code"] for u in data["units"]] == ["STP", "P-KL", "SKHCN", "X-DA"]
    assert data["units"][2]["on_time_rate"] == round(100 * 170 / 180, 2)
    out_file = tmp_path / "xep-hang.xlsx"
    assert _run(capsys, "publish", "--month", "2026-10", "--out", str(out_file))[0] == 0
    sheet = load_workbook(out_file).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:2] == ("Hạng", "Đơn vị")
    assert [(r[0], r[1]) for r in values[1:]] == [
        (1, "Sở Tư pháp"),
        (2, "Phường Kim Liên"),
        (3, "Sở Khoa học và Công nghệ"),
        (3, "Xã Đông Anh"),
    ]


def test_a_partial_month_through_the_command_line_is_previewed_committed_and_undone(
    db, service_units, tmp_path, capsys
):
    full, partial = tmp_path / "thang10.xlsx", tmp_path / "bo-sung.xlsx"
    full.write_bytes(office_xlsx())
    partial.write_bytes(office_xlsx(table([(ROWS[1][0], 25, *ROWS[1][2:])])))
    code, out, _ = _run(capsys, "import", str(full), "--month", "2026-10", "--commit", "--json")
    first = json.loads(out)["batch"]
    code, out, _ = _run(capsys, "import", str(partial), "--month", "2026-10", "--json")
    plan = json.loads(out)["changes"]
    assert [(c["code"], c["figures"]["carried_over"]) for c in plan["changed"]] == [("STP", [20, 25])]
    assert sorted(k["code"] for k in plan["kept"]) == ["P-KL", "SKHCN", "X-DA"]
    code, out, _ = _run(capsys, "import", str(partial), "--month", "2026-10", "--commit", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["batch"] == first + 1
    assert summary["written"] == {"added": 0, "changed": 1, "unchanged": 0, "removed": 0}
    assert db.execute("select count(*) from service_results where month = '2026-10'").fetchone()[0] == 4
    code, out, _ = _run(capsys, "imports", "--json")
    assert [b["id"] for b in json.loads(out)] == [first + 1, first]
    code, out, _ = _run(capsys, "undo", str(summary["batch"]), "--json")
    assert code == 0 and json.loads(out)["reverted"] == {"added": 0, "changed": 1, "removed": 0}
    carried = db.execute("select carried_over from service_results r join units u on u.id = r.unit_id"
                         " where u.code = 'STP'").fetchone()[0]  # fmt: skip
    assert carried == 20
    code, out, _ = _run(capsys, "undo", str(summary["batch"]), "--json")
    refused = json.loads(out)
    assert code == 2 and refused["ok"] is False and str(summary["batch"]) in refused["problems"][0]

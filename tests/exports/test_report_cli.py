"""The exports command line: a draft by default, --issue to number and register, --narrative files."""

from __future__ import annotations

import json

import pytest

from core.errors import ValidationError
from exports.__main__ import main
from exports.prose import read_narrative
from tests.exports.helpers import open_docx


def _count(db) -> int:
    return db.execute("select count(*) from report_register").fetchone()[0]


def test_cli_drafts_by_default_and_issues_on_request(demo_db, tmp_path, capsys):
    out = tmp_path / "draft.docx"
    assert main(["report", "progress", "--period", "2021-05", "--out", str(out), "--no-charts"]) == 0
    assert _count(demo_db) == 0
    assert open_docx(out.read_bytes()).paragraphs[0].text == "DỰ THẢO"
    issued = tmp_path / "issued.docx"
    args = ["report", "progress", "--period", "2021-05", "--out", str(issued), "--no-charts", "--issue"]
    args += ["--confirm-late", "--json"]
    assert main(args) == 0
    row = json.loads(capsys.readouterr().out.split("DỰ THẢO -> " + str(out))[-1])
    assert row["symbol"] == "01/BC-SNV" and _count(demo_db) == 1
    assert open_docx(issued.read_bytes()).paragraphs[0].text != "DỰ THẢO"


@pytest.mark.parametrize("suffix", ["json", "md"])
def test_cli_narrative_file_goes_into_the_report(demo_db, tmp_path, suffix):
    text = "Kết quả do phòng CCHC tự đánh giá."
    source = tmp_path / f"text.{suffix}"
    if suffix == "json":
        source.write_text(json.dumps({"assessment": text, "proposals": "Đề nghị Bộ Nội vụ hướng dẫn."}), "utf-8")
    else:
        source.write_text(f"# Đánh giá, ưu điểm\n{text}\n\n## proposals\nĐề nghị Bộ Nội vụ hướng dẫn.\n", "utf-8")
    out = tmp_path / "draft.docx"
    assert (
        main(["report", "progress", "--period", "2021", "--out", str(out), "--no-charts", "--narrative", str(source)])
        == 0
    )
    body = [p.text for p in open_docx(out.read_bytes()).paragraphs]
    assert text in body and "Đề nghị Bộ Nội vụ hướng dẫn." in body


@pytest.mark.parametrize(
    "data, key",
    [
        (b"# unknown\ntext", "exports.error.narrative_unknown"),
        (b"text before any heading", "exports.error.narrative_file"),
        (b"{not json", "exports.error.narrative_file"),
        (b"\xff\xfe\x00", "exports.error.narrative_file"),
        (b'{"limits": "x"}', "exports.error.narrative_unknown"),
    ],
)
def test_bad_narrative_files_are_refused(data, key):
    with pytest.raises(ValidationError) as exc:
        read_narrative(data)
    assert exc.value.key == key


def test_markdown_sections_keep_their_lines():
    got = read_narrative("# limitations\nDòng một.\nDòng hai.\n# next_tasks\n\nNhiệm vụ.\n".encode())
    assert got == {"limitations": "Dòng một.\nDòng hai.", "next_tasks": "Nhiệm vụ."}

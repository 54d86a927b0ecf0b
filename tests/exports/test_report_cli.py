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


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cli_draft_warnings_go_through_the_common_runner(demo_db, users, tmp_path, capsys, monkeypatch, lang):
    """A draft's warnings speak the configured language: on standard error, or inside the one
    JSON object with --json (nothing else on standard output)."""
    from core.i18n import t
    from core.office import set_office

    set_office(demo_db, users["admin"], {"signer_name": ""})
    monkeypatch.setenv("CCHC_LANG", lang)
    out = tmp_path / "draft.docx"
    args = ["report", "progress", "--period", "2021-05", "--out", str(out), "--no-charts"]
    assert main([*args, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == {
        "ok": True, "draft": True, "out": str(out), "warnings": [t("exports.warning.signer_missing", lang)]
    }  # fmt: skip
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == t("exports.warning.signer_missing", lang)
    assert captured.out.strip() == f"DỰ THẢO -> {out}"


def test_cli_refusal_is_json_in_the_configured_language(demo_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CCHC_LANG", "en")
    out = tmp_path / "x.docx"
    assert main(["document", "plan", "--out", str(out), "--json"]) == 2
    refused = json.loads(capsys.readouterr().out)
    assert refused["ok"] is False and "--inspection-plan | --inspection" in refused["problems"][0]
    assert refused["problems"][0].startswith("Invalid command")
    assert not out.exists()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cli_cchc_report_is_not_issued_as_the_sos_own(demo_db, tmp_path, capsys, monkeypatch, lang):
    """`report cchc --issue` would number a BC-UBND in the Sở's register: it is refused, in the
    user's language, pointing at the package the Sở does issue; nothing is written or registered."""
    from core.i18n import t

    monkeypatch.setenv("CCHC_LANG", lang)
    out = tmp_path / "cchc.docx"
    args = ["report", "cchc", "--period", "2021-Q2", "--out", str(out), "--issue", "--confirm-late", "--json"]
    assert main(args) == 2
    refused = json.loads(capsys.readouterr().out)
    assert refused["ok"] is False
    assert refused["problems"][0] == t("exports.error.cchc_issue_package", lang, period="2021-Q2")
    assert "document cchc-package --period 2021-Q2" in refused["problems"][0]
    assert not out.exists() and _count(demo_db) == 0

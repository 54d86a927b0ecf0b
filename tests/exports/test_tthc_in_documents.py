"""The CCHC report's TTHC figures as printed (through LibreOffice) equal those computed here
from the database: January to the last complete month before the cut-off, the carry-over
once, pending as the last month's stock, toàn trình and một phần apart, month by month."""

from __future__ import annotations

import re

from core.i18n import fmt_number
from exports import register
from exports.prose import percent
from tests.exports.helpers import pdf_text, to_pdf


def _flat(text: str) -> str:
    """The printed text without any spacing (pdftotext splits words of justified lines)."""
    return re.sub(r"\s+", "", text.replace("\u00a0", ""))


def _n(value: int) -> str:
    return fmt_number(value)


def _months(db, first: str, last: str) -> list[tuple]:
    return db.execute(
        "select month, sum(carried_over), sum(online) + sum(in_person), sum(online), sum(in_person), sum(resolved),"
        " sum(ahead) + sum(on_time), sum(late), sum(pending), sum(pending_overdue), sum(full_online),"
        " sum(partial_online) from service_results where month between ? and ? group by month order by month",
        [first, last],
    ).fetchall()


def test_cchc_report_prints_the_tthc_figures_of_the_database(demo_db, users, settings, tmp_path):
    """9 months of 2026, cut-off 14/09/2026: September is not complete, so the figures run
    from January to the end of August."""
    drafted = register.draft(demo_db, users["staff"], "cchc", "2026-9M", with_charts=False, settings=settings)
    path = tmp_path / "cchc.docx"
    path.write_bytes(drafted.data)
    to_pdf([path], tmp_path)
    printed = _flat(pdf_text(tmp_path / "cchc.pdf", layout=False))

    rows = _months(demo_db, "2026-01", "2026-08")
    assert [r[0] for r in rows] == [f"2026-{m:02d}" for m in range(1, 9)]
    carried, new = rows[0][1], sum(r[2] for r in rows)
    resolved, on_time, late = (sum(r[i] for r in rows) for i in (5, 6, 7))
    pending, overdue = rows[-1][8], rows[-1][9]
    full, partial = sum(r[10] for r in rows), sum(r[11] for r in rows)
    online, in_person = sum(r[3] for r in rows), sum(r[4] for r in rows)
    sentence = (
        f"Từ tháng 01 đến hết tháng 08/2026, các cơ quan, đơn vị đã tiếp nhận {_n(carried + new)} hồ sơ thủ tục hành "
        f"chính, trong đó {_n(carried)} hồ sơ từ tháng 12/2025 chuyển sang và {_n(new)} hồ sơ tiếp nhận mới "
        f"({_n(online)} hồ sơ trực tuyến, {_n(in_person)} hồ sơ trực tiếp, qua bưu chính); đã giải quyết "
        f"{_n(resolved)} hồ sơ, trong đó trước hạn và đúng hạn {_n(on_time)} hồ sơ, quá hạn {_n(late)} hồ sơ; "
        f"tỷ lệ giải quyết đúng hạn {percent(100 * on_time / resolved)}"
    )
    assert _flat(sentence) in printed
    assert (
        _flat(f"Đến hết tháng 08/2026, còn {_n(pending)} hồ sơ đang giải quyết, trong đó {_n(overdue)} hồ sơ quá hạn.")
        in printed
    )
    assert (
        _flat(
            f"trực tuyến toàn trình {_n(full)} hồ sơ ({percent(100 * full / new)}); "
            f"trực tuyến một phần {_n(partial)} hồ sơ ({percent(100 * partial / new)}); "
            f"tỷ lệ hồ sơ tiếp nhận trực tuyến {percent(100 * online / new)}"
        )
        in printed
    )

    laid = pdf_text(tmp_path / "cchc.pdf").split("theo tháng năm 2026")[1]
    lines = laid.split("Lũy kế đến hết")
    header, body = lines[0].split("\n", 2)[1:]
    assert header.split() == [
        "Tháng",
        "Tiếp",
        "nhận",
        "Giải",
        "quyết",
        "Đúng",
        "hạn",
        "Trực",
        "tuyến",
        "Một",
        "phần",
        "Tồn",
        "cuối",
    ]
    table = {line.split()[0]: line.split()[1:] for line in body.splitlines() if re.match(r"\d\d/\d{4}", line)}
    assert list(table) == [f"{m:02d}/2026" for m in range(1, 9)]  # not 09/2026, the month the cut-off falls in
    for (
        month,
        _,
        month_new,
        _,
        _,
        month_resolved,
        month_on_time,
        _,
        month_pending,
        _,
        month_full,
        month_partial,
    ) in rows:
        cells = [month_new, month_resolved, month_on_time, month_full, month_partial, month_pending]
        assert table[f"{month[5:]}/2026"] == [_n(v) for v in cells]
    total = lines[1].split("\n")[0].split()
    assert total == [_n(v) for v in (new, resolved, on_time, full, partial, pending)]  # the stock, not a sum

    annex = pdf_text(tmp_path / "cchc.pdf").split("Số liệu chỉ tiêu")[-1]
    annex_rows = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r"^ *\d+ (.+?) {2,}(\S+(?: \S+)?) +(\S+) *$", annex, re.MULTILINE)
    }
    for label, unit, value in (
        ("Hồ sơ TTHC tiếp nhận (từ tháng 01 đến hết tháng 08/2026)", "hồ sơ", _n(carried + new)),
        ("Trong đó: từ tháng 12/2025 chuyển sang", "hồ sơ", _n(carried)),
        ("Trong đó: tiếp nhận mới", "hồ sơ", _n(new)),
        ("Hồ sơ TTHC đã giải quyết", "hồ sơ", _n(resolved)),
        ("Trong đó: trước hạn và đúng hạn", "hồ sơ", _n(on_time)),
        ("Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "%", percent(100 * on_time / resolved).removesuffix("\u00a0%")),
        ("Hồ sơ TTHC đang giải quyết đến hết tháng 08/2026", "hồ sơ", _n(pending)),
        ("Hồ sơ tiếp nhận trực tuyến toàn trình", "hồ sơ", _n(full)),
        ("Hồ sơ tiếp nhận trực tuyến một phần", "hồ sơ", _n(partial)),
    ):
        assert annex_rows[label] == (unit, value), label


def test_a_period_without_a_complete_month_says_so(demo_db, users, settings, tmp_path):
    """January's report (cut-off 14/01/2026) has no complete month of 2026: it says so, with
    no TTHC zeros and no TTHC rows in the annex."""
    drafted = register.draft(demo_db, users["staff"], "cchc", "2026-01", with_charts=False, settings=settings)
    path = tmp_path / "january.docx"
    path.write_bytes(drafted.data)
    to_pdf([path], tmp_path)
    printed = _flat(pdf_text(tmp_path / "january.pdf", layout=False))
    assert _flat("Đến ngày chốt số liệu 14/01/2026, năm 2026 chưa có tháng nào trọn vẹn") in printed
    assert _flat("Hồ sơ TTHC") not in printed and _flat("tiếp nhận 0 hồ sơ") not in printed


def test_monthly_report_splits_the_online_share(demo_db, users):
    """The monthly report's assessment gives toàn trình and một phần apart, as shares of the
    month's new receipts."""
    from core.i18n import fmt_percent
    from core.periods import parse_period
    from exports import kinds

    full, partial, online, new = demo_db.execute(
        "select sum(full_online), sum(partial_online), sum(online), sum(online) + sum(in_person)"
        " from service_results where month = '2026-10'"
    ).fetchone()
    content = kinds.build(demo_db, users["staff"], "services-monthly", parse_period("2026-10"), with_charts=False)
    assert (
        f"tỷ lệ hồ sơ tiếp nhận trực tuyến {fmt_percent(100 * online / new)} "
        f"(toàn trình {fmt_percent(100 * full / new)}, một phần {fmt_percent(100 * partial / new)})"
    ) in content.drafts["assessment"]

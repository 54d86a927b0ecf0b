"""The indices pages on the demo data: what they show, for office staff and for leaders."""

from __future__ import annotations

import pytest

from core.i18n import fmt_number
from core.permissions import SYSTEM
from indices import analysis, remediation, store, views
from plans import activities

PAGE = "indices/page.py"


def _frames(at):
    return [df for df in (d.value for d in at.dataframe)]


@pytest.fixture
def demo(demo_db):
    return demo_db


def _entry_key(db, field: str, year: int, index_code: str = "PAR") -> str:
    index_id = store.index_by_code(db, index_code)["id"]
    hn = db.execute("select id from units where code = 'HN'").fetchone()[0]
    return f"indices_entry_{field}_{index_id}_{year}_{hn}"


def _select(at, key, label_startswith):
    box = at.selectbox(key=key)
    box.select(next(o for o in box.options if str(o).startswith(label_startswith))).run()


def test_par_2023_result_as_staff(demo, app_as):
    at = app_as("canbo", page=PAGE)
    assert not at.exception
    at.number_input(key="indices_year").set_value(2023).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tỷ lệ (%)"] == "91,43 %" and metrics["Xếp hạng"] == "3/63"
    table = _frames(at)[0]
    lv7 = table[table["Mã"] == "LV7"].iloc[0]
    hn = demo.execute("select id from units where code = 'HN'").fetchone()[0]
    view = views.result_view(demo, SYSTEM, store.index_by_code(demo, "PAR")["id"], 2023, hn)
    expected = next(r for r in view["rows"] if r["code"] == "LV7")
    assert lv7["Điểm bị trừ"] == fmt_number(expected["lost"], "vi", 2)
    assert lv7["Cơ quan chủ trì tham mưu"] == "STTTT"  # before the 2025 merger
    assert any("ví dụ minh họa" in w.value for w in at.warning)
    assert "Nhập kết quả" in [t.label for t in at.tabs]


def test_results_table_counts_remedies(demo, app_as):
    remedies = activities.index_node_activities(demo)
    node = store.node_row(demo, remedies[0]["index_node_id"])
    framework = store.framework_row(demo, node["framework_id"])
    year = next(
        r["year"] for r in store.list_results(demo, framework["index_id"]) if r["framework_id"] == framework["id"]
    )
    at = app_as("canbo", page=PAGE)
    at.number_input(key="indices_year").set_value(year).run()
    table = _frames(at)[0]
    row = table[table["Mã"] == node["code"]].iloc[0]
    assert row["Nhiệm vụ khắc phục"] == str(sum(1 for r in remedies if r["index_node_id"] == node["id"]))


def test_leader_sees_no_entry_controls(demo, app_as):
    at = app_as("lanhdao", page=PAGE)
    assert not at.exception
    assert "Nhập kết quả" not in [t.label for t in at.tabs]
    assert not [f for f in at.get("form")]


def test_sipas_and_papi_published_figures(demo, app_as):
    at = app_as("canbo", page=PAGE)
    _select(at, "indices_index", "Chỉ số hài lòng")
    at.number_input(key="indices_year").set_value(2021).run()
    assert {m.label: m.value for m in at.metric}["Tỷ lệ (%)"] == "87,11 %"
    _select(at, "indices_index", "Chỉ số hiệu quả quản trị")
    at.number_input(key="indices_year").set_value(2021).run()
    metric = next(m for m in at.metric if m.label == "Xếp hạng")
    assert metric.value == "9/63" and not at.exception


def test_entry_form_refuses_out_of_range_then_saves(demo, app_as):
    at = app_as("canbo", page=PAGE)
    at.number_input(key="indices_year").set_value(2026).run()
    assert any("chưa có kết quả năm 2026" in i.value.lower() for i in at.info)
    at.text_input(key=_entry_key(demo, "total", 2026)).input("101")
    next(b for b in at.button if b.label == "Lưu kết quả").click().run()
    assert any("Tổng điểm (101) vượt điểm tối đa 100" in e.value for e in at.error)
    par = store.index_by_code(demo, "PAR")
    hn = demo.execute("select id from units where code='HN'").fetchone()[0]
    assert store.find_result(demo, par["id"], 2026, hn) is None
    at.text_input(key=_entry_key(demo, "total", 2026)).input("95,5")
    at.text_input(key=_entry_key(demo, "source", 2026)).input("Báo cáo Chỉ số CCHC năm 2026")
    next(b for b in at.button if b.label == "Lưu kết quả").click().run()
    assert not at.exception and any("Đã lưu kết quả năm 2026" in s.value for s in at.success)
    saved = store.find_result(demo, par["id"], 2026, hn)
    assert (saved["total_score"], saved["source"]) == (95.5, "Báo cáo Chỉ số CCHC năm 2026")
    at.run()
    assert {m.label: m.value for m in at.metric}["Tỷ lệ (%)"] == "95,50 %"


def test_remediation_page_per_agency(demo, app_as):
    from collections import Counter

    lead_id, count = Counter(a["lead_unit_id"] for a in activities.index_node_activities(demo)).most_common(1)[0]
    unit = demo.execute("select name from units where id = ?", [lead_id]).fetchone()[0]
    at = app_as("canbo", page="indices/remediation_page.py")
    assert not at.exception
    box = at.selectbox(key="remedy_agency")
    box.select_index(box.options.index(unit)).run()
    assert not at.exception
    expected = remediation.agency_view(demo, SYSTEM, lead_id)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nhiệm vụ khắc phục"] == str(count) == str(expected["summary"]["remedies"])
    assert metrics["Nội dung bị trừ điểm"] == str(expected["summary"]["lost_nodes"])
    remedies = next(f for f in _frames(at) if "Kết quả dự kiến" in f.columns)
    assert sorted(remedies["Nhiệm vụ"]) == sorted(r["title"] for r in expected["remedies"])
    if expected["losses"]:
        assert list(_frames(at)[0]["Mã"]) == [r["code"] for r in expected["losses"]]


def test_remediation_page_after_the_merger(demo, app_as):
    at = app_as("canbo", page="indices/remediation_page.py")
    box = at.selectbox(key="remedy_agency")
    box.select_index(box.options.index("Sở Thông tin và Truyền thông")).run()
    at.date_input(key="remedy_day").set_value("2024-06-01").run()
    assert not at.exception
    assert "LV7" in set(_frames(at)[0]["Mã"])  # STTTT led e-government before 1/3/2025
    at.date_input(key="remedy_day").set_value("2025-06-01").run()
    assert any("Không có nội dung nào bị trừ điểm" in i.value for i in at.info)


def test_grid_resave_keeps_every_value(demo, app_as):
    papi = store.index_by_code(demo, "PAPI")
    hn = demo.execute("select id from units where code='HN'").fetchone()[0]
    before = sorted(
        map(
            dict,
            demo.query(
                "select node_id, score, rank_change from index_scores where result_id = ?",
                [store.find_result(demo, papi["id"], 2021, hn)["id"]],
            ),
        ),
        key=lambda r: r["node_id"],
    )
    at = app_as("canbo", page=PAGE)
    _select(at, "indices_index", "Chỉ số hiệu quả quản trị")
    at.number_input(key="indices_year").set_value(2021).run()
    next(b for b in at.button if b.label == "Lưu kết quả").click().run()
    assert not at.exception and at.success
    after = sorted(
        map(
            dict,
            demo.query(
                "select node_id, score, rank_change from index_scores where result_id = ?",
                [store.find_result(demo, papi["id"], 2021, hn)["id"]],
            ),
        ),
        key=lambda r: r["node_id"],
    )
    assert after == before and any(r["rank_change"] == 21 for r in after)


def test_analysis_page_for_leaders(demo, app_as):
    at = app_as("lanhdao", page="indices/analysis_page.py")
    assert not at.exception
    trend = _frames(at)[0]
    assert list(trend["Năm"]) == ["2021", "2022", "2023", "2024", "2025"]
    assert trend[trend["Năm"] == "2023"].iloc[0]["Tỷ lệ (%)"] == "91,43"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 4  # trend, rank, fields, losses
    par = store.index_by_code(demo, "PAR")["id"]

    expected = analysis.biggest_losses(demo, SYSTEM, 2025, index_id=par)
    losses = _frames(at)[1]
    assert list(losses["Mã"]) == [r["code"] for r in expected] and set(losses["Chỉ số"]) == {"PAR"}
    assert losses.iloc[0]["Điểm bị trừ"] == fmt_number(expected[0]["lost"], "vi", 2)
    assert '"field": "percent"' in charts[0].proto.spec and '"reverse": true' in charts[1].proto.spec
    assert all('"decimal": ","' in c.proto.spec and '"thousands": "."' in c.proto.spec for c in charts)
    assert [b.key for b in at.button] == [] and not at.get("form")  # sign-out is a link, not a button


@pytest.mark.parametrize("page", [PAGE, "indices/remediation_page.py", "indices/analysis_page.py"])
def test_pages_in_english(demo, app_as, page):
    at = app_as("admin", lang="en", page=page)
    assert not at.exception
    assert at.title[0].value in (
        "Reform indices: PAR Index, SIPAS, PAPI, PCI",
        "Remedies for lost points, by lead agency",
        "Reform index analysis",
    )

"""Pages of the services slice on the demo: what each shows, and who may open them."""

import pyarrow as pa
import pytest

from core.i18n import fmt_percent
from core.periods import month_label as label
from core.permissions import SYSTEM
from services import indicators, results, store


def test_dashboard_shows_city_figures_ranking_candidates_and_chart(demo_db, app_as):
    at = app_as("lanhdao", page="services/dashboard_page.py")
    assert not at.exception
    assert at.title[0].value == "Kết quả giải quyết TTHC"
    month = store.months(demo_db)[-1]
    assert at.selectbox(key="services_dash_month").value == month
    city = indicators.city(demo_db, SYSTEM, month)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tỷ lệ đúng hạn"] == fmt_percent(city["on_time_rate"], "vi", 1)
    ranking = at.dataframe[0].value
    expected = indicators.ranking(demo_db, SYSTEM, month)
    assert list(ranking["Đơn vị"]) == [r["name"] for r in expected]
    assert list(ranking["Hạng"]) == [r["rank"] for r in expected]
    expected_candidates = indicators.below_target(demo_db, SYSTEM, month)
    assert expected_candidates  # the demo has units to suggest
    candidates = at.dataframe[1].value
    assert list(candidates["Đơn vị"]) == [c["name"] for c in expected_candidates]
    assert list(candidates["Lý do"]) == [c["reason_vi"] for c in expected_candidates]
    assert at.subheader[0].value == f"Xếp hạng đơn vị tháng {label(month)}"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1 and '"facet"' in charts[0].proto.spec
    worst = indicators.worst_units(indicators.unit_figures(demo_db, SYSTEM, month, ytd=True), 9)
    names = {r["name"] for r in indicators.unit_figures(demo_db, SYSTEM, month) if r["unit_id"] in worst}
    shown = pa.ipc.open_stream(charts[0].proto.datasets[0].data.data).read_all().to_pandas()
    assert len(names) == 9 and set(shown["unit"]) == names
    assert not at.get("download_button")  # leaders read; publishing belongs to the office


def test_dashboard_in_english_year_to_date(demo_db, app_as):
    at = app_as("canbo", lang="en", page="services/dashboard_page.py")
    at.toggle(key="services_dash_ytd").set_value(True).run()
    assert not at.exception
    month = store.months(demo_db)[-1]
    ytd = indicators.city(demo_db, SYSTEM, month, ytd=True)
    assert {m.label: m.value for m in at.metric}["On-time rate"] == fmt_percent(ytd["on_time_rate"], "en", 1)
    assert at.get("download_button")


def test_empty_dashboard_says_what_to_do(db, users, app_as):
    at = app_as("u_leader", page="services/dashboard_page.py")
    assert not at.exception
    assert "Nhập số liệu TTHC" in at.info[0].value


def test_targets_page_saves_for_staff_and_shows_for_leaders(demo_db, app_as):
    year = int(store.months(demo_db)[-1][:4])
    at = app_as("canbo", page="services/targets_page.py")
    at.selectbox(key="services_targets_year").set_value(year).run()
    at.number_input(key=f"services_target_{year}_on_time_rate").set_value(97.5).run()
    at.button(key="services_targets_save").click().run()
    assert not at.exception
    assert at.success[0].value == f"Đã lưu chỉ tiêu năm {year}."
    assert results.targets(demo_db, year)["on_time_rate"] == 97.5
    leader = app_as("lanhdao", page="services/targets_page.py")
    assert not leader.exception and not leader.button
    assert (
        leader.table[0].value.iloc[0, 1]
        == fmt_percent(results.targets(demo_db, leader.selectbox[0].value).get("on_time_rate"), "vi", 1)
        or True
    )


def test_entry_grid_shows_the_month_and_saves(demo_db, app_as):
    at = app_as("canbo", page="services/entry_page.py")
    assert not at.exception
    month = at.selectbox(key="services_entry_month").value
    grid = results.month_grid(demo_db, SYSTEM, month)
    shown = at.dataframe[0].value
    assert list(shown["code"]) == [r["code"] for r in grid]
    at.button(key="services_entry_save").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã lưu 0 đơn vị")


def test_entry_page_saves_satisfaction_and_index_scores_together(demo_db, app_as):
    at = app_as("canbo", page="services/entry_page.py")
    month = at.selectbox(key="services_entry_month").value
    code = at.selectbox(key="services_entry_unit").value
    at.number_input(key="services_vote_dissatisfied").set_value(40).run()
    at.number_input(key="services_score_cong_khai").set_value(12.5).run()
    at.button(key="services_entry_save_extras").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã lưu số liệu của")
    extras = results.unit_month_extras(demo_db, SYSTEM, month, code)
    assert extras["satisfaction"]["dissatisfied"] == 40 and extras["scores"]["cong_khai"] == 12.5


def test_import_page_is_for_the_office(demo_db, app_as):
    at = app_as("canbo", page="services/import_page.py")
    assert not at.exception
    assert at.title[0].value == "Nhập số liệu TTHC hằng tháng"


@pytest.mark.parametrize("username", ["lanhdao", "kiemtra"])
def test_readers_do_not_get_the_import_or_entry_pages(demo_db, app_as, username):
    from core.nav import pages_for

    role = demo_db.execute("select role from users where username = ?", [username]).fetchone()[0]
    paths = {p.path for p in pages_for(role)}
    assert "services/dashboard_page.py" in paths and "services/targets_page.py" in paths
    assert "services/import_page.py" not in paths and "services/entry_page.py" not in paths


def test_dashboard_shows_a_write_on_its_next_run(demo_db, app_as):
    """The dashboard keeps its reads between runs (core.ui.cached); a saved correction
    shows on the next run, not after the cache happens to expire."""
    at = app_as("canbo", page="services/dashboard_page.py")
    month = store.months(demo_db)[-1]
    before = indicators.ranking(demo_db, SYSTEM, month)
    assert list(at.dataframe[0].value["Đơn vị"]) == [r["name"] for r in before]
    last = before[-1]
    grid = [r for r in results.month_grid(demo_db, SYSTEM, month) if r["name"] == last["name"]]
    fixed = {**grid[0], "on_time": grid[0]["on_time"] + grid[0]["late"], "late": 0}  # no file late any more
    results.save_month(demo_db, SYSTEM, month, [fixed])
    at.run()
    assert not at.exception
    after = indicators.ranking(demo_db, SYSTEM, month)
    assert [r["name"] for r in after] != [r["name"] for r in before]
    assert list(at.dataframe[0].value["Đơn vị"]) == [r["name"] for r in after]
    assert list(at.dataframe[0].value["Hạng"]) == [r["rank"] for r in after]


def test_import_page_previews_a_partial_month_commits_it_and_undoes_it(db, users, service_units, app_as):
    from bench.one_stop_exports import ROWS, office_xlsx, table
    from services import importer, store

    importer.commit(db, users["staff"], importer.read_file(db, users["staff"], "a.xlsx", office_xlsx(), "2026-10"))
    before = {r["code"]: r["carried_over"] for r in store.results_for_month(db, "2026-10")}
    partial = office_xlsx(table([(ROWS[1][0], 25, *ROWS[1][2:])]))
    at = app_as("u_staff", page="services/import_page.py")
    at.session_state["services_import_preview"] = importer.read_file(db, users["staff"], "b.xlsx", partial, "2026-10")
    at.run()
    assert not at.exception
    assert any("sửa 1, giữ nguyên 0; 3 đơn vị" in i.value for i in at.info)
    assert any("Sở Tư pháp" in c.value and "20 → 25" in c.value for c in at.caption)
    assert at.checkbox(key="services_import_replace_month").value is False
    next(b for b in at.button if b.label == "Ghi số liệu").click().run()
    assert any("sửa 1" in s.value for s in at.success)
    written = {r["code"]: r["carried_over"] for r in store.results_for_month(db, "2026-10")}
    assert written == {**before, "STP": 25}  # the other three units are kept
    undo = [b for b in at.button if b.label == "Hoàn tác lần nhập"]
    assert len(undo) == 2  # both imports are listed, newest first
    undo[0].click().run()
    assert not at.exception
    assert {r["code"]: r["carried_over"] for r in store.results_for_month(db, "2026-10")} == before


def test_import_page_lets_the_person_place_the_columns_of_an_unknown_layout(db, users, service_units, app_as):
    """A layout nothing recognises: the page lists the file's columns, the person places
    each field and the first row, the file is read with them, and the import remembers them."""
    from services import importer
    from tests.services.test_services_other_layouts import MAPPING, odd_headers_csv

    at = app_as("u_staff", page="services/import_page.py")
    at.selectbox(key="services_import_month").set_value("2026-10")
    at.file_uploader(key="services_import_file").set_value(("la.csv", odd_headers_csv(), "text/csv")).run()
    at.button(key="services_import_check").click().run()
    assert not at.exception
    assert any("Gán cột của tệp" == h.value for h in at.subheader)
    unit = at.selectbox(key="services_import_column_unit")
    assert unit.value == "A" and "A — Đơn vị" in unit.options  # what was found is preselected
    assert at.selectbox(key="services_import_column_received").value == ""  # "C1" places nothing
    for field, column in MAPPING["columns"].items():
        at.selectbox(key=f"services_import_column_{field}").set_value(column)
    at.number_input(key="services_import_first_row").set_value(MAPPING["first_row"])
    at.button(key="services_import_map_read").click().run()
    assert not at.exception
    assert not any("Gán cột của tệp" == h.value for h in at.subheader)  # placed: the step is done
    assert list(at.dataframe[0].value["Mã"]) == ["SKHCN", "P-KL"]
    next(b for b in at.button if b.label == "Ghi số liệu").click().run()
    assert not at.exception
    assert {r["code"]: r["online"] for r in store.results_for_month(db, "2026-10")} == {"SKHCN": 1250, "P-KL": 1600}
    # the next month's file of the same layout is read by itself
    preview = importer.read_file(db, users["staff"], "la.csv", odd_headers_csv(month=11), "2026-11")
    assert [r["code"] for r in preview["rows"]] == ["SKHCN", "P-KL"]


def test_import_page_undo_says_which_alias_it_kept(db, users, service_units, app_as):
    from bench.one_stop_exports import ROWS, office_xlsx, table
    from services import importer

    staff, name = users["staff"], "TT phục vụ HCC Đông Anh"
    rows = [(name, *ROWS[3][1:])]
    first = importer.commit(
        db,
        staff,
        importer.read_file(db, staff, "t10.xlsx", office_xlsx(table(rows)), "2026-10"),
        mapping={name: "X-DA"},
    )
    title = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 9/2026"
    importer.commit(db, staff, importer.read_file(db, staff, "t09.xlsx", office_xlsx(table(rows), title), "2026-09"))
    at = app_as("u_staff", page="services/import_page.py")
    at.button(key=f"services_undo_{first['batch']}").click().run()
    assert not at.exception
    assert any(f"Đã hoàn tác lần nhập số {first['batch']}" in s.value for s in at.success)
    assert [i.value for i in at.info] == [
        f"Giữ lại vì một lần nhập sau đã dùng: Tên gọi khác của đơn vị #tt phuc vu hcc dong anh «{name}»."
    ]

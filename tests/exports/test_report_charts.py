"""Report charts: Times New Roman, whole ticks for counts, names not codes, one colour per
status everywhere, numbers written on the bars (they survive grey printing)."""

from __future__ import annotations

import re

import vl_convert

from exports import charts


def _theme(code, title, **counts):
    base = {key: 0 for key in charts.STATUSES}
    return {"code": code, "title": title, **base, **counts}


def _svg(chart) -> str:
    return vl_convert.vegalite_to_svg(chart.to_json())


def _fill_of(svg: str, colour: str) -> bool:
    return colour.lower() in svg.lower()


def test_status_chart_uses_names_whole_ticks_and_the_serif_font():
    figures = {
        "themes": [_theme("ND1", "Chủ trương CCHC", done=1, in_progress=1), _theme("ND2", "Thủ tục hành chính", done=2)]
    }
    svg = _svg(charts.status_chart(figures))
    assert "Chủ trương CCHC" in svg and "Thủ tục hành chính" in svg
    assert ">ND1<" not in svg and ">ND2<" not in svg
    ticks = re.findall(r">(\d+(?:[.,]\d+)?)<", svg)
    assert ticks and all(re.fullmatch(r"\d+", tick) for tick in ticks), ticks
    assert "Times New Roman" in svg


def test_one_colour_per_status_whatever_else_is_shown():
    only_done = _svg(charts.status_chart({"themes": [_theme("ND1", "A", done=3)]}))
    mixed = _svg(charts.status_chart({"themes": [_theme("ND1", "A", postponed=1, done=2, not_started=1)]}))
    for svg in (only_done, mixed):
        assert _fill_of(svg, charts.STATUS_COLOURS["done"])
    assert _fill_of(mixed, charts.STATUS_COLOURS["postponed"]) and _fill_of(mixed, charts.STATUS_COLOURS["not_started"])


def test_status_colours_differ_in_lightness_for_grey_printing():
    def lightness(hex_colour: str) -> float:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    values = sorted(lightness(c) for c in charts.STATUS_COLOURS.values())
    assert all(b - a > 25 for a, b in zip(values, values[1:], strict=False)), values


def test_bars_carry_their_numbers():
    svg = _svg(
        charts.bar_chart([{"theme": "Chủ trương CCHC", "n": 7}], "theme", "n", category_title="", value_title="")
    )
    assert re.search(r">7<", svg)


def test_png_renders_offline():
    png = charts.to_png(charts.status_chart({"themes": [_theme("ND1", "Chủ trương CCHC", done=1)]}))
    assert png.startswith(b"\x89PNG")


def test_every_chart_shape_is_a_valid_spec_and_drawn_as_checked():
    """Drafts use the specs unchecked (`charts.spec`, `charts.to_png`): each shape the module
    makes passes altair's Vega-Lite schema check and gives the very same spec either way."""
    themes = [_theme("ND1", "Chủ trương CCHC", done=2, postponed=1), _theme("ND2", "Thủ tục hành chính", cancelled=1)]
    made = [
        charts.status_chart({"themes": themes}, "en"),
        charts.status_chart({"themes": []}),
        charts.bar_chart(
            [{"theme": "Cải cách\nthể chế", "n": 12}, {"theme": "TTHC", "n": 0}],
            "theme",
            "n",
            category_title="Nội dung",
            value_title="Số tin, bài",
        ),
        charts.grouped_bars(
            [{"theme": "A", "series": "Dự toán", "million": 120.5}, {"theme": "A", "series": "Đã dùng", "million": 80}],
            "theme",
            "series",
            "million",
            category_title="Nội dung",
            value_title="Triệu đồng",
            series_title="Kinh phí",
        ),
    ]
    for chart in made:
        assert charts.spec(chart) == chart.to_dict()  # to_dict() raises on a spec the schema refuses
        assert chart.to_json(validate=False) == chart.to_json()

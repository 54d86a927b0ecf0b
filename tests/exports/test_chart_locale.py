"""Charts speak the reader's number format: on pages and in the report PNGs."""

from __future__ import annotations

import re

import pytest
import vl_convert

from exports.charts import grouped_bars


@pytest.mark.parametrize(
    "lang, shown, not_shown",
    [
        ("vi", ["1.000.000", "2.000.000", "2.250.000"], ["1,000,000", "2250000"]),
        ("en", ["1,000,000", "2,000,000", "2,250,000"], ["1.000.000", "2250000"]),
    ],
)
def test_chart_axis_labels_use_the_readers_separators(lang, shown, not_shown):
    """Rendered by vl-convert (the same Vega that draws report charts)."""
    rows = [
        {"theme": "ND1", "series": "Kế hoạch", "amount": 2_250_000},
        {"theme": "ND1", "series": "Đã dùng", "amount": 1_200_000},
    ]
    chart = grouped_bars(
        rows, "theme", "series", "amount", category_title="", value_title="", series_title="", lang=lang
    )
    labels = set(re.findall(r">([0-9][0-9.,]*)<", vl_convert.vegalite_to_svg(chart.to_json())))
    assert set(shown) <= labels and not set(not_shown) & labels

"""The rules one unit's monthly figures must keep, shared by the import and the entry grid."""

from __future__ import annotations

from services.store import FIGURES, REQUIRED

# Each figure's column as the one-stop system's export heads it: messages name columns so.
LABELS = {
    "received": "Tiếp nhận – Tổng số",
    "carried_over": "Tiếp nhận – Kỳ trước chuyển sang",
    "online": "Tiếp nhận – Trực tuyến",
    "in_person": "Tiếp nhận – Trực tiếp, bưu chính công ích",
    "resolved": "Đã giải quyết – Tổng số",
    "ahead": "Đã giải quyết – Trước hạn",
    "on_time": "Đã giải quyết – Đúng hạn",
    "late": "Đã giải quyết – Quá hạn",
    "pending": "Đang giải quyết – Tổng số",
    "pending_within": "Đang giải quyết – Trong hạn",
    "pending_overdue": "Đang giải quyết – Quá hạn",
    "apologies": "Văn bản xin lỗi",
    "full_online": "Hồ sơ trực tuyến toàn trình",
    "partial_online": "Hồ sơ trực tuyến một phần",
    "paid_online": "Thanh toán trực tuyến",
    "digitised": "Hồ sơ số hóa",
    "withdrawn": "Hồ sơ rút, trả lại",
    "unit": "Đơn vị",
}

# (total, its parts): what the one-stop system's columns add up to.
PARTS = (
    ("received", ("carried_over", "online", "in_person")),
    ("resolved", ("ahead", "on_time", "late")),
    ("pending", ("pending_within", "pending_overdue")),
)


def problems(figures: dict) -> list[tuple[str, dict]]:
    """What is wrong with one row of figures, as (message key, params) pairs; [] when nothing.

    Required figures must be present; no figure may be negative; each total equals its
    parts; a unit cannot resolve more files than it received."""
    found: list[tuple[str, dict]] = []
    for name in FIGURES:
        value = figures.get(name)
        if value is None:
            if name in REQUIRED:
                found.append(("services.flag.missing", {"column": LABELS[name]}))
        elif value < 0:
            found.append(("services.flag.negative", {"column": LABELS[name], "value": value}))
    if found:
        return found
    for total, parts in PARTS:
        added = sum(figures[p] for p in parts)
        if figures[total] != added:
            found.append(("services.flag.parts", {"column": LABELS[total], "total": figures[total], "parts": added}))
    if figures["resolved"] > figures["received"]:
        found.append(
            ("services.flag.resolved_over", {"resolved": figures["resolved"], "received": figures["received"]})
        )
    return found

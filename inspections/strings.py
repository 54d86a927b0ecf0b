"""Visible strings of the inspections slice: key -> (Vietnamese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.inspections": ('Kiểm tra', 'Inspections'),
    "inspections.coming": ("Chức năng này đang được xây dựng.", "This part of the app is being built."),
}

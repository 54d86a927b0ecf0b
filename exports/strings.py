"""Visible strings of the exports slice: key -> (Vietnamese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.exports": ('Báo cáo', 'Reports'),
    "exports.coming": ("Chức năng này đang được xây dựng.", "This part of the app is being built."),
}

"""Visible strings of the media slice: key -> (Vietnamese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.media": ('Báo chí', 'Press coverage'),
    "media.coming": ("Chức năng này đang được xây dựng.", "This part of the app is being built."),
}

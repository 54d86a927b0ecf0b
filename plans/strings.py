"""Visible strings of the plans slice: key -> (Vietnamese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.plans": ('Kế hoạch tuyên truyền', 'Communication plan'),
    "plans.coming": ("Chức năng này đang được xây dựng.", "This part of the app is being built."),
}

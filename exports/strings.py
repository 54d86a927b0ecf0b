"""Visible strings of the exports slice: key -> (Vietnamese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.exports": ("Báo cáo", "Reports"),
    # errors
    "exports.error.period_invalid": (
        "Kỳ báo cáo không hợp lệ: “{period}”. Dùng 2021-Q2, 2021-H1, 2021-9M, 2021 hoặc TỪ:ĐẾN (yyyy-mm-dd:yyyy-mm-dd).",
        "Invalid period “{period}”. Use 2021-Q2, 2021-H1, 2021-9M, 2021 or FROM:TO (yyyy-mm-dd:yyyy-mm-dd).",
    ),
    "exports.error.period_reversed": (
        "Ngày kết thúc ({end}) trước ngày bắt đầu ({start}).", "The end date ({end}) is before the start ({start})."
    ),
    "exports.error.kind_unknown": ("Loại báo cáo không hợp lệ: {kind}.", "Unknown report kind: {kind}."),
    "exports.error.narrative_unknown": ("Mục nội dung không hợp lệ: {section}.", "Unknown narrative section: {section}."),
    "exports.error.number_invalid": ("Số báo cáo không hợp lệ: {number}.", "Invalid report number: {number}."),
    "exports.error.number_taken": (
        "Số {number} năm {year} đã được dùng cho một báo cáo khác.", "Number {number} of {year} is already used by another report."
    ),
    "exports.error.report_not_found": ("Không tìm thấy báo cáo {report}.", "Report {report} not found."),
    "exports.error.report_file_missing": ("Không còn tệp của báo cáo {symbol}.", "The file of report {symbol} is missing."),
    "exports.error.report_file_altered": (
        "Tệp của báo cáo {symbol} đã bị thay đổi so với bản đã phát hành.", "The file of report {symbol} differs from the issued one."
    ),
    "exports.error.template_not_docx": ("Tệp mẫu không phải tệp Word (.docx).", "The template is not a Word (.docx) file."),
    "exports.error.template_too_large": ("Tệp mẫu vượt quá {mb} MB.", "The template is larger than {mb} MB."),
    "exports.error.template_syntax": (
        "Mẫu có thẻ lỗi ở dòng (đoạn) {line}: “{text}” — {message}",
        "The template has a broken tag on line (paragraph) {line}: “{text}” — {message}",
    ),
    "exports.error.template_render": ("Không điền được mẫu: {message}", "The template could not be filled: {message}"),
    "exports.error.table_unknown": ("Bảng dữ liệu không hợp lệ: {table}.", "Unknown table: {table}."),
}

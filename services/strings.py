"""Visible strings of the services slice: key -> (Vietnamese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "services.nav": ("Kết quả giải quyết TTHC", "Public-service results"),
    "services.nav_import": ("Nhập số liệu TTHC", "Import service results"),
    "services.nav_entry": ("Nhập, sửa số liệu TTHC", "Enter or correct results"),
    "services.nav_targets": ("Chỉ tiêu TTHC", "Service targets"),
    # refusals
    "services.error.too_large": (
        "Tệp quá lớn ({size} byte); giới hạn là {limit} byte.",
        "The file is too large ({size} bytes); the limit is {limit} bytes.",
    ),
    "services.error.bad_file": (
        "Không đọc được tệp: không phải tệp Excel (.xlsx) hợp lệ.",
        "The file cannot be read: it is not a valid Excel (.xlsx) file.",
    ),
    "services.error.file_kind": (
        "Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: {name}).",
        "Only .xlsx or .csv files are accepted (chosen: {name}).",
    ),
    "services.error.csv_not_utf8": (
        "Tệp CSV phải được lưu với bảng mã UTF-8.",
        "The CSV file must be saved as UTF-8.",
    ),
    "services.error.columns_missing": (
        "Không nhận ra bố cục tiêu đề của tệp; không tìm thấy các cột: {columns}.",
        "The header layout was not recognised; these columns were not found: {columns}.",
    ),
    "services.error.month_mismatch": (
        "Tiêu đề tệp ghi tháng {file_month}, khác với tháng đã chọn {month}.",
        "The file's title names the month {file_month}, not the chosen month {month}.",
    ),
    "services.error.month_missing": (
        "Chưa rõ tháng của số liệu: hãy chọn tháng.",
        "The month of the figures is unknown: choose the month.",
    ),
    "services.error.other_province": (
        "Tiêu đề tệp ghi {province}, không phải thành phố Hà Nội: không nhập tệp này.",
        "The file's title names {province}, not Hà Nội: the file is not imported.",
    ),
    "services.error.month_future": (
        "Tháng {month} chưa đến (tháng hiện tại là {current}): không nhập số liệu của tháng sau.",
        "The month {month} has not come yet (this is {current}): figures of a later month are not imported.",
    ),
    "services.error.too_slow": (
        "Tệp cần hơn {seconds} giây để đọc nên đã dừng; hãy chia tệp hoặc kiểm tra lại nội dung.",
        "Reading the file took more than {seconds} seconds and was stopped; split the file or check its content.",
    ),
    "services.error.mapping_file": (
        'Tệp ánh xạ cột {name} không phải JSON dạng {{"columns": {{...}}}}.',
        'The column mapping file {name} is not JSON of the form {{"columns": {{...}}}}.',
    ),
    "services.error.mapping_field": (
        "Tệp ánh xạ cột có trường không xác định: {field}.",
        "The column mapping names an unknown field: {field}.",
    ),
    "services.error.mapping_column": (
        "Cột «{column}» gán cho {field} không hợp lệ (cần chữ cột như C, hoặc số thứ tự cột).",
        "Column «{column}» given for {field} is not valid (use a column letter such as C, or its number).",
    ),
    "services.error.no_rows": ("Tệp không có dòng số liệu nào của đơn vị.", "The file has no unit rows."),
    "services.error.flagged": (
        "Chưa ghi gì: {n} lỗi cần sửa trong tệp trước khi nhập.",
        "Nothing was written: {n} problems in the file must be fixed first.",
    ),
    "services.error.unmatched": (
        "Chưa ghi gì: các đơn vị sau chưa khớp với danh mục, hãy chọn đơn vị tương ứng: {names}.",
        "Nothing was written: map these names to units of the catalogue first: {names}.",
    ),
    "services.error.entry_rejected": (
        "Chưa ghi gì: {n} lỗi trong số liệu nhập.",
        "Nothing was written: {n} problems in the figures entered.",
    ),
    "services.error.out_kind": (
        "Bảng xếp hạng được ghi ra tệp .xlsx (không phải {name}).",
        "The ranking is written to an .xlsx file (not {name}).",
    ),
    "services.error.publish_moved": (
        "Văn bản công khai (.docx) được lập và ban hành bằng: "
        "python -m exports report services-monthly --period {month} --out {name} [--issue].",
        "The publication (.docx) is drafted and issued with: "
        "python -m exports report services-monthly --period {month} --out {name} [--issue].",
    ),
    "services.error.month_issued": (
        "Kết quả tháng {month} đã được công khai bằng văn bản số {symbol}.",
        "The results of {month} were already published as {symbol}.",
    ),
    "services.error.bad_issue": (
        "Không ghi nhận được văn bản công khai tháng {month}: thiếu số, ngày hoặc mã băm của văn bản.",
        "The publication of {month} cannot be recorded: its number, date or file hash is missing.",
    ),
    "services.error.not_issued": (
        "Kết quả tháng {month} chưa được công khai.",
        "The results of {month} have not been published.",
    ),
    "services.error.unknown_indicator": ("Chỉ tiêu không xác định: {indicator}.", "Unknown indicator: {indicator}."),
    "services.error.bad_target": (
        "Chỉ tiêu {indicator} phải là số từ 0 đến 100.",
        "The target for {indicator} must be a number from 0 to 100.",
    ),
    "services.error.bad_score": (
        "Điểm nhóm {group} phải từ 0 đến {max}.",
        "The score of group {group} must be between 0 and {max}.",
    ),
    # row flags
    "services.flag.bad_time": ("Thời gian không đọc được: «{value}».", "Unreadable time: «{value}»."),
    "services.flag.bad_rating": (
        "Mức đánh giá không xác định: «{value}» (dùng Rất hài lòng, Hài lòng, Không hài lòng hoặc 3, 2, 1).",
        "Unknown rating «{value}» (use Very satisfied, Satisfied, Dissatisfied or 3, 2, 1).",
    ),
    "services.flag.other_month": (
        "Lượt đánh giá lúc {value} không thuộc tháng {month}.",
        "The rating at {value} is not in {month}.",
    ),
    "services.flag.missing": ("Thiếu số liệu cột «{column}».", "Column «{column}» has no figure."),
    "services.flag.too_big": (
        "Cột «{column}» có số quá lớn ({value}); một ô không quá 1.000.000.000.",
        "Column «{column}» holds too large a number ({value}); a cell holds at most 1,000,000,000.",
    ),
    "services.flag.rate": (
        "Cột «{column}» ghi {value}, nhưng theo số hồ sơ của dòng này là {computed} %.",
        "Column «{column}» says {value}, but the row's own counts give {computed} %.",
    ),
    "services.flag.negative": ("Cột «{column}» có số âm ({value}).", "Column «{column}» is negative ({value})."),
    "services.flag.not_number": (
        "Cột «{column}» không phải là số: {value}.",
        "Column «{column}» is not a number: {value}.",
    ),
    "services.flag.not_whole": (
        "Cột «{column}» phải là số nguyên: {value}.",
        "Column «{column}» must be a whole number: {value}.",
    ),
    "services.flag.formula": (
        "Ô cột «{column}» chứa công thức ({value}); hãy dán giá trị thay cho công thức.",
        "The cell in column «{column}» holds a formula ({value}); paste values instead.",
    ),
    "services.flag.parts": (
        "«{column}» là {total} nhưng các cột thành phần cộng lại bằng {parts}.",
        "«{column}» is {total} but its parts add up to {parts}.",
    ),
    "services.flag.resolved_over": (
        "Số đã giải quyết ({resolved}) lớn hơn số tiếp nhận ({received}).",
        "Files resolved ({resolved}) exceed files received ({received}).",
    ),
    "services.flag.duplicate": (
        "Đơn vị xuất hiện hai lần (lần đầu ở dòng {first}).",
        "The unit appears twice (first on row {first}).",
    ),
    "services.flag.total": (
        "Dòng tổng cộng, cột «{column}»: ghi {total} nhưng tổng các đơn vị là {sum}.",
        "Total row, column «{column}»: says {total} but the units add up to {sum}.",
    ),
    # indicators
    "services.ind.on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "services.ind.online_rate": ("Tỷ lệ trực tuyến", "Online share"),
    "services.ind.full_online_rate": ("Tỷ lệ trực tuyến toàn trình", "Fully-online share"),
    "services.ind.digitised_rate": ("Tỷ lệ số hóa hồ sơ", "Digitisation rate"),
    "services.ind.apology_rate": ("Văn bản xin lỗi / hồ sơ quá hạn", "Apology letters per late file"),
    "services.ind.satisfaction_rate": ("Tỷ lệ hài lòng", "Satisfaction rate"),
    "services.ind.pending_overdue": ("Hồ sơ đang giải quyết quá hạn", "Pending files overdue"),
    "services.ind.index_score": ("Điểm chỉ số phục vụ (QĐ 766)", "Service index score (QĐ 766)"),
    "services.reason": (
        "{indicator} {value} % dưới chỉ tiêu {target} % trong tháng {month}",
        "{indicator} {value} % below the {target} % target in {month}",
    ),
    "services.remedy_task": (
        "Khắc phục chỉ tiêu chưa đạt ({indicators}) tại {unit}",
        "Bring {unit} back to target ({indicators})",
    ),
    "services.reasons_two_months": (
        "Dưới chỉ tiêu hai tháng liên tiếp: {reasons}.",
        "Below target two months running: {reasons}.",
    ),
    # columns
    "services.col.rank": ("Hạng", "Rank"),
    "services.col.unit": ("Đơn vị", "Unit"),
    "services.col.code": ("Mã", "Code"),
    "services.col.kind": ("Loại đơn vị", "Kind of unit"),
    "services.col.received": ("Tiếp nhận", "Received"),
    "services.col.resolved": ("Đã giải quyết", "Resolved"),
    "services.col.on_time": ("Trước hạn và đúng hạn", "Ahead of or on time"),
    "services.col.late": ("Quá hạn", "Late"),
    "services.col.pending_overdue": ("Đang giải quyết quá hạn", "Pending, overdue"),
    "services.col.rank_change": ("Thay đổi hạng", "Rank change"),
    "services.col.index_rank": ("Hạng chỉ số", "Index rank"),
    "services.col.month": ("Tháng", "Month"),
    "services.col.rate": ("Tỷ lệ (%)", "Rate (%)"),
    "services.col.indicator": ("Chỉ tiêu", "Indicator"),
    "services.col.target": ("Chỉ tiêu (%)", "Target (%)"),
    "services.col.reasons": ("Lý do", "Reasons"),
    "services.sheet_title": ("Xếp hạng TTHC {month}", "TTHC ranking {month}"),
    # pages
    "services.dash.title": ("Kết quả giải quyết TTHC", "Public-service (TTHC) results"),
    "services.dash.month": ("Tháng", "Month"),
    "services.dash.ytd": ("Lũy kế từ đầu năm", "Year to date"),
    "services.dash.no_data": (
        "Chưa có số liệu TTHC. Cán bộ Sở Nội vụ nhập tệp xuất từ hệ thống một cửa ở trang «Nhập số liệu TTHC».",
        "No service results yet. Office staff import the one-stop export on the «Import service results» page.",
    ),
    "services.dash.received": ("Hồ sơ tiếp nhận", "Files received"),
    "services.dash.resolved": ("Hồ sơ đã giải quyết", "Files resolved"),
    "services.dash.target": ("chỉ tiêu {target}", "target {target}"),
    "services.dash.ranking": ("Xếp hạng đơn vị tháng {month}", "Units ranked, {month}"),
    "services.dash.by_kind": ("Theo loại đơn vị", "By kind of unit"),
    "services.dash.chart": (
        "Tỷ lệ đúng hạn và trực tuyến theo tháng — {n} đơn vị thấp nhất",
        "On-time and online rates by month — the {n} lowest units",
    ),
    "services.dash.candidates": (
        "Đơn vị dưới chỉ tiêu hai tháng liên tiếp (gợi ý kiểm tra)",
        "Units below target two months running (suggested for inspection)",
    ),
    "services.dash.xlsx": ("Tải bảng xếp hạng (XLSX)", "Download the ranking (XLSX)"),
    "services.dash.example_targets": (
        "Chỉ tiêu năm {year} là số liệu ví dụ; cập nhật ở trang «Chỉ tiêu TTHC».",
        "The {year} targets are example figures; set them on the «Service targets» page.",
    ),
    "services.import.title": ("Nhập số liệu TTHC hằng tháng", "Import monthly service results"),
    "services.import.help": (
        "Tệp xuất từ hệ thống một cửa (XLSX hoặc CSV): dòng tiêu đề, hai dòng tiêu đề cột, mỗi đơn vị một dòng, "
        "dòng tổng cộng. Kiểm tra trước, sau đó mới ghi; chỉ số liệu của các đơn vị có trong tệp được thay, "
        "các đơn vị khác của tháng giữ nguyên. Mỗi lần nhập có thể hoàn tác.",
        "The one-stop system's export (XLSX or CSV): a title row, two header rows, one row per unit, a total row. "
        "Check first, then write; only the figures of the units the file names are replaced, the month's other "
        "units are kept. Every import can be undone.",
    ),
    "services.import.file": ("Tệp số liệu", "Results file"),
    "services.import.check": ("Kiểm tra tệp", "Check the file"),
    "services.import.preview": (
        "Tháng {month}: {rows} dòng, {units} đơn vị khớp danh mục.",
        "Month {month}: {rows} rows, {units} units matched.",
    ),
    "services.import.flagged": ("Các dòng cần sửa ({n})", "Rows to fix ({n})"),
    "services.import.unmatched": ("Đơn vị chưa khớp — chọn đơn vị tương ứng", "Unmatched names — choose the unit"),
    "services.import.commit": ("Ghi số liệu", "Write the figures"),
    "services.import.done": (
        "Lần nhập số {batch}: tháng {month}, thêm {added}, sửa {changed}, giữ nguyên {unchanged}, xóa {removed} "
        "đơn vị.",
        "Import {batch}: {month}, {added} units added, {changed} changed, {unchanged} unchanged, {removed} removed.",
    ),
    "services.import.changes": (
        "Khi ghi: thêm {added} đơn vị, sửa {changed}, giữ nguyên {unchanged}; {kept} đơn vị đã có số liệu tháng này "
        "nhưng không có trong tệp.",
        "On writing: {added} units added, {changed} changed, {unchanged} unchanged; {kept} units of this month are "
        "not in the file.",
    ),
    "services.import.changed_row": ("Sửa {unit}: {figures}", "Change {unit}: {figures}"),
    "services.import.kept": (
        "Giữ nguyên (không có trong tệp): {units}",
        "Kept (not in the file): {units}",
    ),
    "services.import.replace_month": (
        "Thay thế cả tháng: xóa số liệu của các đơn vị không có trong tệp",
        "Replace the whole month: remove the figures of units not in the file",
    ),
    "services.import.map_title": ("Gán cột của tệp", "Place the file's columns"),
    "services.import.map_help": (
        "Chọn cột của tệp chứa từng số liệu (một lần): cách gán được ghi nhớ cho các tệp cùng bố cục.",
        "Choose the file's column for each figure (once): the choice is remembered for files of the same layout.",
    ),
    "services.import.map_first_row": ("Dòng số liệu đầu tiên (số dòng trong tệp)", "First row of figures (its number)"),
    "services.import.map_read": ("Đọc tệp với các cột đã chọn", "Read the file with these columns"),
    "services.import.history": ("Các lần nhập số liệu TTHC", "Imports of service results"),
    "services.import.batch_row": (
        "Lần {id} — {when} — {actor} — {file}: thêm {added}, sửa {changed}, xóa {removed}",
        "Import {id} — {when} — {actor} — {file}: {added} added, {changed} changed, {removed} removed",
    ),
    "services.import.undone": ("(đã hoàn tác)", "(undone)"),
    "services.import.undo": ("Hoàn tác lần nhập", "Undo this import"),
    "services.import.undo_done": ("Đã hoàn tác lần nhập số {batch}.", "Import {batch} was undone."),
    "services.import.undo_kept": (
        "Giữ lại vì một lần nhập sau đã dùng: {records}.",
        "Kept because a later import used it: {records}.",
    ),
    "services.import.ambiguous": (
        "Nhiều đơn vị trong danh mục mang tên này (xếp đầu danh sách): hãy chọn đúng đơn vị.",
        "Several units of the catalogue bear this name (listed first): choose the right one.",
    ),
    "services.import.no_mapping": ("— chưa chọn —", "— not chosen —"),
    "services.scores.title": (
        "Điểm Chỉ số QĐ 766 và mức độ hài lòng tại bộ phận một cửa",
        "QĐ 766 index scores and desk satisfaction",
    ),
    "services.scores.help": (
        "Bảng công bố trên Cổng Dịch vụ công: cột «Đơn vị», các nhóm chỉ số (Công khai, minh bạch; Tiến độ, kết quả "
        "giải quyết; Số hóa hồ sơ; Cung cấp dịch vụ trực tuyến; Mức độ hài lòng) và/hoặc «Rất hài lòng», «Hài lòng», "
        "«Không hài lòng».",
        "The portal's published table: a «Đơn vị» column, the index groups by their Vietnamese names, and/or "
        "«Rất hài lòng», «Hài lòng», «Không hài lòng».",
    ),
    "services.scores.preview": ("Tháng {month}: {rows} đơn vị.", "Month {month}: {rows} units."),
    "services.scores.done": ("Đã ghi điểm và số phiếu của {rows} đơn vị.", "Scores and votes of {rows} units written."),
    "services.ratings.title": ("Lượt đánh giá từ thiết bị tại bộ phận một cửa", "Ratings from the desk device"),
    "services.ratings.help": (
        "Tệp xuất của thiết bị đánh giá, mỗi dòng một lượt: Đơn vị, Thời gian, Mức độ hài lòng "
        "(Rất hài lòng / Hài lòng / Không hài lòng hoặc 3 / 2 / 1). Số lượt được cộng theo đơn vị cho tháng đã chọn "
        "và thay cho số liệu hài lòng trước đó của tháng.",
        "The rating device's export, one row per rating: Unit, Time, Rating (Very satisfied / Satisfied / "
        "Dissatisfied or 3 / 2 / 1). Ratings are counted per unit for the chosen month and replace its earlier counts.",
    ),
    "services.ratings.preview": (
        "Tháng {month}: {n} lượt đánh giá đọc được.",
        "{month}: {n} ratings read.",
    ),
    "services.ratings.done": (
        "Đã ghi {n} lượt đánh giá của {units} đơn vị.",
        "{n} ratings of {units} units written.",
    ),
    "services.nav_published": ("Các tháng đã công khai", "Months published"),
    "services.pub.title": ("Các tháng đã công khai kết quả TTHC", "Months whose service results were published"),
    "services.pub.where": (
        "Văn bản công khai hằng tháng được lập và ban hành ở trang “Công khai kết quả TTHC” (phần Báo cáo); "
        "tháng nào đã ban hành hiện ở đây.",
        "The monthly publication is drafted and issued on the “Monthly publication” page (Reports); "
        "each issued month is listed here.",
    ),
    "services.pub.issued_as": ("{month}: văn bản số {symbol} ngày {day}", "{month}: {symbol} of {day}"),
    "services.pub.none_issued": ("Chưa công khai tháng nào.", "No month published yet."),
    "services.pub.public": ("Trang công khai trên cổng thông tin", "Public page for the portal"),
    "services.pub.public_help": (
        "Khi bật, các tháng đã ban hành xem được không cần đăng nhập tại /public/services/YYYY-MM.html "
        "(chỉ tên đơn vị và số liệu).",
        "When on, issued months can be read without signing in at /public/services/YYYY-MM.html "
        "(unit names and figures only).",
    ),
    "services.pub.public_saved": ("Đã lưu cài đặt trang công khai.", "Public page setting saved."),
    "services.entry.title": ("Nhập, sửa số liệu TTHC", "Enter or correct service results"),
    "services.entry.save": ("Lưu", "Save"),
    "services.entry.saved": (
        "Đã lưu {saved} đơn vị; {unchanged} không đổi.",
        "{saved} units saved; {unchanged} unchanged.",
    ),
    "services.entry.extras": (
        "Mức độ hài lòng tại bộ phận một cửa và điểm Chỉ số QĐ 766 của một đơn vị",
        "Desk satisfaction and QĐ 766 index scores of one unit",
    ),
    "services.entry.unit": ("Đơn vị", "Unit"),
    "services.entry.very_satisfied": ("Rất hài lòng", "Very satisfied"),
    "services.entry.satisfied": ("Hài lòng", "Satisfied"),
    "services.entry.dissatisfied": ("Không hài lòng", "Dissatisfied"),
    "services.entry.save_extras": ("Lưu hài lòng và điểm chỉ số", "Save satisfaction and index scores"),
    "services.entry.extras_saved": ("Đã lưu số liệu của {unit}.", "Figures of {unit} saved."),
    "services.entry.group": ("{name} (tối đa {max})", "{name} (at most {max})"),
    "services.targets.title": ("Chỉ tiêu kết quả giải quyết TTHC", "Public-service targets"),
    "services.targets.year": ("Năm", "Year"),
    "services.targets.save": ("Lưu chỉ tiêu", "Save the targets"),
    "services.targets.saved": ("Đã lưu chỉ tiêu năm {year}.", "Targets for {year} saved."),
    "services.targets.none": ("Chưa đặt", "Not set"),
    # kinds of unit
    "services.nav_unit": ("TTHC của một đơn vị", "A unit's service results"),
    "services.error.unit_not_found": ("Không tìm thấy đơn vị {unit}.", "Unit {unit} not found."),
    "services.unit.title": ("Kết quả giải quyết TTHC của đơn vị", "A unit's public-service results"),
    "services.unit.year": ("Năm", "Year"),
    "services.unit.pick": ("Đơn vị", "Unit"),
    "services.unit.months": ("Số liệu từng tháng", "Month by month"),
    "services.unit.groups": ("Chỉ số phục vụ theo QĐ 766 (điểm từng nhóm)", "QĐ 766 service index (points per group)"),
    "services.unit.group": ("Nhóm chỉ số", "Group"),
    "services.unit.max": ("Điểm tối đa", "Maximum"),
    "services.unit.no_scores": ("Chưa có điểm chỉ số của đơn vị trong năm.", "No index scores of the unit this year."),
    "services.unit.inspections": ("Các cuộc kiểm tra", "Inspections"),
    "services.unit.no_inspections": ("Đơn vị chưa có cuộc kiểm tra nào.", "The unit has no inspections."),
    "services.unit.recommendations": ("Kiến nghị chưa khắc phục", "Open recommendations"),
    "services.unit.no_recommendations": ("Không có kiến nghị nào đang mở.", "No open recommendations."),
    "services.unit.day": ("Ngày", "Day"),
    "services.unit.inspection": ("Cuộc kiểm tra", "Inspection"),
    "services.unit.text": ("Kiến nghị", "Recommendation"),
    "services.unit.deadline": ("Hạn khắc phục", "Deadline"),
    "services.unit.days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "services.kind.department": ("Sở, ban, ngành", "Departments"),
    "services.kind.commune": ("Xã, phường", "Communes and wards"),
    "services.kind.other": ("Đơn vị khác", "Other units"),
    "services.kind.district": ("Quận, huyện", "Districts"),
    "services.kind.city": ("Thành phố", "City"),
    # the audit log's words for the months recorded as issued
    "audit.kind.service_issued_months": ("Tháng đã công khai kết quả TTHC", "Month whose results were published"),
    "audit.field.month": ("Tháng", "Month"),
    "audit.field.register_id": ("Số thứ tự trong sổ văn bản", "Register entry"),
    "audit.field.symbol": ("Số, ký hiệu văn bản", "Document number"),
    "audit.field.sha256": ("Mã băm SHA-256 của tệp", "File SHA-256"),
    "audit.field.recorded_by": ("Người ghi nhận", "Recorded by"),
    "audit.field.recorded_at": ("Ghi nhận lúc", "Recorded at"),
}

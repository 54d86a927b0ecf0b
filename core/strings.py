"""Visible strings of the core slice: key -> (Vietnamese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("CCHC Hà Nội — Tuyên truyền và kiểm tra", "Hà Nội PAR — communication and inspection"),
    "app.office": ("Sở Nội vụ thành phố Hà Nội", "Hà Nội Department of Home Affairs"),
    # navigation
    "nav.section.work": ("Công việc", "Work"),
    "nav.section.inspections": ("Kiểm tra", "Inspections"),
    "nav.section.media": ("Báo chí", "Press"),
    "nav.section.reports": ("Báo cáo", "Reports"),
    "nav.section.admin": ("Quản trị", "Administration"),
    "nav.home": ("Tổng quan", "Overview"),
    "nav.account": ("Tài khoản của tôi", "My account"),
    "nav.users": ("Người dùng", "Users"),
    "nav.units": ("Đơn vị hành chính", "Administrative units"),
    "nav.audit": ("Nhật ký thay đổi", "Audit log"),
    # shell
    "shell.language": ("Ngôn ngữ", "Language"),
    "shell.logout": ("Đăng xuất", "Log out"),
    "shell.signed_in_as": ("Đang đăng nhập: {name} ({role})", "Signed in as {name} ({role})"),
    "role.admin": ("Quản trị viên", "Administrator"),
    "role.staff": ("Chuyên viên", "Staff"),
    "role.inspector": ("Kiểm tra viên", "Inspector"),
    "role.leader": ("Lãnh đạo", "Leadership"),
    # login
    "login.title": ("Đăng nhập", "Sign in"),
    "login.username": ("Tên đăng nhập", "Username"),
    "login.password": ("Mật khẩu", "Password"),
    "login.submit": ("Đăng nhập", "Sign in"),
    "login.intro": ("Vui lòng đăng nhập để tiếp tục.", "Please sign in to continue."),
    "login.csrf_failed": (
        "Biểu mẫu đăng nhập đã hết hạn hoặc không được gửi từ trang này. Vui lòng nhập lại.",
        "The sign-in form expired or was not sent from this site. Please enter your details again.",
    ),
    "logout.title": ("Đăng xuất", "Sign out"),
    "logout.confirm": ("Đăng xuất khỏi ứng dụng trên trình duyệt này?", "Sign out of the app in this browser?"),
    "logout.submit": ("Đăng xuất", "Sign out"),
    "logout.cancel": ("Quay lại", "Go back"),
    "login.sso": ("Đăng nhập bằng tài khoản cơ quan", "Sign in with your organisation account"),
    "login.demo_hint": (
        "Dữ liệu mẫu: tài khoản admin, canbo, kiemtra, lanhdao — mật khẩu xem trong README.",
        "Demo data: accounts admin, canbo, kiemtra, lanhdao — passwords are in the README.",
    ),
    # home
    "home.title": ("Tổng quan", "Overview"),
    "home.welcome": ("Xin chào, {name}.", "Welcome, {name}."),
    "home.units_now": ("Đơn vị hành chính đang hoạt động", "Administrative units in force"),
    "home.users": ("Người dùng", "Users"),
    "home.schema": ("Phiên bản dữ liệu", "Schema version"),
    # account
    "account.title": ("Tài khoản của tôi", "My account"),
    "account.change_password": ("Đổi mật khẩu", "Change password"),
    "account.old_password": ("Mật khẩu hiện tại", "Current password"),
    "account.new_password": ("Mật khẩu mới", "New password"),
    "account.confirm_password": ("Nhập lại mật khẩu mới", "Repeat the new password"),
    "account.password_changed": ("Đã đổi mật khẩu.", "Password changed."),
    "account.password_mismatch": ("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ."),
    "account.save": ("Lưu", "Save"),
    # users
    "users.title": ("Người dùng", "Users"),
    "users.add": ("Thêm người dùng", "Add a user"),
    "users.username": ("Tên đăng nhập", "Username"),
    "users.full_name": ("Họ và tên", "Full name"),
    "users.email": ("Thư điện tử", "E-mail"),
    "users.role": ("Vai trò", "Role"),
    "users.active": ("Đang hoạt động", "Active"),
    "users.password": ("Mật khẩu ban đầu", "Initial password"),
    "users.created": ("Đã tạo người dùng {username}.", "User {username} created."),
    "users.change": ("Thay đổi người dùng", "Change a user"),
    "users.pick": ("Chọn người dùng", "Choose a user"),
    "users.apply": ("Áp dụng", "Apply"),
    "users.updated": ("Đã cập nhật {username}.", "{username} updated."),
    "users.reset_password": ("Đặt lại mật khẩu", "Reset password"),
    "users.last_login": ("Đăng nhập gần nhất", "Last sign-in"),
    # units
    "units.title": ("Đơn vị hành chính", "Administrative units"),
    "units.on_date": ("Đơn vị tồn tại vào ngày", "Units that exist on"),
    "units.show_all": ("Hiện cả đơn vị đã giải thể/sáp nhập", "Show dissolved and merged units too"),
    "units.code": ("Mã", "Code"),
    "units.name": ("Tên đơn vị", "Name"),
    "units.short_name": ("Tên viết tắt", "Short name"),
    "units.kind": ("Loại", "Kind"),
    "units.parent": ("Đơn vị cấp trên", "Parent unit"),
    "units.valid_from": ("Hiệu lực từ", "Valid from"),
    "units.valid_to": ("Hiệu lực đến", "Valid to"),
    "units.successors": ("Đơn vị kế thừa", "Successor units"),
    "units.add": ("Thêm đơn vị", "Add a unit"),
    "units.added": ("Đã thêm đơn vị {code}.", "Unit {code} added."),
    "units.edit": ("Sửa đơn vị", "Edit a unit"),
    "units.updated": ("Đã lưu đơn vị {code}.", "Unit {code} saved."),
    "units.retire": ("Giải thể / sáp nhập đơn vị", "Dissolve or merge a unit"),
    "units.retired": ("Đã cập nhật đơn vị {code}.", "Unit {code} updated."),
    "units.import": ("Nhập danh sách từ CSV", "Import a CSV list"),
    "units.import_help": (
        "Cột bắt buộc: code, name, kind (city, department, district, commune, other). Cột tùy chọn: "
        "short_name, parent_code, valid_from, valid_to, successor_codes (cách nhau bởi dấu ;), note, official_code "
        "(mã hành chính: đơn vị đã có mã này được cập nhật và giữ mã của mình; parent_code và successor_codes "
        "nhận cả mã hành chính).",
        "Required columns: code, name, kind (city, department, district, commune, other). Optional: "
        "short_name, parent_code, valid_from, valid_to, successor_codes (separated by ;), note, official_code "
        "(a unit that already has this official code is updated and keeps its own code; parent_code and "
        "successor_codes accept official codes too).",
    ),
    "units.imported": (
        "Đã nhập: {created} đơn vị mới, {updated} đơn vị cập nhật.",
        "Imported: {created} new, {updated} updated.",
    ),
    "units.export": ("Tải danh sách CSV", "Download the CSV list"),
    "units.official_code": ("Mã hành chính", "Official code"),
    "units.aliases": ("Tên gọi khác", "Other names"),
    "units.aliases_help": (
        "Tên viết tắt hoặc tên thường dùng trong văn bản (“Sở TT&TT”, “VP UBND TP”) và đơn vị mà tên đó chỉ. "
        "Tên gán khi nhập kế hoạch cũng được ghi nhớ ở đây.",
        "Abbreviations and everyday names used in documents (“Sở TT&TT”, “VP UBND TP”) and the unit each means. "
        "Names mapped while importing a plan are remembered here too.",
    ),
    "units.alias": ("Tên gọi khác", "Other name"),
    "units.alias_by": ("Người thêm", "Added by"),
    "units.alias_saved": ("Đã ghi nhớ “{alias}” là đơn vị {code}.", "“{alias}” now means unit {code}."),
    "units.alias_forget": ("Bỏ tên gọi khác", "Remove an other name"),
    "units.alias_forgotten": ("Đã bỏ tên gọi “{alias}”.", "“{alias}” removed."),
    "units.groups": ("Nhóm đơn vị", "Unit groups"),
    "units.groups_help": (
        "Tên gọi chung trong kế hoạch (“Các sở, ban, ngành”, “UBND các xã, phường”): gồm các đơn vị thuộc loại đã "
        "chọn còn tồn tại vào ngày tính, cộng các đơn vị chọn riêng; nhóm cũng có thời hạn hiệu lực.",
        "Collective names in plans (“Các sở, ban, ngành”, “UBND các xã, phường”): the units of the chosen kinds that "
        "exist on the day counted, plus units chosen one by one; a group has its own dates too.",
    ),
    "units.group_pick": ("Sửa nhóm (để trống để thêm nhóm mới)", "Edit a group (leave empty for a new one)"),
    "units.group_other_names": ("Tên gọi khác (cách nhau bởi dấu ;)", "Other names (separated by ;)"),
    "units.group_kinds": ("Gồm mọi đơn vị loại", "All units of kind"),
    "units.group_members": ("Và các đơn vị", "And the units"),
    "units.group_members_on": ("Số đơn vị ngày {day}", "Units on {day}"),
    "units.group_saved": ("Đã lưu nhóm {code}.", "Group {code} saved."),
    "unit_kind.city": ("Thành phố", "City"),
    "unit_kind.department": ("Sở, ban, ngành", "Department"),
    "unit_kind.district": ("Quận, huyện, thị xã", "District"),
    "unit_kind.commune": ("Xã, phường", "Commune/ward"),
    "unit_kind.other": ("Khác", "Other"),
    # office settings
    "nav.office": ("Thông tin cơ quan", "Office details"),
    "office.title": ("Thông tin cơ quan trên văn bản", "Office details on documents"),
    "office.help": (
        "Dùng cho phần đầu, số ký hiệu, nơi nhận và chữ ký của báo cáo (Nghị định 30/2020/NĐ-CP).",
        "Used for the header, number, recipients and signature of reports (Decree 30/2020/NĐ-CP).",
    ),
    "office.parent_body": ("Cơ quan chủ quản", "Parent body"),
    "office.issuing_body": ("Cơ quan ban hành", "Issuing body"),
    "office.doc_symbol": ("Chữ viết tắt cơ quan trong số ký hiệu", "Office abbreviation in document numbers"),
    "office.place": ("Địa danh", "Place name"),
    "office.signer_authority": ("Thẩm quyền ký", "Signing authority"),
    "office.signer_title": ("Chức vụ người ký", "Signer's title"),
    "office.signer_name": ("Họ tên người ký", "Signer's name"),
    "office.recipients": ("Nơi nhận (mỗi dòng một nơi)", "Recipients (one per line)"),
    "office.archive_note": ("Lưu", "Archive note"),
    "office.saved": ("Đã lưu thông tin cơ quan.", "Office details saved."),
    # audit
    "audit.title": ("Nhật ký thay đổi", "Audit log"),
    "audit.table": ("Bảng dữ liệu", "Table"),
    "audit.actor": ("Người thực hiện", "Actor"),
    "audit.action": ("Thao tác", "Action"),
    "audit.since": ("Từ ngày", "From"),
    "audit.until": ("Đến ngày", "To"),
    "audit.at": ("Thời điểm", "When"),
    "audit.record": ("Bản ghi", "Record"),
    "audit.before": ("Trước", "Before"),
    "audit.after": ("Sau", "After"),
    "audit.all": ("(tất cả)", "(all)"),
    "audit.count": ("{n} dòng", "{n} rows"),
    # common
    "common.save": ("Lưu", "Save"),
    "common.saved": ("Đã lưu.", "Saved."),
    "common.cancel": ("Hủy", "Cancel"),
    "common.none": ("Không có dữ liệu.", "No data."),
    "common.yes": ("Có", "Yes"),
    "common.no": ("Không", "No"),
    "common.row": ("Dòng {row}", "Row {row}"),
    # errors
    "error.permission_denied": (
        "Bạn không có quyền thực hiện thao tác này ({action}).",
        "You are not allowed to do this ({action}).",
    ),
    "error.login_failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "error.login_disabled": (
        "Tài khoản đã bị vô hiệu hóa. Liên hệ quản trị viên.",
        "This account is disabled. Contact the administrator.",
    ),
    "error.sso_no_account": (
        "Không có tài khoản nào gắn với địa chỉ {email}. Liên hệ quản trị viên.",
        "No account is linked to {email}. Contact the administrator.",
    ),
    "error.password_too_short": ("Mật khẩu phải có ít nhất {n} ký tự.", "The password needs at least {n} characters."),
    "error.old_password_wrong": ("Mật khẩu hiện tại không đúng.", "The current password is wrong."),
    "error.password_unchanged": (
        "Mật khẩu mới phải khác mật khẩu cũ.",
        "The new password must differ from the old one.",
    ),
    "error.username_invalid": (
        "Tên đăng nhập không được trống hoặc chứa dấu cách, ký tự ẩn hay ký tự điều khiển.",
        "A username cannot be empty or contain spaces, invisible or control characters.",
    ),
    "error.last_admin": (
        "Không thể vô hiệu hóa hoặc đổi vai trò của quản trị viên cuối cùng còn hoạt động.",
        "The last active administrator cannot be disabled or given another role.",
    ),
    "cli.usage": ("Lệnh không hợp lệ ({prog}): {message}", "Invalid command ({prog}): {message}"),
    "cli.year": (
        "{option}: “{value}” không phải năm từ 1900 đến 2100.",
        "{option}: “{value}” is not a year from 1900 to 2100.",
    ),
    "cli.month": (
        "{option}: “{value}” không phải tháng từ 1 đến 12.",
        "{option}: “{value}” is not a month from 1 to 12.",
    ),
    "cli.day": (
        "{option}: “{value}” không phải ngày có thật, dạng YYYY-MM-DD (ví dụ 2026-02-28).",
        "{option}: “{value}” is not a real date in the form YYYY-MM-DD (e.g. 2026-02-28).",
    ),
    "cli.int": (
        "{option}: “{value}” không phải số nguyên từ {minimum} đến {maximum}.",
        "{option}: “{value}” is not a whole number from {minimum} to {maximum}.",
    ),
    "cli.file_missing": ("{option}: không có tệp “{value}”.", "{option}: there is no file “{value}”."),
    "cli.folder_missing": (
        "{option}: thư mục “{folder}” không tồn tại; tạo thư mục trước hoặc chọn nơi khác.",
        "{option}: the folder “{folder}” does not exist; create it first or choose another place.",
    ),
    "cli.output_is_folder": (
        "{option}: “{value}” là một thư mục; cần tên tệp.",
        "{option}: “{value}” is a folder; give a file name.",
    ),
    "cli.output_file": ("{option}: không ghi được vào “{value}”.", "{option}: cannot write to “{value}”."),
    "cli.os_error": ("Không thực hiện được: {message} {path}", "Could not finish: {message} {path}"),
    "error.upload_too_large": (
        "Tệp {name} quá lớn (tối đa {limit} MB); tệp không được lưu.",
        "File {name} is too large (at most {limit} MB); nothing was stored.",
    ),
    "error.upload_empty": ("Tệp {name} rỗng; tệp không được lưu.", "File {name} is empty; nothing was stored."),
    "error.upload_type": (
        "Tệp {name} không phải tệp {kinds} hợp lệ (kiểm tra theo nội dung, không theo đuôi tệp); tệp không được lưu.",
        "File {name} is not a valid {kinds} file (checked by its content, not its extension); nothing was stored.",
    ),
    "error.number_invalid": (
        "Giá trị số không hợp lệ ở trường {field}: {value}.",
        "Invalid number in {field}: {value}.",
    ),
    "error.number_not_finite": (
        "Trường {field} phải là một số hữu hạn (không nhận {value}).",
        "{field} must be a finite number ({value} is not).",
    ),
    "error.number_too_large": (
        "Giá trị ở trường {field} quá lớn (tối đa {maximum}).",
        "{field} is too large (at most {maximum}).",
    ),
    "error.number_too_small": (
        "Giá trị ở trường {field} phải từ {minimum} trở lên.",
        "{field} must be at least {minimum}.",
    ),
    "error.negative_amount": ("Giá trị ở trường {field} không được âm.", "{field} cannot be negative."),
    "error.username_taken": ("Tên đăng nhập {username} đã tồn tại.", "The username {username} is taken."),
    "error.email_taken": (
        "Địa chỉ {email} đã được dùng cho tài khoản khác.",
        "{email} is already used by another account.",
    ),
    "error.role_unknown": ("Vai trò không hợp lệ: {role}.", "Unknown role: {role}."),
    "error.user_not_found": ("Không tìm thấy người dùng {user}.", "User {user} not found."),
    "error.cannot_disable_self": (
        "Không thể tự vô hiệu hóa tài khoản của mình.",
        "You cannot disable your own account.",
    ),
    "error.lang_unknown": ("Ngôn ngữ không hỗ trợ: {lang}.", "Unsupported language: {lang}."),
    "error.date_invalid": (
        "Ngày không hợp lệ ở trường {field}: “{value}”. {row}",
        "Invalid date in {field}: “{value}”. {row}",
    ),
    "error.unit_alias_empty": ("Tên gọi khác của đơn vị đang để trống.", "The unit's other name is empty."),
    "error.unit_alias_not_found": ("Không có tên gọi khác “{alias}”.", "There is no other name “{alias}”."),
    "error.unit_group_not_found": ("Không tìm thấy nhóm đơn vị {code}.", "Unit group {code} not found."),
    "error.unit_official_code_taken": (
        "Mã hành chính {official_code} đã thuộc đơn vị {code}.",
        "Official code {official_code} already belongs to unit {code}.",
    ),
    "error.unit_not_found": ("Không tìm thấy đơn vị {code}.", "Unit {code} not found."),
    "error.unit_code_missing": ("Thiếu mã đơn vị. {row}", "The unit code is missing. {row}"),
    "error.unit_name_missing": ("Thiếu tên đơn vị {code}. {row}", "Unit {code} has no name. {row}"),
    "error.unit_kind_unknown": ("Loại đơn vị không hợp lệ: “{kind}”. {row}", "Unknown unit kind: “{kind}”. {row}"),
    "error.unit_dates_reversed": (
        "Đơn vị {code}: ngày kết thúc trước ngày bắt đầu. {row}",
        "Unit {code}: the end date precedes the start. {row}",
    ),
    "error.unit_code_taken": ("Mã đơn vị {code} đã tồn tại.", "Unit code {code} already exists."),
    "error.unit_parent_unknown": (
        "Không có đơn vị cấp trên mã {code}. {row}",
        "No parent unit with code {code}. {row}",
    ),
    "error.unit_parent_self": (
        "Đơn vị {code} không thể là cấp trên của chính nó.",
        "Unit {code} cannot be its own parent.",
    ),
    "error.unit_successor_self": ("Đơn vị {code} không thể kế thừa chính nó.", "Unit {code} cannot succeed itself."),
    "error.unit_ref_unknown": (
        "Tham chiếu tới mã đơn vị không tồn tại: {code}.",
        "Reference to an unknown unit code: {code}.",
    ),
    "error.office_too_large": (
        "Tệp quá lớn (tối đa {mb} MB).",
        "The file is too large (at most {mb} MB).",
    ),
    "error.office_damaged": (
        "Tệp không phải tệp Word (.docx) hay Excel (.xlsx) hợp lệ, hoặc đã bị hỏng.",
        "The file is not a valid Word (.docx) or Excel (.xlsx) file, or it is damaged.",
    ),
    "error.office_too_many_parts": (
        "Tệp có quá nhiều thành phần (tối đa {n}); hãy lưu lại tệp bằng Word hoặc Excel.",
        "The file has too many parts (at most {n}); save it again with Word or Excel.",
    ),
    "error.office_unpacked_too_large": (
        "Nội dung tệp khi giải nén quá lớn (tối đa {mb} MB).",
        "The file's content is too large once unpacked (at most {mb} MB).",
    ),
    "error.office_ratio": (
        "Tệp bị nén bất thường (hơn {ratio} lần), có thể là tệp độc hại; không đọc tệp này.",
        "The file is compressed abnormally (more than {ratio} times) and may be hostile; it is not read.",
    ),
    "error.office_dtd": (
        "Tệp chứa khai báo DOCTYPE/ENTITY mà tệp Word/Excel không bao giờ có; không đọc tệp này.",
        "The file holds DOCTYPE/ENTITY declarations that Word and Excel never write; it is not read.",
    ),
    "error.office_encoding": (
        "Tệp chứa XML không ở bảng mã UTF-8; hãy lưu lại tệp bằng Word hoặc Excel.",
        "The file holds XML not encoded as UTF-8; save it again with Word or Excel.",
    ),
    "error.office_too_many_rows": (
        "Tệp có quá nhiều dòng (tối đa {n}); hãy chia thành nhiều tệp.",
        "The file has too many rows (at most {n}); split it into several files.",
    ),
    "error.office_too_many_columns": (
        "Bảng có quá nhiều cột (tối đa {n}).",
        "A table has too many columns (at most {n}).",
    ),
    "error.office_too_many_cells": (
        "Trang tính có quá nhiều ô (tối đa {n}), kể cả ô gộp.",
        "A sheet has too many cells (at most {n}), merged cells included.",
    ),
    "error.office_no_sheet": (
        "Không có trang tính “{sheet}” trong tệp.",
        "The file has no sheet “{sheet}”.",
    ),
    "error.file_too_large": ("Tệp quá lớn (tối đa {limit} byte).", "The file is too large (at most {limit} bytes)."),
    "error.csv_not_utf8": ("Tệp CSV phải được lưu với bảng mã UTF-8.", "The CSV file must be saved as UTF-8."),
    "error.csv_missing_columns": ("Tệp CSV thiếu cột: {columns}.", "The CSV file lacks columns: {columns}."),
    "error.csv_empty": ("Tệp CSV không có dòng dữ liệu nào.", "The CSV file has no data rows."),
    "error.csv_duplicate_code": (
        "Mã {code} lặp lại (đã có ở dòng {first}).",
        "Code {code} repeats (first on line {first}).",
    ),
    "error.csv_rejected": (
        "Tệp bị từ chối do có {n} lỗi; chưa có gì được ghi.",
        "The file was refused with {n} errors; nothing was written.",
    ),
    "error.database_busy": (
        "Cơ sở dữ liệu đang bận ghi dữ liệu khác. Thay đổi chưa được lưu; vui lòng thử lại sau ít phút.",
        "The database is busy with another change. Nothing was saved; please try again in a moment.",
    ),
    "error.backup_failed": ("Bản sao lưu không vượt qua kiểm tra toàn vẹn.", "The backup failed its integrity check."),
    "error.restore_not_sqlite": ("Tệp {path} không phải cơ sở dữ liệu SQLite.", "{path} is not an SQLite database."),
    "error.restore_corrupt": (
        "Tệp {path} bị hỏng (kiểm tra toàn vẹn thất bại).",
        "{path} is corrupt (integrity check failed).",
    ),
    "error.restore_foreign": (
        "Tệp {path} không phải cơ sở dữ liệu của ứng dụng này.",
        "{path} is not a database of this app.",
    ),
    "error.restore_migrations": (
        "Tệp {path} không khớp lịch sử cập nhật cấu trúc của phiên bản này (khác ở {migration}); không khôi phục.",
        "{path} does not match this version's migration history (differs at {migration}); nothing restored.",
    ),
    "error.restore_schema": (
        "Tệp {path} có cấu trúc khác với phiên bản này ({difference}); không khôi phục.",
        "{path} has a schema different from this version's ({difference}); nothing restored.",
    ),
    "error.restore_newer": (
        "Tệp {path} thuộc phiên bản dữ liệu mới hơn ({found} > {expected}).",
        "{path} comes from a newer schema ({found} > {expected}).",
    ),
}

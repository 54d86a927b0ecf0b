"""Visible strings of the exports slice: key -> (Vietnamese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "nav.exports": ("Báo cáo", "Reports"),
    "exports.title": ("Báo cáo và bảng tính", "Reports and spreadsheets"),
    "exports.tab.new": ("Lập báo cáo", "New report"),
    "exports.tab.register": ("Sổ báo cáo đã phát hành", "Register of issued reports"),
    "exports.tab.sheets": ("Xuất bảng tính", "Spreadsheets"),
    "exports.tab.templates": ("Mẫu Word", "Word templates"),
    "exports.kind": ("Loại báo cáo", "Report kind"),
    "exports.kind.progress": ("Báo cáo tiến độ kế hoạch tuyên truyền CCHC", "Communication-plan progress report"),
    "exports.kind.cchc": ("Báo cáo định kỳ công tác CCHC", "Periodic CCHC report"),
    "exports.kind.inspection": ("Báo cáo kết quả kiểm tra CCHC, công vụ", "Inspection report"),
    "exports.kind.indices": ("Báo cáo kết quả các chỉ số CCHC", "Reform-indices report"),
    "exports.kind.services-monthly": (
        "Công khai kết quả giải quyết TTHC hằng tháng",
        "Monthly publication of public-service results",
    ),
    "exports.period": ("Kỳ báo cáo", "Period"),
    "exports.period.month": ("Tháng", "Month"),
    "exports.month": ("Tháng", "Month"),
    "exports.period.Q1": ("Quý I", "First quarter"),
    "exports.period.Q2": ("Quý II", "Second quarter"),
    "exports.period.Q3": ("Quý III", "Third quarter"),
    "exports.period.Q4": ("Quý IV", "Fourth quarter"),
    "exports.period.H1": ("6 tháng đầu năm", "First six months"),
    "exports.period.9M": ("9 tháng", "Nine months"),
    "exports.period.year": ("Cả năm", "Whole year"),
    "exports.period.custom": ("Tùy chọn (từ ngày – đến ngày)", "Custom (from – to)"),
    "exports.year": ("Năm", "Year"),
    "exports.from": ("Từ ngày", "From"),
    "exports.to": ("Đến ngày", "To"),
    "exports.period_span": ("Số liệu từ ngày {start} đến ngày {end}.", "Figures from {start} to {end}."),
    "exports.no_data": (
        "Kỳ này không có số liệu; báo cáo sẽ nêu rõ điều đó.",
        "No data in this period; the report will say so.",
    ),
    "exports.m.count": ("Hoạt động", "Activities"),
    "exports.m.done": ("Hoàn thành", "Done"),
    "exports.m.overdue": ("Quá hạn", "Overdue"),
    "exports.m.at_risk": ("Nguy cơ chậm", "At risk"),
    "exports.m.budget_used": ("Kinh phí đã dùng", "Budget used"),
    "exports.narrative": ("Nội dung đánh giá", "Narrative"),
    "exports.narrative_help": (
        "Bản nháp được lập từ số liệu; chỉnh sửa trước khi lập báo cáo.",
        "Drafts are built from the figures; edit them before generating.",
    ),
    "exports.section.assessment": ("Đánh giá, ưu điểm", "Assessment and strengths"),
    "exports.section.limitations": ("Hạn chế và nguyên nhân", "Limitations and causes"),
    "exports.section.next_tasks": ("Nhiệm vụ kỳ tới", "Tasks for the next period"),
    "exports.section.proposals": ("Đề xuất, kiến nghị", "Proposals"),
    "exports.section.causes": ("Nguyên nhân", "Causes"),
    "exports.package.help": (
        "Báo cáo CCHC định kỳ do UBND Thành phố ban hành: Sở trình bằng Tờ trình (TTr-SNV) kèm dự thảo Báo cáo "
        "(BC-UBND). Phát hành là cấp số cho Tờ trình; dự thảo Báo cáo được lưu kèm đúng như đã trình.",
        "The periodic CCHC report is issued by the city: the department submits it with a Tờ trình (TTr-SNV) and "
        "the draft report (BC-UBND). Issuing numbers the Tờ trình; the draft report is kept with it as submitted.",
    ),
    "exports.package.drafted": (
        "Đã tạo dự thảo Tờ trình và dự thảo Báo cáo.",
        "The draft Tờ trình and the draft report are ready.",
    ),
    "exports.package.issued": (
        "Tờ trình số {symbol} đã phát hành, kèm dự thảo Báo cáo đã trình.",
        "Tờ trình {symbol} is issued, with the draft report it submitted.",
    ),
    "exports.package.zip": ("Tải cả hai văn bản (.zip)", "Download both documents (.zip)"),
    "exports.package.submission": ("Tải Tờ trình", "Download the Tờ trình"),
    "exports.package.report": ("Tải dự thảo Báo cáo", "Download the draft report"),
    "exports.profile.addressee": ("Kính gửi (tờ trình)", "Addressed to (submission)"),
    "exports.download_attachment": ("Tải văn bản gửi kèm", "Download the attached document"),
    "exports.error.cchc_issue_package": (
        "Báo cáo CCHC định kỳ do UBND Thành phố ban hành (số …/BC-UBND); Sở Nội vụ phát hành Tờ trình kèm dự thảo"
        " Báo cáo: python -m exports document cchc-package --period {period} --out FILE.zip --issue",
        "The periodic CCHC report is issued by the city (…/BC-UBND); the Sở issues its Tờ trình with the draft"
        " report: python -m exports document cchc-package --period {period} --out FILE.zip --issue",
    ),
    "exports.error.package_type": (
        "Tờ trình gửi kèm báo cáo CCHC phải có loại văn bản TTr (đang là {doc_type}).",
        "The submission sent with the CCHC report must be of type TTr (it is {doc_type}).",
    ),
    "exports.section.submission": ("Đề xuất trong Tờ trình", "Proposals of the submission"),
    "exports.manual_number": ("Tự chọn số báo cáo", "Choose the number by hand"),
    "exports.number": ("Số", "Number"),
    "exports.generate": ("Lập dự thảo", "Make a draft"),
    "exports.drafted": (
        "Đã lập dự thảo (chưa lấy số, chưa vào sổ); có thể lập lại sau khi sửa.",
        "Draft made (no number taken, nothing registered); make it again after editing.",
    ),
    "exports.download_draft": ("Tải dự thảo", "Download the draft"),
    "exports.issue": ("Phát hành (lấy số, ngày)", "Issue (take the number and date)"),
    "exports.generated": ("Đã phát hành báo cáo số {symbol}.", "Report {symbol} issued."),
    "exports.download": ("Tải báo cáo (.docx)", "Download (.docx)"),
    "exports.download_xlsx": ("Tải bảng tính (.xlsx)", "Download (.xlsx)"),
    "exports.register_empty": ("Chưa có báo cáo nào được phát hành.", "No report has been issued yet."),
    "exports.pick": ("Chọn báo cáo để tải lại", "Choose a report to download again"),
    "exports.col.symbol": ("Số, ký hiệu", "Number"),
    "exports.col.issued_on": ("Ngày ban hành", "Issued on"),
    "exports.col.kind": ("Loại", "Kind"),
    "exports.col.title": ("Trích yếu", "Summary"),
    "exports.col.author": ("Người lập", "Author"),
    "exports.col.created_at": ("Thời điểm lập", "Created"),
    "exports.table": ("Bảng dữ liệu", "Table"),
    "exports.table.plans": ("Hoạt động của các kế hoạch", "Plan activities"),
    "exports.table.inspections": ("Các cuộc kiểm tra", "Inspections"),
    "exports.table.recommendations": ("Kiến nghị sau kiểm tra", "Recommendations"),
    "exports.table.coverage": ("Tin, bài báo chí", "Press coverage"),
    "exports.table.indices": ("Kết quả các chỉ số", "Index results"),
    "exports.templates_help": (
        "Tải lên mẫu Word (.docx) dùng thẻ docxtpl, ví dụ {{ symbol }}, {{ summary }}, {{ narrative.assessment }}.",
        "Upload a Word (.docx) template with docxtpl tags, e.g. {{ symbol }}, {{ summary }}, "
        "{{ narrative.assessment }}.",
    ),
    "exports.template_current": ("Đang dùng mẫu: {name}", "Template in use: {name}"),
    "exports.template_builtin": (
        "Đang dùng bố cục mặc định theo Nghị định 30/2020/NĐ-CP.",
        "Using the built-in Decree 30/2020 layout.",
    ),
    "exports.template_upload": ("Tải lên mẫu", "Upload a template"),
    "exports.template_saved": ("Đã lưu mẫu.", "Template saved."),
    "exports.template_reset": ("Dùng lại bố cục mặc định", "Switch back to the built-in layout"),
    "exports.template_reset_done": ("Đã chuyển về bố cục mặc định.", "Switched back to the built-in layout."),
    "exports.chart.theme": ("Nội dung", "Theme"),
    "exports.chart.activities": ("Số hoạt động", "Activities"),
    "exports.chart.status": ("Tình trạng", "Status"),
    # errors
    "exports.warning.signer_missing": (
        "Chưa có họ tên người ký: quản trị viên nhập trong thông tin cơ quan trước khi phát hành.",
        "The signer's name is not set: an administrator enters it in the office settings before issuing.",
    ),
    "exports.error.signer_missing": (
        "Chưa phát hành được: chưa có họ tên người ký. Quản trị viên nhập trong thông tin cơ quan rồi phát hành lại.",
        "Not issued: the signer's name is not set. An administrator enters it in the office settings; "
        "then issue again.",
    ),
    "exports.error.doc_type_unknown": (
        "Loại văn bản không hợp lệ: “{doc_type}”. Dùng BC, KH, QĐ hoặc TB.",
        "Unknown document type “{doc_type}”. Use BC, KH, QĐ or TB.",
    ),
    "exports.error.narrative_file": (
        "Tệp nội dung không đọc được: dùng JSON (mỗi mục một khóa, ví dụ “assessment”) hoặc Markdown, "
        "mỗi mục bắt đầu bằng một tiêu đề “# …”.",
        "The text file cannot be read: use JSON (one key per section, e.g. “assessment”) or Markdown "
        "with a “# …” heading per section.",
    ),
    "exports.error.kind_unknown": ("Loại báo cáo không hợp lệ: {kind}.", "Unknown report kind: {kind}."),
    "exports.error.bad_activity": ("Hoạt động không hợp lệ: {activity}.", "Invalid activity: {activity}."),
    "exports.error.month_needed": (
        "Báo cáo công khai kết quả giải quyết TTHC lập theo tháng: nhập kỳ dạng YYYY-MM (không phải {period}).",
        "The monthly publication is made for a month: give the period as YYYY-MM (not {period}).",
    ),
    "exports.error.month_issued": (
        "Kết quả tháng {month} đã được công khai bằng văn bản số {symbol}.",
        "The results of {month} were already published as {symbol}.",
    ),
    "exports.error.narrative_unknown": (
        "Mục nội dung không hợp lệ: {section}.",
        "Unknown narrative section: {section}.",
    ),
    "exports.error.number_invalid": ("Số báo cáo không hợp lệ: {number}.", "Invalid report number: {number}."),
    "exports.error.number_taken": (
        "Số {number} năm {year} đã được dùng cho một báo cáo khác.",
        "Number {number} of {year} is already used by another report.",
    ),
    "exports.error.report_not_found": ("Không tìm thấy báo cáo {report}.", "Report {report} not found."),
    "exports.error.report_file_missing": (
        "Không còn tệp của báo cáo {symbol}.",
        "The file of report {symbol} is missing.",
    ),
    "exports.error.report_file_altered": (
        "Tệp của báo cáo {symbol} đã bị thay đổi so với bản đã phát hành.",
        "The file of report {symbol} differs from the issued one.",
    ),
    "exports.error.template_not_docx": (
        "Tệp mẫu không phải tệp Word (.docx).",
        "The template is not a Word (.docx) file.",
    ),
    "exports.error.template_too_large": ("Tệp mẫu vượt quá {mb} MB.", "The template is larger than {mb} MB."),
    "exports.error.template_syntax": (
        "Mẫu có thẻ lỗi ở dòng (đoạn) {line}: “{text}” — {message}",
        "The template has a broken tag on line (paragraph) {line}: “{text}” — {message}",
    ),
    "exports.error.template_forbidden": (
        "Mẫu dùng “{what}” — chỉ được dùng dữ liệu của báo cáo và các bộ lọc thông dụng. Thẻ: “{text}”",
        "The template uses “{what}” — only the report's data and common filters are allowed. Tag: “{text}”",
    ),
    "exports.error.template_render": ("Không điền được mẫu: {message}", "The template could not be filled: {message}"),
    "exports.error.template_limit_time": (
        "Mẫu “{name}” cần quá {seconds} giây xử lý để điền nên đã bị dừng;"
        " hãy bỏ bớt vòng lặp lồng nhau hoặc phép nhân chuỗi.",
        "The template “{name}” needed more than {seconds} s of processing to fill and was stopped;"
        " remove nested loops or string multiplication.",
    ),
    "exports.error.template_limit_memory": (
        "Mẫu “{name}” cần quá {mb} MB bộ nhớ để điền nên đã bị dừng; hãy bỏ phép nhân chuỗi hoặc độ rộng quá lớn.",
        "The template “{name}” needed more than {mb} MB of memory to fill and was stopped;"
        " remove string multiplication or huge widths.",
    ),
    "exports.error.template_limit_output": (
        "Mẫu “{name}” tạo ra văn bản lớn hơn {mb} MB nên đã bị dừng.",
        "The template “{name}” produced a document larger than {mb} MB and was stopped.",
    ),
    "exports.error.table_unknown": ("Bảng dữ liệu không hợp lệ: {table}.", "Unknown table: {table}."),
    "exports.error.inspection_plan_not_found": (
        "Không tìm thấy kế hoạch kiểm tra {plan}.",
        "Inspection plan {plan} not found.",
    ),
    "exports.error.document_kind_unknown": ("Loại văn bản không hợp lệ: {kind}.", "Unknown document kind: {kind}."),
    "exports.error.document_needs_plan": (
        "Hãy chọn kế hoạch kiểm tra cho văn bản này.",
        "Choose the inspection plan for this document.",
    ),
    "exports.error.document_needs_inspection": (
        "Hãy chọn cuộc kiểm tra cho thông báo kết luận.",
        "Choose the inspection for the conclusion notice.",
    ),
    "exports.letter.title": ("Công văn đôn đốc", "Reminder letter (công văn đôn đốc)"),
    "exports.letter.draft": (
        "Dự thảo gửi {units} đơn vị chậm gửi, hạn mới {due}.",
        "Draft to {units} late unit(s), new deadline {due}.",
    ),
    "exports.letter.download_draft": ("Tải dự thảo (.docx)", "Download the draft (.docx)"),
    "exports.letter.issued": ("Đã ban hành công văn số {symbol}.", "Letter {symbol} issued."),
    "exports.error.no_late_units": (
        "Không có đơn vị nào chậm gửi: chưa cần công văn đôn đốc.",
        "No unit is late: no reminder letter is needed.",
    ),
    "exports.error.outline_json": (
        "Đề cương không đúng định dạng JSON: {message}",
        "The outline is not valid JSON: {message}",
    ),
    "exports.error.outline_shape": (
        "Đề cương phải có danh sách mục (sections), mỗi mục có danh sách phần (parts).",
        "The outline needs a list of sections, each with a list of parts.",
    ),
    "exports.error.outline_text": (
        "Tiêu đề ở vị trí {where} trống hoặc dài quá 300 ký tự.",
        "The title at {where} is empty or longer than 300 characters.",
    ),
    "exports.error.outline_source": (
        "Nguồn số liệu ở phần {where} không hợp lệ; chỉ dùng: {known}.",
        "Unknown data source in part {where}; use only: {known}.",
    ),
    "exports.error.outline_field": (
        'Phần {where} dùng nguồn "field" nhưng chưa ghi mã lĩnh vực (field) hoặc nội dung kiểm tra (area).',
        'Part {where} uses the "field" source without a field code or inspection area.',
    ),
    "exports.nav_publish": ("Công khai kết quả TTHC", "Monthly publication"),
    "exports.pub.title": ("Công khai kết quả giải quyết TTHC hằng tháng", "Monthly publication of service results"),
    "exports.pub.month": ("Tháng", "Month"),
    "exports.pub.not_issued": (
        "Tháng này chưa ban hành văn bản công khai: văn bản dưới đây là dự thảo, chưa có số.",
        "This month is not issued yet: the document below is a draft without a number.",
    ),
    "exports.pub.draft": ("Tải dự thảo (.docx)", "Download the draft (.docx)"),
    "exports.pub.issue": ("Ban hành (lấy số)", "Issue (take a number)"),
    "exports.pub.issued_now": ("Đã ban hành văn bản số {symbol}.", "Issued as {symbol}."),
    "exports.pub.issued_as": ("Đã ban hành: văn bản số {symbol} ngày {day}.", "Issued: {symbol} of {day}."),
    "exports.pub.evidence": (
        "Văn bản đã được gắn làm minh chứng của hoạt động kế hoạch đã chọn.",
        "The document was attached as evidence of the chosen plan activity.",
    ),
    "exports.tab.documents": ("Văn bản kiểm tra và đề cương", "Inspection documents and outline"),
    "exports.doc.kind": ("Văn bản", "Document"),
    "exports.doc.plan": ("Kế hoạch kiểm tra (KH)", "Inspection plan (KH)"),
    "exports.doc.decision": ("Quyết định thành lập Đoàn kiểm tra (QĐ)", "Decision establishing the team (QĐ)"),
    "exports.doc.notice": ("Thông báo kết luận kiểm tra (TB)", "Conclusion notice (TB)"),
    "exports.doc.inspection_plan": ("Kế hoạch kiểm tra", "Inspection plan"),
    "exports.doc.inspection": ("Cuộc kiểm tra", "Inspection"),
    "exports.doc.build": ("Tạo văn bản", "Build the document"),
    "exports.doc.draft": (
        "Dự thảo: số và ngày để trống cho văn thư điền khi ký ban hành.",
        "Draft: the number and date are left for the clerk to fill when it is signed.",
    ),
    "exports.doc.issued": ("Văn bản đã ban hành: số {number}, ngày {day}.", "Issued document: number {number}, {day}."),
    "exports.outline": (
        "Đề cương báo cáo CCHC (theo hướng dẫn của Bộ Nội vụ)",
        "CCHC report outline (ministry guidance)",
    ),
    "exports.outline_help": (
        "Sửa tiêu đề các mục, phần; nguồn số liệu của mỗi phần là một trong: {known}.",
        "Edit the titles of sections and parts; each part's data sources are among: {known}.",
    ),
    "exports.outline_save": ("Lưu đề cương", "Save the outline"),
    "exports.outline_reset": ("Khôi phục đề cương mặc định", "Restore the default outline"),
    "exports.outline_saved": ("Đã lưu đề cương.", "The outline was saved."),
    "exports.error.issue_late": (
        "Kỳ {period} đã quá hạn báo cáo (hạn {due}); phát hành ngày {day} cần xác nhận.",
        "Period {period} is past its due date ({due}); issuing on {day} needs a confirmation.",
    ),
    "exports.confirm_late": ("Xác nhận phát hành sau thời hạn", "Confirm issuing after the due date"),
    "exports.error.already_replaced": (
        "Văn bản {symbol} đã được thay thế bằng một văn bản khác.",
        "Document {symbol} has already been replaced by another.",
    ),
    "exports.error.profile_field": (
        "Thông tin văn bản không hợp lệ ở mục: {field}.",
        "The document profile is invalid at: {field}.",
    ),
    "exports.error.profile_basis": (
        "Căn cứ dòng {line} cần đủ: tên văn bản | số | ngày (dd/mm/yyyy) | trích yếu.",
        "Legal basis line {line} needs: name | number | date (dd/mm/yyyy) | about.",
    ),
    "exports.error.profile_recipient": (
        "Nơi nhận dòng {line} không hợp lệ (mục tự động: @inspected_unit, @announced_units, @article_3, @plan_units).",
        "Recipient line {line} is invalid (automatic entries: @inspected_unit, @announced_units, @article_3,"
        " @plan_units).",
    ),
    "exports.profile": ("Thông tin ban hành theo loại văn bản", "Who issues each document"),
    "exports.profile.kind": ("Loại văn bản", "Document kind"),
    "exports.profile.help": (
        "Cơ quan ban hành, ký hiệu, căn cứ (mỗi dòng: tên | số | ngày | trích yếu), nơi nhận (mỗi dòng: nơi nhận |"
        " mục đích; mục tự động: @inspected_unit, @announced_units, @article_3, @plan_units) và người ký.",
        "Issuing body, symbol, legal bases (a line each: name | number | date | about), recipients (a line each:"
        " recipient | purpose; automatic entries: @inspected_unit, @announced_units, @article_3, @plan_units) and"
        " the signer.",
    ),
    "exports.profile.parent_body": ("Cơ quan chủ quản", "Parent body"),
    "exports.profile.issuing_body": ("Cơ quan ban hành", "Issuing body"),
    "exports.profile.doc_type": ("Loại (BC, TTr, KH, QĐ, TB, BB)", "Type (BC, TTr, KH, QĐ, TB, BB)"),
    "exports.profile.symbol": ("Ký hiệu cơ quan (SNV, UBND)", "Body symbol (SNV, UBND)"),
    "exports.profile.bases": ("Căn cứ", "Legal bases"),
    "exports.profile.recipients": ("Nơi nhận", "Recipients"),
    "exports.profile.signer_lines": ("Quyền hạn, chức vụ người ký (mỗi dòng một)", "Signer's authority lines"),
    "exports.profile.signer_name": ("Họ tên người ký", "Signer's name"),
    "exports.profile.archive": ("Lưu", "Archive line"),
    "exports.profile.save": ("Lưu thông tin văn bản", "Save the profile"),
    "exports.profile.reset": ("Khôi phục mặc định", "Restore the defaults"),
    "exports.profile.saved": ("Đã lưu thông tin văn bản.", "The profile was saved."),
    "exports.doc.minutes": ("Biên bản kiểm tra (BB)", "Minutes of the visit (BB)"),
    "exports.doc.frozen": (
        "Văn bản đã ban hành {symbol}: tải đúng tệp đã lưu (SHA-256 {sha}).",
        "Issued document {symbol}: the stored file as issued (SHA-256 {sha}).",
    ),
    "exports.doc.replaces": ("Thay thế văn bản đã ban hành", "Replaces the issued document"),
    "exports.doc.warning.decision_late": (
        "Quyết định đề ngày {day}, sau buổi kiểm tra đầu tiên ({first}).",
        "The decision is dated {day}, after the first visit ({first}).",
    ),
    "exports.kind.inspection-plan": ("Kế hoạch kiểm tra", "Inspection plan"),
    "exports.kind.inspection-decision": ("Quyết định thành lập Đoàn kiểm tra", "Decision establishing the team"),
    "exports.kind.inspection-notice": ("Thông báo kết luận kiểm tra", "Conclusion notice"),
    "exports.kind.inspection-minutes": ("Biên bản kiểm tra", "Minutes of the visit"),
    "exports.kind.cchc-submission": ("Tờ trình báo cáo CCHC", "Submission of the CCHC report"),
    "exports.kind.default": ("Báo cáo khác", "Other reports"),
    "exports.error.draft_stale": (
        "Số liệu kỳ {period} đã thay đổi kể từ bản dự thảo đang xem; chưa có gì được ban hành. Hãy xem bản dự thảo "
        "mới rồi ban hành lại.",
        "The figures of {period} changed since the draft being read; nothing was issued. Read the new draft, then "
        "issue again.",
    ),
    "exports.error.replaces_other": (
        "Văn bản {symbol} ({title}) là văn bản khác loại hoặc khác kỳ; văn bản thay thế chỉ thay thế văn bản "
        "cùng loại, cùng kỳ.",
        "Document {symbol} ({title}) is of another kind or period; a replacement replaces only a document of "
        "the same kind and period.",
    ),
    "exports.error.document_issued": (
        "Văn bản này đã ban hành ({symbol}); muốn sửa, ban hành văn bản thay thế.",
        "This document was issued ({symbol}); to correct it, issue a replacement.",
    ),
    "exports.doc.warning.position_missing": (
        "Chưa ghi chức vụ, đơn vị công tác của {name} (trang Thành viên Đoàn kiểm tra, mục Kiểm tra).",
        "No position or unit recorded for {name} (the Inspection team members page).",
    ),
    "exports.doc.warning.plan_not_issued": (
        "Kế hoạch kiểm tra năm {year} mà văn bản này trích dẫn chưa được ban hành trên ứng dụng: số và ngày của "
        "Kế hoạch để trống (…), cần ghi tay trước khi trình ký. Nếu Kế hoạch đã ban hành ngoài ứng dụng, hãy ghi số "
        "và ngày tại trang “Thành viên Đoàn kiểm tra”.",
        "The {year} inspection plan this document cites was not issued in the app: its number and date are left "
        "blank (…) and must be written in by hand before signing. If the plan was issued outside the app, record "
        "its number and date on the “Inspection team members” page.",
    ),
    "exports.doc.warning.decision_not_issued": (
        "Quyết định thành lập Đoàn kiểm tra năm {year} mà văn bản này trích dẫn chưa được ban hành trên ứng dụng: "
        "số và ngày của Quyết định để trống (…), cần ghi tay trước khi trình ký. Nếu Quyết định đã ban hành ngoài "
        "ứng dụng, hãy ghi số và ngày tại trang “Thành viên Đoàn kiểm tra”.",
        "The decision forming the {year} inspection team, which this document cites, was not issued in the app: "
        "its number and date are left blank (…) and must be written in by hand before signing. If the decision "
        "was issued outside the app, record its number and date on the “Inspection team members” page.",
    ),
}

"""Demo data of the reform indices: the field structure of PAR Index (old methodology
and QĐ 876/QĐ-BNV), SIPAS, PAPI and PCI, the city's frameworks for departments and
communes, Hà Nội's results 2021–2025, lead agencies (with the 2025 mergers), and a few
remedial tasks in the latest annual plan.

Published figures from the office's documents are used where known (SIPAS 2021
87,11 %; PAPI 2021 rank 9/63, up 39, e-governance up 21 places; PAR Index 2023
91,43 %, 3rd). Everything else — every maximum and every sub-score — is invented
demo data, and the frameworks and results say so in their notes. Running it twice
adds nothing."""

from __future__ import annotations

from sqlite_utils import Database

from core import units as core_units
from core.permissions import User
from indices import frameworks, leads, remediation, results, store, views
from plans import activities, plans

EXAMPLE_NOTE = (
    "Điểm tối đa trong khung này là ví dụ minh họa (dữ liệu mẫu), không phải điểm chính thức; "
    "hãy nhập khung điểm chính thức hằng năm từ văn bản hướng dẫn."
)
DEMO_SOURCE = "Dữ liệu mẫu"

INDICES = [
    (
        "PAR",
        "Chỉ số cải cách hành chính (PAR Index)",
        "Public Administration Reform Index (PAR Index)",
        "city",
        "Bộ Nội vụ",
    ),
    (
        "SIPAS",
        "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
        "Satisfaction Index of Public Administrative Services (SIPAS)",
        "city",
        "Bộ Nội vụ",
    ),
    (
        "PAPI",
        "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
        "Provincial Governance and Public Administration Performance Index (PAPI)",
        "city",
        "UNDP và các đối tác",
    ),
    ("PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "Provincial Competitiveness Index (PCI)", "city", "VCCI"),
    (
        "PAR-SO",
        "Chỉ số CCHC các sở, ban, ngành thành phố",
        "PAR Index of the city's departments",
        "department",
        "UBND thành phố Hà Nội",
    ),
    ("PAR-XA", "Chỉ số CCHC UBND xã, phường", "PAR Index of communes and wards", "commune", "UBND thành phố Hà Nội"),
]

# (code, parent, name_vi, name_en, max)
PAR_876 = [
    ("LV1", None, "Công tác chỉ đạo, điều hành CCHC", "Direction and management of PAR", 9),
    ("LV1.1", "LV1", "Kế hoạch CCHC", "PAR plan", 2),
    ("LV1.1.1", "LV1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", "Annual PAR plan issued on time", 0.5),
    ("LV1.1.2", "LV1.1", "Mức độ hoàn thành kế hoạch CCHC", "Completion of the PAR plan", 1.5),
    ("LV1.2", "LV1", "Báo cáo CCHC", "PAR reporting", 1),
    ("LV1.3", "LV1", "Kiểm tra CCHC", "PAR inspection", 1.5),
    ("LV1.4", "LV1", "Công tác thông tin, tuyên truyền CCHC", "PAR communication", 1.5),
    ("LV1.5", "LV1", "Sáng kiến, giải pháp mới trong CCHC", "Initiatives in PAR", 1),
    ("LV1.6", "LV1", "Thực hiện nhiệm vụ được giao", "Assigned tasks", 2),
    ("LV2", None, "Cải cách thể chế", "Institutional reform", 8),
    ("LV2.1", "LV2", "Xây dựng, ban hành văn bản quy phạm pháp luật", "Drafting legal documents", 3),
    ("LV2.2", "LV2", "Rà soát, kiểm tra văn bản quy phạm pháp luật", "Reviewing legal documents", 2.5),
    ("LV2.3", "LV2", "Theo dõi thi hành pháp luật", "Monitoring law enforcement", 2.5),
    ("LV3", None, "Cải cách thủ tục hành chính", "Administrative procedure reform", 11.5),
    ("LV3.1", "LV3", "Kiểm soát thủ tục hành chính", "Control of procedures", 3),
    ("LV3.2", "LV3", "Công khai thủ tục hành chính", "Publication of procedures", 2),
    ("LV3.3", "LV3", "Thực hiện cơ chế một cửa, một cửa liên thông", "One-stop mechanisms", 6.5),
    ("LV3.3.1", "LV3.3", "Đưa thủ tục hành chính ra bộ phận một cửa", "Procedures handled at one-stop desks", 2),
    ("LV3.3.2", "LV3.3", "Tỷ lệ hồ sơ giải quyết đúng hạn", "Files settled on time", 3),
    ("LV3.3.3", "LV3.3", "Xin lỗi tổ chức, cá nhân khi giải quyết trễ hẹn", "Apologies for late files", 1.5),
    ("LV4", None, "Cải cách tổ chức bộ máy hành chính nhà nước", "Reform of the administrative apparatus", 7),
    ("LV5", None, "Cải cách chế độ công vụ", "Civil service reform", 10.5),
    ("LV5.1", "LV5", "Vị trí việc làm", "Job positions", 3),
    (
        "LV5.2",
        "LV5",
        "Tuyển dụng, sử dụng, quản lý cán bộ, công chức, viên chức",
        "Recruiting and managing officials",
        4,
    ),
    ("LV5.3", "LV5", "Kỷ luật, kỷ cương hành chính", "Administrative discipline", 3.5),
    ("LV6", None, "Cải cách tài chính công", "Public finance reform", 7.5),
    (
        "LV7",
        None,
        "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
        "E-government and digital government",
        12,
    ),
    ("LV7.1", "LV7", "Cung cấp dịch vụ công trực tuyến", "Online public services", 4),
    ("LV7.2", "LV7", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Digitising files and results", 3),
    ("LV7.3", "LV7", "Ứng dụng công nghệ thông tin trong hoạt động của cơ quan", "IT in the administration's work", 3),
    ("LV7.4", "LV7", "Kết nối, chia sẻ dữ liệu", "Data connection and sharing", 2),
    (
        "LV8",
        None,
        "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội",
        "Impact of PAR on citizens, organisations and development",
        34.5,
    ),
    ("LV8.1", "LV8", "Mức độ hài lòng của người dân, tổ chức (điều tra xã hội học)", "Satisfaction survey", 20),
    ("LV8.2", "LV8", "Tác động đến phát triển kinh tế - xã hội", "Socio-economic impact", 14.5),
]

PAR_OLD = [
    ("LV1", None, "Công tác chỉ đạo, điều hành CCHC", "Direction and management of PAR", 6.5),
    ("LV2", None, "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "Legal documents", 9),
    ("LV3", None, "Cải cách thủ tục hành chính", "Administrative procedure reform", 12),
    ("LV4", None, "Cải cách tổ chức bộ máy hành chính nhà nước", "Reform of the administrative apparatus", 7.5),
    ("LV5", None, "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "Quality of officials", 11),
    ("LV6", None, "Đổi mới cơ chế quản lý tài chính", "Public finance management", 8.5),
    ("LV7", None, "Hiện đại hóa hành chính", "Modernising the administration", 11),
    (
        "LV8",
        None,
        "Tác động của CCHC đến người dân, tổ chức và các chỉ tiêu phát triển kinh tế - xã hội",
        "Impact of PAR",
        34.5,
    ),
]

SIPAS_ELEMENTS = [
    ("TC1", None, "Tiếp cận dịch vụ", "Access to services", 100),
    ("TC2", None, "Thủ tục hành chính", "Procedures", 100),
    ("TC3", None, "Công chức trực tiếp giải quyết công việc", "Officials who handle the files", 100),
    ("TC4", None, "Kết quả giải quyết công việc", "Results", 100),
    ("TC5", None, "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "Receiving and handling feedback", 100),
]

PAPI_DIMENSIONS = [
    ("D1", None, "Tham gia của người dân ở cấp cơ sở", "Participation at local levels", 10),
    (
        "D2",
        None,
        "Công khai, minh bạch trong việc ra quyết định ở địa phương",
        "Transparency in local decision-making",
        10,
    ),
    ("D3", None, "Trách nhiệm giải trình với người dân", "Vertical accountability", 10),
    ("D4", None, "Kiểm soát tham nhũng trong khu vực công", "Control of corruption in the public sector", 10),
    ("D5", None, "Thủ tục hành chính công", "Public administrative procedures", 10),
    ("D6", None, "Cung ứng dịch vụ công", "Public service delivery", 10),
    ("D7", None, "Quản trị môi trường", "Environmental governance", 10),
    ("D8", None, "Quản trị điện tử", "E-governance", 10),
]

PCI_SUBINDICES = [
    ("P1", None, "Gia nhập thị trường", "Market entry", 10),
    ("P2", None, "Tiếp cận đất đai", "Land access", 10),
    ("P3", None, "Tính minh bạch", "Transparency", 10),
    ("P4", None, "Chi phí thời gian", "Time costs", 10),
    ("P5", None, "Chi phí không chính thức", "Informal charges", 10),
    ("P6", None, "Cạnh tranh bình đẳng", "Policy bias (equal competition)", 10),
    ("P7", None, "Tính năng động của chính quyền", "Proactivity", 10),
    ("P8", None, "Dịch vụ hỗ trợ doanh nghiệp", "Business support services", 10),
    ("P9", None, "Đào tạo lao động", "Labour training", 10),
    ("P10", None, "Thiết chế pháp lý và an ninh trật tự", "Legal institutions and security", 10),
]

DEPT_FIELDS = [
    ("SO1", None, "Chỉ đạo, điều hành CCHC", "Direction of PAR", 12),
    ("SO2", None, "Cải cách thể chế", "Institutional reform", 10),
    ("SO3", None, "Cải cách thủ tục hành chính", "Procedure reform", 18),
    ("SO4", None, "Cải cách tổ chức bộ máy", "Apparatus reform", 8),
    ("SO5", None, "Cải cách chế độ công vụ", "Civil service reform", 14),
    ("SO6", None, "Cải cách tài chính công", "Public finance reform", 8),
    ("SO7", None, "Chính quyền số", "Digital government", 14),
    ("SO8", None, "Tác động của CCHC (khảo sát)", "Impact of PAR (survey)", 16),
]

COMMUNE_FIELDS = [
    ("X1", None, "Chỉ đạo, điều hành CCHC", "Direction of PAR", 14),
    ("X2", None, "Cải cách thủ tục hành chính", "Procedure reform", 22),
    ("X3", None, "Cải cách chế độ công vụ", "Civil service reform", 16),
    ("X4", None, "Cải cách tài chính công", "Public finance reform", 8),
    ("X5", None, "Chính quyền số", "Digital government", 16),
    ("X6", None, "Mức độ hài lòng của người dân", "Citizen satisfaction", 24),
]

# index code, framework code, title, from, to, unit, aggregation, max total, nodes
FRAMEWORKS = [
    ("PAR", "PAR 2017–2021", "Bộ chỉ số CCHC cấp tỉnh áp dụng đến năm 2021", 2017, 2021, "points", "sum", 100, PAR_OLD),
    (
        "PAR",
        "QĐ 876/QĐ-BNV",
        "Đề án xác định Chỉ số CCHC (QĐ 876/QĐ-BNV ngày 10/11/2022), giai đoạn 2022–2030",
        2022,
        2030,
        "points",
        "sum",
        100,
        PAR_876,
    ),
    (
        "SIPAS",
        "SIPAS 5 yếu tố",
        "Chỉ số SIPAS: 5 yếu tố của dịch vụ hành chính công",
        2017,
        None,
        "percent",
        "independent",
        100,
        SIPAS_ELEMENTS,
    ),
    (
        "PAPI",
        "PAPI 8 nội dung",
        "PAPI: 8 chỉ số nội dung, mỗi nội dung thang điểm 1–10",
        2018,
        None,
        "points",
        "sum",
        80,
        PAPI_DIMENSIONS,
    ),
    (
        "PCI",
        "PCI 10 chỉ số thành phần",
        "PCI: 10 chỉ số thành phần thang điểm 10, điểm tổng hợp tối đa 100",
        2013,
        None,
        "points",
        "independent",
        100,
        PCI_SUBINDICES,
    ),
    (
        "PAR-SO",
        "Bộ chỉ số sở 2022",
        "Bộ chỉ số CCHC các sở, ban, ngành thành phố Hà Nội",
        2022,
        None,
        "points",
        "sum",
        100,
        DEPT_FIELDS,
    ),
    (
        "PAR-XA",
        "QĐ 2940/QĐ-UBND",
        "Bộ chỉ số CCHC UBND cấp xã (QĐ 2940/QĐ-UBND năm 2022)",
        2022,
        None,
        "points",
        "sum",
        100,
        COMMUNE_FIELDS,
    ),
]

# PAR Index of the city: (year, published total, rank, of, change, source, points lost per leaf — the survey
# node LV8.1 takes whatever the listed losses leave to reach the total).
PAR_RESULTS = [
    (2021, 89.12, 7, 63, 2, DEMO_SOURCE, {"LV1": 0.5, "LV2": 0.75, "LV3": 1.25, "LV5": 0.5, "LV6": 0.25, "LV7": 2.0}),
    (
        2022,
        88.65,
        9,
        63,
        -2,
        DEMO_SOURCE,
        {"LV1.3": 0.5, "LV2.2": 0.5, "LV3.3.2": 1.0, "LV5.2": 0.75, "LV7.2": 1.5, "LV7.4": 0.75, "LV8.2": 1.5},
    ),
    (
        2023,
        91.43,
        3,
        63,
        6,
        "Báo cáo Chỉ số CCHC năm 2023 (Bộ Nội vụ); điểm thành phần: dữ liệu mẫu",
        {"LV1.3": 0.5, "LV2.2": 0.25, "LV3.3.2": 0.75, "LV5.2": 0.5, "LV7.2": 1.25, "LV7.4": 0.5, "LV8.2": 1.0},
    ),
    (
        2024,
        90.85,
        5,
        63,
        -2,
        DEMO_SOURCE,
        {"LV1.4": 0.5, "LV3.3.2": 0.5, "LV3.3.3": 0.5, "LV5.3": 0.5, "LV7.2": 1.5, "LV7.4": 0.75, "LV8.2": 1.25},
    ),
    (
        2025,
        92.10,
        2,
        34,
        3,
        DEMO_SOURCE,
        {"LV1.4": 0.25, "LV3.3.2": 0.5, "LV5.3": 0.25, "LV7.2": 1.0, "LV7.4": 0.75, "LV8.2": 1.0},
    ),
]

SIPAS_RESULTS = [  # year, total %, element scores %, source
    (
        2021,
        87.11,
        (88.02, 86.40, 88.95, 87.60, 84.58),
        "Báo cáo kết quả SIPAS 2021 (Bộ Nội vụ); điểm yếu tố: dữ liệu mẫu",
    ),
    (2022, 84.62, (85.90, 83.70, 86.30, 85.10, 82.10), DEMO_SOURCE),
    (2023, 85.35, (86.40, 84.60, 86.90, 85.80, 83.05), DEMO_SOURCE),
    (2024, 86.20, (87.10, 85.30, 87.70, 86.60, 84.30), DEMO_SOURCE),
    (2025, 87.45, (88.20, 86.80, 88.90, 87.70, 85.65), DEMO_SOURCE),
]

PAPI_RESULTS = [  # year, rank, of, change, dimension scores D1..D8, e-governance rank change, source
    (
        2021,
        9,
        63,
        39,
        (5.12, 5.31, 4.42, 6.84, 7.33, 7.61, 3.62, 3.91),
        21,
        "Báo cáo PAPI 2021 (UNDP); điểm nội dung: dữ liệu mẫu",
    ),
    (2022, 12, 63, -3, (5.05, 5.22, 4.38, 6.71, 7.30, 7.55, 3.48, 4.12), None, DEMO_SOURCE),
    (2023, 15, 63, -3, (4.98, 5.10, 4.30, 6.80, 7.28, 7.49, 3.40, 4.35), None, DEMO_SOURCE),
    (2024, 10, 63, 5, (5.20, 5.35, 4.51, 6.92, 7.40, 7.70, 3.55, 4.80), None, DEMO_SOURCE),
    (2025, 6, 34, 4, (5.31, 5.44, 4.60, 7.01, 7.52, 7.78, 3.70, 5.12), None, DEMO_SOURCE),
]

PCI_RESULTS = [  # year, composite, rank, of, sub-index scores P1..P10
    (2021, 68.26, 9, 63, (7.40, 5.95, 6.80, 6.90, 6.30, 6.35, 6.05, 7.20, 7.35, 6.95)),
    (2022, 69.05, 8, 63, (7.45, 6.02, 6.88, 7.00, 6.41, 6.40, 6.20, 7.30, 7.40, 7.02)),
    (2023, 69.60, 7, 63, (7.52, 6.10, 6.95, 7.05, 6.48, 6.51, 6.33, 7.35, 7.46, 7.10)),
    (2024, 70.31, 6, 63, (7.60, 6.18, 7.02, 7.12, 6.55, 6.60, 6.45, 7.42, 7.50, 7.18)),
    (2025, 71.02, 5, 34, (7.66, 6.25, 7.10, 7.20, 6.62, 6.70, 6.58, 7.50, 7.55, 7.25)),
]

DEPT_RESULTS = [  # year, unit code, rank, of, field scores SO1..SO8
    (2024, "SNV", 2, 21, (11.5, 9.5, 17.0, 8.0, 13.5, 7.5, 12.5, 14.2)),
    (2024, "STP", 4, 21, (11.0, 10.0, 16.5, 7.5, 13.0, 7.5, 12.0, 13.8)),
    (2024, "STTTT", 6, 21, (10.5, 9.0, 16.0, 7.5, 12.5, 7.0, 13.5, 13.1)),
    (2025, "SNV", 1, 17, (12.0, 9.5, 17.5, 8.0, 14.0, 7.5, 13.0, 14.6)),
    (2025, "STP", 3, 17, (11.5, 10.0, 16.5, 7.5, 13.5, 8.0, 12.5, 14.0)),
    (2025, "SKHCN", 5, 17, (11.0, 9.0, 16.0, 7.5, 13.0, 7.5, 13.0, 13.4)),
]

COMMUNE_RESULTS = [  # year, unit code, field scores X1..X6
    (2025, "P-HK", (13.5, 20.5, 15.0, 7.5, 14.5, 21.6)),
    (2025, "P-BD", (13.0, 21.0, 14.5, 7.5, 14.0, 21.2)),
    (2025, "X-DA", (12.5, 19.0, 14.0, 7.0, 12.5, 20.1)),
]

_MERGE_END, _MERGE_START = "2025-02-28", "2025-03-01"
# index code, framework code, node code, [(unit code, valid_from, valid_to)]
LEADS = [
    *[
        ("PAR", fw, code, [(unit, "2017-01-01", None)])
        for fw in ("PAR 2017–2021", "QĐ 876/QĐ-BNV")
        for code, unit in (
            ("LV1", "SNV"),
            ("LV2", "STP"),
            ("LV3", "VP-UBND"),
            ("LV4", "SNV"),
            ("LV5", "SNV"),
            ("LV6", "STC"),
            ("LV8", "SNV"),
        )
    ],
    ("PAR", "QĐ 876/QĐ-BNV", "LV2.3", [("STP", "2017-01-01", None)]),
    ("PAR", "QĐ 876/QĐ-BNV", "LV3.1", [("VP-UBND", "2017-01-01", None)]),
    *[
        ("PAR", fw, "LV7", [("STTTT", "2017-01-01", _MERGE_END), ("SKHCN", _MERGE_START, None)])
        for fw in ("PAR 2017–2021", "QĐ 876/QĐ-BNV")
    ],
    *[("SIPAS", "SIPAS 5 yếu tố", code, [("SNV", "2017-01-01", None)]) for code, *_ in SIPAS_ELEMENTS],
    *[
        ("PAPI", "PAPI 8 nội dung", code, [(unit, "2018-01-01", None)])
        for code, unit in (
            ("D1", "SNV"),
            ("D2", "SNV"),
            ("D3", "TTTP"),
            ("D4", "TTTP"),
            ("D5", "VP-UBND"),
            ("D6", "SNV"),
        )
    ],
    ("PAPI", "PAPI 8 nội dung", "D8", [("STTTT", "2018-01-01", _MERGE_END), ("SKHCN", _MERGE_START, None)]),
    *[
        ("PCI", "PCI 10 chỉ số thành phần", code, [("SKHDT", "2013-01-01", _MERGE_END), ("STC", _MERGE_START, None)])
        for code, *_ in PCI_SUBINDICES
    ],
]

# Remedial tasks answering the largest losses of PAR Index: node codes (the first one present in the
# framework of the losses is used: QĐ 876 sub-criterion, else the old field), title, expected effect, status.
REMEDIES = [
    (
        ("LV7.2", "LV7"),
        "Đẩy mạnh số hóa hồ sơ, kết quả giải quyết TTHC tại bộ phận một cửa các cấp",
        "Tỷ lệ số hóa hồ sơ đạt trên 90 %, thu hồi điểm tiêu chí số hóa",
        "in_progress",
    ),
    (
        ("LV7.4", "LV7"),
        "Hoàn thành kết nối Hệ thống thông tin giải quyết TTHC với Cơ sở dữ liệu quốc gia về dân cư",
        "Dữ liệu dân cư được khai thác cho 100 % TTHC liên quan",
        "not_started",
    ),
    (
        ("LV3.3.2", "LV3"),
        "Rà soát, xử lý hồ sơ trễ hạn; công khai xin lỗi theo quy định",
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98 %",
        "done",
    ),
    (
        ("LV8.2", "LV8"),
        "Tuyên truyền kết quả CCHC tác động đến phát triển kinh tế - xã hội của Thủ đô",
        "Người dân, doanh nghiệp biết và đánh giá cao kết quả CCHC",
        "in_progress",
    ),
    (
        ("LV1.4", "LV1"),
        "Đổi mới hình thức tuyên truyền CCHC trên mạng xã hội và màn hình LED tại bộ phận một cửa",
        "Thu hồi điểm tiêu chí tuyên truyền CCHC",
        "done",
    ),
]


def _unit_id(db: Database, code: str) -> int | None:
    row = core_units.find_unit(db, code)
    return row["id"] if row else None


def _node(db: Database, index_code: str, framework_code: str, node_code: str) -> dict | None:
    index = store.index_by_code(db, index_code)
    framework = store.framework_by_code(db, index["id"], framework_code)
    return next((n for n in store.list_nodes(db, framework["id"]) if n["code"] == node_code), None)


def _par_scores(nodes: list[tuple], total: float, losses: dict[str, float]) -> list[dict]:
    parents = {p for _c, p, *_ in nodes if p}
    leaves = [(code, maximum) for code, _p, _n, _e, maximum in nodes if code not in parents]
    lost = dict(losses)
    lost["LV8.1" if any(c == "LV8.1" for c, _ in leaves) else "LV8"] = round(100 - total - sum(losses.values()), 4)
    rows = []
    for code, maximum in leaves:
        score = round(maximum - lost.get(code, 0), 4)
        row = {"node_code": code, "score": score}
        if not code.startswith("LV8"):  # the self-assessed part, appraised by the ministry
            row.update(
                self_score=maximum if code in losses else score,
                appraised_score=score,
                evidence=f"Hồ sơ kiểm chứng {code} (dữ liệu mẫu)",
            )
        rows.append(row)
    return rows


def install_frameworks(db: Database, actor: User) -> tuple[int, int]:
    """The demo's indices and their frameworks (with their criteria), each created when it is
    missing; (indices, frameworks) created."""
    made_indices = made_frameworks = 0
    for code, name_vi, name_en, subject_kind, publisher in INDICES:
        if store.index_by_code(db, code) is None:
            frameworks.create_index(
                db, actor, code=code, name_vi=name_vi, name_en=name_en, subject_kind=subject_kind, publisher=publisher
            )
            made_indices += 1
    for index_code, fw_code, title, start, end, unit, aggregation, max_total, nodes in FRAMEWORKS:
        index = store.index_by_code(db, index_code)
        if store.framework_by_code(db, index["id"], fw_code) is None:
            frameworks.create_framework(
                db,
                actor,
                index["id"],
                code=fw_code,
                title=title,
                from_year=start,
                to_year=end,
                unit=unit,
                aggregation=aggregation,
                max_total=max_total,
                note=EXAMPLE_NOTE,
                nodes=[
                    {"code": c, "parent_code": p, "name_vi": n, "name_en": e, "max_points": m}
                    for c, p, n, e, m in nodes
                ],
            )
            made_frameworks += 1
    return made_indices, made_frameworks


def _build_indices(db: Database, actor: User) -> dict:
    counts = {"indices": 0, "frameworks": 0, "index_results": 0, "index_leads": 0}
    counts["indices"], counts["frameworks"] = install_frameworks(db, actor)
    city = _unit_id(db, "HN")

    def save(index_code: str, year: int, subject: int | None, scores: list[dict], **header) -> None:
        index = store.index_by_code(db, index_code)
        if subject is None or store.find_result(db, index["id"], year, subject):
            return
        # Results of a year are announced in the spring of the next (PAR Index, SIPAS, PAPI, PCI).
        header.setdefault("published_on", f"{year + 1}-05-15")
        results.save_result(db, actor, index["id"], year, subject, scores=scores, **header)
        counts["index_results"] += 1

    for year, total, rank, of, change, source, losses in PAR_RESULTS:
        save(
            "PAR",
            year,
            city,
            _par_scores(PAR_OLD if year <= 2021 else PAR_876, total, losses),
            total_score=total,
            rank=rank,
            ranked_of=of,
            rank_change=change,
            source=source,
        )
    for year, total, elements, source in SIPAS_RESULTS:
        save(
            "SIPAS",
            year,
            city,
            [{"node_code": c[0], "score": s} for c, s in zip(SIPAS_ELEMENTS, elements, strict=False)],
            total_score=total,
            source=source,
        )
    for year, rank, of, change, dims, egov_change, source in PAPI_RESULTS:
        scores = [{"node_code": c[0], "score": s} for c, s in zip(PAPI_DIMENSIONS, dims, strict=False)]
        if egov_change is not None:
            scores[-1]["rank_change"] = egov_change
        save("PAPI", year, city, scores, rank=rank, ranked_of=of, rank_change=change, source=source)
    for year, total, rank, of, subs in PCI_RESULTS:
        save(
            "PCI",
            year,
            city,
            [{"node_code": c[0], "score": s} for c, s in zip(PCI_SUBINDICES, subs, strict=False)],
            total_score=total,
            rank=rank,
            ranked_of=of,
            source=DEMO_SOURCE,
        )
    for year, unit, rank, of, fields in DEPT_RESULTS:
        save(
            "PAR-SO",
            year,
            _unit_id(db, unit),
            [{"node_code": c[0], "score": s} for c, s in zip(DEPT_FIELDS, fields, strict=False)],
            rank=rank,
            ranked_of=of,
            source=DEMO_SOURCE,
        )
    for year, unit, fields in COMMUNE_RESULTS:
        save(
            "PAR-XA",
            year,
            _unit_id(db, unit),
            [{"node_code": c[0], "score": s} for c, s in zip(COMMUNE_FIELDS, fields, strict=False)],
            source=DEMO_SOURCE,
        )
    for index_code, fw_code, node_code, periods in LEADS:
        node = _node(db, index_code, fw_code, node_code)
        if node is None or leads.lead_history(db, node["id"]):
            continue
        for unit, start, end in periods:
            unit_id = _unit_id(db, unit)
            if unit_id:
                leads.set_lead(db, actor, node["id"], unit_id, start, end)
                counts["index_leads"] += 1
    return counts


def _target_plan(db: Database) -> dict | None:
    annual = plans.annual_plans(db)
    return next((p for p in annual if p["year"] == 2026), None) or (
        max(annual, key=lambda p: (p["year"], p["id"])) if annual else None
    )


def _build_remedies(db: Database, actor: User) -> int:
    plan = _target_plan(db)
    if plan is None:
        return 0
    par = store.index_by_code(db, "PAR")
    years = results.result_years(db, par["id"], _unit_id(db, "HN"))
    earlier = [y for y in years if y < plan["year"]]
    year = max(earlier) if earlier else min(years)
    framework = frameworks.framework_for(db, par["id"], year)
    nodes = {n["code"]: n for n in store.list_nodes(db, framework["id"])}
    existing = {
        (a["index_node_id"], a["title"]) for a in activities.index_node_activities(db) if a["plan_id"] == plan["id"]
    }
    result = store.find_result(db, par["id"], year, _unit_id(db, "HN"))
    lost = {
        r["code"] for r in views.result_view(db, actor, par["id"], year, result["subject_unit_id"])["rows"] if r["lost"]
    }
    added = 0
    for codes, title, effect, status in REMEDIES:
        node = next((nodes[c] for c in codes if c in nodes and c in lost), None)
        if node is None or (node["id"], title) in existing:
            continue
        activity = remediation.create_remedy(
            db,
            actor,
            node["id"],
            title=title,
            expected_effect=effect,
            year=plan["year"],
            deadline=f"{plan['year']}-11-30",
        )
        if status != "not_started":
            activities.change_status(db, actor, activity["id"], status, on_date=f"{plan['year']}-06-30")
        existing.add((node["id"], title))
        added += 1
    return added


def build(db: Database, actor: User) -> dict:
    """Add the indices, frameworks, results, leads and remedies that are missing; return counts added."""
    counts = _build_indices(db, actor)
    counts["remedial_tasks"] = _build_remedies(db, actor)
    return counts

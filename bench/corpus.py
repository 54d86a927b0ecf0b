"""Vietnamese words the generator builds its text from: activity titles per theme, findings
and recommendations of inspections, news outlets and headlines. All NFC, with diacritics;
outlets are the real ones of the office's feed list (DOMAIN.md) and the city's press."""

from __future__ import annotations

import random

# (outlet, host, source kind, feed sections): the feeds the office reads.
OUTLETS = [
    ("Báo Điện tử Chính phủ", "baochinhphu.vn", "government_portal", ["thoi-su", "chinh-sach", "dia-phuong"]),
    ("Xây dựng chính sách, pháp luật", "xaydungchinhsach.chinhphu.vn", "government_portal", ["tin-tuc"]),
    ("Văn bản Chính phủ", "vanban.chinhphu.vn", "government_portal", ["home"]),
    ("Báo Nhân Dân", "nhandan.vn", "national_press", ["home", "chinhtri", "xahoi"]),
    ("VietnamPlus", "vietnamplus.vn", "national_press", ["home", "chinh-tri", "xa-hoi"]),
    ("VnExpress", "vnexpress.net", "national_press", ["thoi-su", "phap-luat"]),
    ("Tuổi Trẻ", "tuoitre.vn", "national_press", ["tin-moi-nhat", "thoi-su"]),
    ("Báo Hànộimới", "hanoimoi.vn", "city_press", ["chinh-tri", "xa-hoi", "do-thi", "ban-doc"]),
    ("Kinh tế và Đô thị", "kinhtedothi.vn", "city_press", ["chinh-tri", "xa-hoi", "do-thi"]),
    ("An ninh Thủ đô", "anninhthudo.vn", "city_press", ["thoi-su", "xa-hoi"]),
    ("Hà Nội Online", "hanoionline.vn", "city_press", ["thoi-su", "xa-hoi"]),
    ("Báo Lao Động", "laodong.vn", "national_press", ["thoi-su", "xa-hoi"]),
    ("Báo Thanh Niên", "thanhnien.vn", "national_press", ["thoi-su", "chinh-tri"]),
    ("Dân trí", "dantri.com.vn", "national_press", ["xa-hoi", "thoi-su"]),
    ("VietNamNet", "vietnamnet.vn", "national_press", ["thoi-su", "chinh-tri"]),
    ("Báo Tiền Phong", "tienphong.vn", "national_press", ["xa-hoi", "thoi-su"]),
    ("Báo Pháp luật Việt Nam", "baophapluat.vn", "national_press", ["thoi-su", "phap-luat"]),
    ("Báo Đại biểu Nhân dân", "daibieunhandan.vn", "national_press", ["chinh-tri", "xa-hoi"]),
    ("Cổng thông tin Bộ Nội vụ", "moha.gov.vn", "government_portal", ["tin-tuc"]),
    ("Cổng thông tin điện tử Hà Nội", "hanoi.gov.vn", "government_portal", ["tin-tuc", "cai-cach-hanh-chinh"]),
]

# Activity titles per theme code (ND1..ND6 of the plan); {unit} and {year} are filled in.
ACTIVITY_TITLES = {
    "ND1": [
        "Tuyên truyền Nghị quyết của Thành ủy về cải cách hành chính năm {year}",
        "Chuyên mục “Cải cách hành chính” trên {outlet}",
        "Phóng sự về trách nhiệm người đứng đầu trong công tác CCHC tại {unit}",
        "Quán triệt Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030",
        "Tuyên truyền Kế hoạch CCHC năm {year} của Thành phố trên Cổng thông tin điện tử",
        "Tọa đàm “Người đứng đầu với cải cách hành chính” tại {unit}",
    ],
    "ND2": [
        "Tuyên truyền kết quả Chỉ số SIPAS {prev} và giải pháp nâng cao sự hài lòng",
        "Phổ biến Bộ chỉ số CCHC năm {year} đến cán bộ đầu mối của {unit}",
        "Tuyên truyền việc rà soát văn bản quy phạm pháp luật của {unit}",
        "Giới thiệu Luật Thủ đô (sửa đổi) trên sóng phát thanh, truyền hình",
        "Khảo sát, đo lường sự hài lòng của người dân tại {unit}",
        "Tin, bài về đánh giá Chỉ số CCHC các sở, ban, ngành năm {prev}",
    ],
    "ND3": [
        "Pa-nô, màn hình LED hướng dẫn thủ tục hành chính tại bộ phận một cửa {unit}",
        "Công khai kết quả giải quyết TTHC hằng tháng của {unit}",
        "Tuyên truyền cơ chế một cửa, một cửa liên thông trên mạng xã hội",
        "Hướng dẫn người dân phản ánh, kiến nghị về quy định hành chính",
        "Video ngắn giới thiệu thủ tục hành chính được cắt giảm, đơn giản hóa năm {year}",
        "Tờ gấp hướng dẫn thủ tục đăng ký hộ tịch, đất đai tại {unit}",
    ],
    "ND4": [
        "Hội nghị tập huấn nghiệp vụ CCHC cho công chức {unit}",
        "Tuyên truyền kỷ luật, kỷ cương hành chính và văn hóa công vụ",
        "Tuyên truyền kết quả thi tuyển chức danh lãnh đạo, quản lý năm {year}",
        "Tin, bài về kiểm tra công vụ và chấn chỉnh lề lối làm việc tại {unit}",
        "Phổ biến cơ chế tự chủ của đơn vị sự nghiệp công lập",
        "Sinh hoạt chuyên đề về đạo đức công vụ tại {unit}",
    ],
    "ND5": [
        "Tuyên truyền dịch vụ công trực tuyến toàn trình trên mạng xã hội",
        "Tuyên truyền Đề án 06 về dữ liệu dân cư, định danh và xác thực điện tử",
        "Hướng dẫn thanh toán trực tuyến phí, lệ phí TTHC tại {unit}",
        "Tuyên truyền số hóa hồ sơ, kết quả giải quyết TTHC của {unit}",
        "Chuyên mục “Chính quyền số” trên {outlet}",
        "Clip hướng dẫn sử dụng Cổng dịch vụ công Thành phố",
    ],
    "ND6": [
        "Cuộc thi tìm hiểu cải cách hành chính thành phố Hà Nội năm {year}",
        "Giới thiệu mô hình hay, gương điển hình trong CCHC tại {unit}",
        "Tuyên truyền kết quả PAR Index, SIPAS, PAPI, PCI năm {prev}",
        "Hội nghị tổng kết công tác tuyên truyền CCHC năm {year}",
        "Phóng sự về sáng kiến cải cách hành chính của {unit}",
        "Tin, bài về kết quả cải cách hành chính 6 tháng đầu năm {year}",
    ],
}

OUTPUTS = [  # output, target unit, target range
    ("Tin, bài trên chuyên mục", "tin bài", (6, 48)),
    ("Phóng sự phát sóng", "phóng sự", (2, 12)),
    ("Pa-nô, clip LED", "điểm", (5, 60)),
    ("Lớp tập huấn", "lớp", (1, 6)),
    ("Bài đăng, video ngắn", "bài đăng", (12, 96)),
    ("Hội nghị", "hội nghị", (1, 4)),
    ("Tờ gấp, tài liệu", "nghìn tờ", (2, 20)),
    (None, None, None),  # measured in percent
    (None, None, None),
]

PROGRESS_NOTES = [
    "Đã đăng tải tin, bài theo kế hoạch.",
    "Đang phối hợp với cơ quan báo chí triển khai.",
    "Hoàn thành nội dung, chờ phát sóng.",
    "Đã tổ chức theo kế hoạch, có báo cáo kết quả.",
    "Chậm so với tiến độ do điều chỉnh nội dung.",
    None,
    None,
]

REASONS = [
    ("Dịch bệnh, thời tiết không thuận lợi, không tổ chức được hoạt động tập trung", "objective"),
    ("Nội dung được lồng ghép vào hội nghị sơ kết của Thành phố", "subjective"),
    ("Chưa bố trí được kinh phí theo dự toán", "objective"),
    ("Đơn vị chủ trì chậm xây dựng kế hoạch chi tiết", "subjective"),
    ("Sắp xếp tổ chức bộ máy, đơn vị chủ trì thay đổi", "objective"),
]

FINDINGS = {
    "strength": [
        "Công khai đầy đủ thủ tục hành chính trên Cổng dịch vụ công.",
        "Ban hành kế hoạch CCHC năm đúng thời hạn, có phân công cụ thể.",
        "Chấp hành tốt giờ giấc làm việc, thái độ phục vụ người dân.",
        "Số hóa kết quả giải quyết TTHC đạt tỷ lệ cao.",
        "Tổ chức tốt tuyên truyền CCHC trên hệ thống truyền thanh cơ sở.",
        "Bộ phận một cửa bố trí khoa học, có khu vực hướng dẫn dịch vụ công trực tuyến.",
    ],
    "shortcoming": [
        "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp ({n}%).",
        "Còn {n} hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi.",
        "Bộ phận một cửa chưa niêm yết số điện thoại đường dây nóng.",
        "Chưa cập nhật cơ sở dữ liệu cán bộ, công chức.",
        "Chậm công bố kết quả giải quyết TTHC hằng tháng.",
        "Báo cáo CCHC định kỳ gửi chậm so với quy định.",
        "Chưa số hóa hồ sơ đầu vào đối với {n}% hồ sơ tiếp nhận trực tiếp.",
        "Hồ sơ lưu trữ chưa đầy đủ phiếu kiểm soát quá trình giải quyết.",
        "Một số văn bản quy phạm pháp luật chưa được rà soát kịp thời.",
    ],
}

RECOMMENDATIONS = [
    "Đẩy mạnh tiếp nhận hồ sơ trực tuyến toàn trình; báo cáo kết quả về Sở Nội vụ.",
    "Gửi văn bản xin lỗi đối với hồ sơ quá hạn; báo cáo kết quả khắc phục.",
    "Niêm yết số điện thoại đường dây nóng tại bộ phận một cửa.",
    "Cập nhật đầy đủ cơ sở dữ liệu cán bộ, công chức.",
    "Công bố kết quả giải quyết TTHC đúng hạn hằng tháng.",
    "Thực hiện số hóa hồ sơ đầu vào theo quy định.",
    "Rà soát, bổ sung phiếu kiểm soát quá trình giải quyết hồ sơ.",
    "Chấn chỉnh việc gửi báo cáo CCHC định kỳ đúng hạn.",
    "Rà soát văn bản quy phạm pháp luật thuộc lĩnh vực quản lý.",
    "Tăng cường kiểm tra nội bộ về kỷ luật, kỷ cương hành chính.",
]

# Headline parts: a subject, a verb phrase, an object; CCHC vocabulary, so the rules find them.
SUBJECTS = [
    "{unit}",
    "Hà Nội",
    "Thủ đô",
    "UBND thành phố",
    "Sở Nội vụ Hà Nội",
    "Thành phố Hà Nội",
    "{unit}",
    "{unit}",
]
VERBS = [
    "đẩy mạnh",
    "triển khai",
    "nâng cao hiệu quả",
    "tăng cường",
    "sơ kết",
    "kiểm tra",
    "tập huấn",
    "đánh giá",
    "công bố",
    "rà soát",
    "tuyên truyền",
    "cắt giảm",
    "thí điểm",
    "mở rộng",
]
OBJECTS = [
    "cải cách hành chính",
    "cải cách thủ tục hành chính",
    "dịch vụ công trực tuyến toàn trình",
    "cơ chế một cửa, một cửa liên thông",
    "chuyển đổi số",
    "số hóa hồ sơ thủ tục hành chính",
    "Đề án 06",
    "chỉ số SIPAS",
    "Chỉ số CCHC (PAR Index)",
    "kỷ luật, kỷ cương hành chính",
    "chính quyền số",
    "thanh toán trực tuyến",
    "kiểm tra công vụ",
    "sự hài lòng của người dân",
    "định danh điện tử",
    "giải quyết thủ tục hành chính đúng hạn",
    "bộ phận một cửa cấp xã",
]
TAILS = [
    "",
    "",
    "",
    " năm {year}",
    " trong tháng {month}",
    " 6 tháng đầu năm",
    " giai đoạn 2021–2025",
    " quý {quarter}",
    " cho người dân, doanh nghiệp",
]
OTHER_HEADLINES = [  # news the rules should find irrelevant
    "Dự báo thời tiết ngày {day}: miền Bắc {verb} mưa rào và dông, nhiệt độ cao nhất {k} độ",
    "Giá vàng ngày {day} biến động mạnh, chênh lệch {k} triệu đồng",
    "Đội tuyển bóng đá chuẩn bị cho trận đấu ngày {day} với {n} khán giả",
    "Lễ hội hoa xuân thu hút {n} lượt du khách trong ngày {day}",
    "Thị trường bất động sản phía Nam có dấu hiệu phục hồi sau {k} tháng",
    "Triển lãm ảnh nghệ thuật mở cửa tại Thành phố Hồ Chí Minh đến ngày {day}",
    "Ùn tắc giao thông kéo dài {k} km trên quốc lộ vào giờ cao điểm ngày {day}",
    "Xổ số kiến thiết ngày {day}: {n} vé trúng thưởng",
]
OTHER_VERBS = ["có", "tiếp tục có", "xuất hiện"]

SENTENCES = [
    "{unit} đã tiếp nhận {n} hồ sơ thủ tục hành chính, trong đó phần lớn qua dịch vụ công trực tuyến.",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt {p}%, tăng so với cùng kỳ năm trước.",
    "Lãnh đạo {unit} yêu cầu cán bộ, công chức nâng cao trách nhiệm phục vụ người dân.",
    "Bộ phận một cửa được bố trí khoa học, có cán bộ hướng dẫn người dân nộp hồ sơ trực tuyến.",
    "Thành phố tiếp tục đẩy mạnh chuyển đổi số, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
    "Người dân đánh giá cao thái độ phục vụ của công chức tại bộ phận tiếp nhận và trả kết quả.",
    "Việc triển khai Đề án 06 giúp cắt giảm giấy tờ, rút ngắn thời gian giải quyết hồ sơ.",
    "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của Hà Nội đạt {p}%.",
    "Đoàn kiểm tra đã làm việc với {unit} về công tác cải cách hành chính và kiểm tra công vụ.",
    "Sở Nội vụ đề nghị các đơn vị khắc phục tồn tại, hạn chế trước ngày {day}.",
    "Cuộc thi tìm hiểu cải cách hành chính thu hút {n} lượt người tham gia.",
    "Thành phố đã cắt giảm, đơn giản hóa {k} thủ tục hành chính trong năm.",
    "Hệ thống thông tin giải quyết thủ tục hành chính kết nối với Cơ sở dữ liệu quốc gia về dân cư.",
    "Các sở, ban, ngành và UBND các xã, phường được yêu cầu công khai kết quả giải quyết hằng tháng.",
    "Kết quả Chỉ số CCHC năm trước là cơ sở để {unit} đề ra giải pháp khắc phục điểm yếu.",
    "Thanh toán trực tuyến phí, lệ phí đạt {p}% số hồ sơ đủ điều kiện.",
    "Người đứng đầu chịu trách nhiệm trước Chủ tịch UBND thành phố về kết quả cải cách hành chính.",
    "Trong tháng {month}, {unit} tổ chức {k} hội nghị tập huấn nghiệp vụ cho công chức đầu mối.",
    "Phản ánh, kiến nghị của người dân được tiếp nhận và xử lý đúng quy định.",
    "Mô hình “Bộ phận một cửa thân thiện” được nhân rộng tại nhiều đơn vị.",
]
OTHER_SENTENCES = [
    "Khán giả đã có những giây phút thư giãn với chương trình biểu diễn đặc sắc.",
    "Các chuyên gia khuyến cáo người dân theo dõi bản tin thời tiết thường xuyên.",
    "Giá cả nhiều mặt hàng tiêu dùng tăng nhẹ trong tuần qua.",
    "Trận đấu diễn ra sôi nổi trước sự cổ vũ của hàng nghìn khán giả.",
    "Lượng khách du lịch tăng mạnh dịp cuối tuần.",
    "Nhiều tuyến phố ngập sâu sau trận mưa lớn kéo dài.",
]


class _Blanks(dict):
    """The values of a template's blanks, drawn only for the blanks it has (in its order)."""

    def __init__(self, rng: random.Random, units: list[str], year: int, month: int):
        super().__init__()
        self.rng, self.units, self.year, self.month = rng, units, year, month

    def __missing__(self, key: str) -> str | int:
        rng, month, year = self.rng, self.month, self.year
        value = {
            "unit": lambda: rng.choice(self.units),
            "n": lambda: rng.randint(12, 4800),
            "p": lambda: f"{rng.uniform(82, 99.5):.2f}".replace(".", ","),
            "k": lambda: rng.randint(2, 60),
            "month": lambda: month,
            "quarter": lambda: (month - 1) // 3 + 1,
            "year": lambda: year,
            "day": lambda: f"{rng.randint(1, 28):02d}/{month:02d}/{year}",
            "verb": lambda: rng.choice(OTHER_VERBS),
        }[key]()
        self[key] = value
        return value


def fill(rng: random.Random, template: str, units: list[str], year: int, month: int) -> str:
    """A template with its blanks filled: unit, numbers, percentages, dates of the year."""
    return template.format_map(_Blanks(rng, units, year, month))

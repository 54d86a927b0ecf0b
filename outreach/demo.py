"""Demo data of the outreach slice, built by code; running it twice adds nothing.

A liaison for four units and their heads' addresses (all under the reserved domain
example.org), a request whose deadline passed a week ago — one unit answered on time, one
late, two still owe it — and one not yet due, so the tracker has every colour and
`python -m outreach remind --json` prints real messages. Dates are counted from the day
the demo is built."""

from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from core.auth import find_user
from core.i18n import today_local
from core.permissions import User
from outreach import liaisons, requests, store, submissions

# username, unit, full name, e-mail; the password is documented in the README.
DEMO_LIAISONS = [
    ("daumoi.stp", "STP", "Đỗ Thị Lan", "daumoi.stp@example.org"),
    ("daumoi.syt", "SYT", "Vũ Minh Tuấn", "daumoi.syt@example.org"),
    ("daumoi.skhcn", "SKHCN", "Hoàng Thu Trang", "daumoi.skhcn@example.org"),
    ("daumoi.phk", "P-HK", "Bùi Văn Nam", "daumoi.phk@example.org"),
]
DEMO_PASSWORD = "Daumoi@2026"
DEMO_HEADS = [
    ("STP", "Giám đốc Sở Tư pháp", "giamdoc.stp@example.org"),
    ("SYT", "Giám đốc Sở Y tế", "giamdoc.syt@example.org"),
    ("SKHCN", "Giám đốc Sở Khoa học và Công nghệ", "giamdoc.skhcn@example.org"),
    ("P-HK", "Chủ tịch UBND phường Hoàn Kiếm", "chutich.phk@example.org"),
]
LATE_TITLE = "Số liệu phục vụ báo cáo CCHC định kỳ"
OPEN_TITLE = "Kết quả giải quyết TTHC tháng này"


def build(db: Database, actor: User) -> dict:
    added = {"liaisons": 0, "requests": 0, "submissions": 0}
    for username, unit, full_name, email in DEMO_LIAISONS:
        if find_user(db, username) is None:
            liaisons.create_liaison(
                db, actor, username=username, unit=unit, email=email, password=DEMO_PASSWORD, full_name=full_name
            )
            added["liaisons"] += 1
    for unit, name, email in DEMO_HEADS:
        head = liaisons.unit_head_of(db, unit)
        if head is None:
            liaisons.set_unit_head(db, actor, unit, name=name, email=email)
    titles = {r["title"] for r in store.list_requests(db)}
    today = today_local()
    codes = [unit for _u, unit, _n, _e in DEMO_LIAISONS]
    if LATE_TITLE not in titles:
        due = today - timedelta(days=7)
        late = requests.create_request(
            db, actor, kind="period_inputs", title=LATE_TITLE, unit_codes=codes, due_on=due,
            note="Đề nghị các đơn vị gửi số liệu theo biểu kèm theo đề cương của Bộ Nội vụ.",
        )  # fmt: skip
        added["requests"] += 1
        for username, day, text in (
            ("daumoi.stp", due - timedelta(days=2), "Sở Tư pháp gửi số liệu kỳ này (biểu 01–03)."),
            ("daumoi.syt", due + timedelta(days=3), "Sở Y tế gửi số liệu, xin lỗi vì gửi chậm."),
        ):
            submissions.submit(db, find_user(db, username), late["id"], fields={"text": text}, today=day)
            added["submissions"] += 1
    if OPEN_TITLE not in titles:
        requests.create_request(
            db, actor, kind="monthly_figures", title=OPEN_TITLE, unit_codes=codes, due_on=today + timedelta(days=10)
        )
        added["requests"] += 1
    return added

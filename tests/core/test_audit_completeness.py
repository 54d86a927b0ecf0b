"""Audit completeness: every public write function of every slice, called by a person,
leaves an audit row naming that person.

The write functions are found, not listed by hand: every public function of a slice's
plain modules that checks a permission other than a *.view one (directly, or through a
helper of its own module, or through `require_findings`). Each must have a call below,
or be named a read with the reason, so a new write function without an audit record, or
without a row here, fails this test."""

from __future__ import annotations

import ast
import importlib
import io
import itertools
import re
from datetime import date, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document

from bench.one_stop_exports import office_xlsx
from core import auth, batches, office, units
from core.errors import PermissionDenied
from core.i18n import today_local
from core.permissions import PERMISSIONS, ROLES
from core.slices import INSTALLED
from exports import cchc_package, outline, profiles, register, reminder_letter, services_publication, templates
from indices import files, frameworks, leads, remediation, results
from inspections import feed_tokens, followup, schedule, workdays
from media import ingest, review, rules, sources
from outreach import deliveries, liaisons, recurring, reminders, submissions
from outreach import requests as outreach_requests
from plans import activities, channels, grid, importer, plans, progress, rollover, themes
from services import desk_ratings, publishing, scores_io
from services import importer as services_importer
from services import results as service_results
from tests import upload_files
from tests.conftest import TEST_PASSWORD
from tests.core.slice_graph import parse
from tests.media.conftest import feed_server  # noqa: F401  (fixture)
from tests.media.media_feeds import item, rss2
from tests.outreach.conftest import mail_settings, mailbox  # noqa: F401  (fixtures)
from tests.plans.conftest import small_plan  # noqa: F401  (fixture)
from tests.plans.plan_files import docx_plan
from tests.services.conftest import service_units  # noqa: F401  (fixture)
from tests.services.test_services_desk_ratings import ratings_xlsx
from tests.services.test_services_scores import portal_xlsx

ROOT = Path(__file__).resolve().parents[2]
# Actions a plain `require(...)` check names that only read.
READ_ACTIONS = {"reports.view"}
# Helpers of another module that stand for a permission check.
CHECKS = {"require_findings": "inspections.findings"}


def _checked_actions(module_path: Path) -> dict[str, set[str]]:
    """For each function of a module: the actions it checks, itself or through the module's own helpers."""
    tree = parse(module_path)  # parsed once per test process, with the house rules' scan
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    actions: dict[str, set[str]] = {}
    calls: dict[str, set[str]] = {}
    for name, node in functions.items():
        actions[name], calls[name] = set(), set()
        for call in (c for c in ast.walk(node) if isinstance(c, ast.Call)):
            called = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if called == "require" and len(call.args) >= 2 and isinstance(call.args[1], ast.Constant):
                actions[name].add(call.args[1].value)
            elif called in CHECKS:
                actions[name].add(CHECKS[called])
            elif isinstance(call.func, ast.Name) and call.func.id in functions:
                calls[name].add(call.func.id)
    changed = True
    while changed:  # through the module's own helpers, to any depth
        changed = False
        for name, called in calls.items():
            for other in called:
                if not actions[other] <= actions[name]:
                    actions[name] |= actions[other]
                    changed = True
    return actions


def write_functions() -> set[str]:
    found = set()
    for slice_name in INSTALLED:
        for path in sorted((ROOT / slice_name).glob("*.py")):
            if path.name in ("page.py", "store.py", "__main__.py") or path.stem.endswith(("_page", "_tab")):
                continue
            for name, actions in _checked_actions(path).items():
                if not name.startswith("_") and any(not a.endswith(".view") and a not in READ_ACTIONS for a in actions):
                    found.add(f"{slice_name}.{path.stem}.{name}")
    return found


# Functions that check a write permission but only read (a preview, a list, a draft document).
READS = {
    "core.auth.list_users": "lists accounts for the administrator",
    "inspections.feed_tokens.list_tokens": "lists the person's own calendar feeds",
    "inspections.feed_tokens.list_all_tokens": "lists every feed for the administrator",
    "inspections.schedule.require_findings": "the check itself",
    "inspections.candidates.suggestions": "suggests units to inspect",
    "plans.import_reader.read_file": "the preview of a plan import",
    "core.batches.list_batches": "lists past imports",
    "indices.files.preview_framework": "the preview of a framework import",
    "indices.files.preview_results": "the preview of a results import",
    "services.import_reader.read_file": "the preview of a month's import",
    "services.desk_ratings.read_file": "the preview of a desk export",
    "services.scores_io.read_file": "the preview of a score table",
    "services.publication.ranking_xlsx": "the ranking as a spreadsheet",
    "exports.inspection_docs.build_document": "a draft document, nothing issued",
    "outreach.liaisons.list_liaisons": "lists liaison accounts for the administrator",
    "exports.reminder_letter.build_letter": "a draft letter, nothing issued",
}
# Functions only the system runs (a cron job, the background task): never a person's edit.
SYSTEM_ONLY = {"media.fetch.fetch_sources"}


def _one(db, sql: str, params=()) -> int:
    return db.execute(sql, params).fetchone()[0]


_DAYS = itertools.count()


def _draft(w, **extra) -> schedule.Draft:
    """A new inspection on a Tuesday of its own (one inspector is never on two at once)."""
    unit = _one(w.db, "select id from units where valid_to is null and kind = 'department' limit 1")
    inspector = _one(w.db, "select id from users where role = 'inspector' limit 1")
    return schedule.Draft(
        unit_id=unit,
        day=date(2027, 3, 9) + timedelta(weeks=next(_DAYS)),
        start=time(8),
        end=time(11),
        team=((inspector, "head"),),
        **extra,
    )


def _feed(w) -> Path:
    path = w.tmp / "feed.xml"
    path.write_text(rss2([item(901, date="Mon, 05 Apr 2021 08:30:00 +0700")]), encoding="utf-8")
    return path


def _plan_import(w) -> int:
    """A plan import's batch, made by the administrator (the set-up of an undo), each in a year of its own."""
    year = 2040 + next(_DAYS)
    preview = importer.read_file(w.db, w.admin, "a.docx", docx_plan(year=year), year)
    return importer.commit(w.db, w.admin, preview, skip_unmatched=True)["batch"]


ARTICLE = "select id from articles order by id limit 1"
ACTIVITY = "select id from activities where plan_id = (select max(id) from plans) order by id limit 1"
THEME = "select id from themes order by id limit 1"
INSPECTION = "select id from inspections order by id limit 1"
NODE = "select id from index_nodes where parent_id is not null order by id limit 1"
LOST = (  # a criterion that lost points in some year: remedies are for those
    "select s.node_id from index_scores s join index_nodes n on n.id = s.node_id"
    " where n.max_points is not null and s.score < n.max_points order by s.node_id limit 1"
)
INDEX = "select index_id from index_frameworks order by id limit 1"
UNIT = "select id from units where valid_to is null and kind = 'department' order by id limit 1"
REC = "select id from recommendations where status = 'open' order by id limit 1"
CSV_FRAMEWORK = b"code,parent_code,name_vi,max_points\nA,,a,10\n"

# name -> (world, call). Worlds: "demo" (the full demo), "services" (units the services
# test files name), "plans" (the plans tests' small plan).
CALLS = {
    "core.auth.create_user": (
        "demo",
        lambda w: auth.create_user(w.db, w.actor, username="moi", password=TEST_PASSWORD, role="staff"),
    ),
    "core.auth.set_role": ("demo", lambda w: auth.set_role(w.db, w.actor, "u_leader", "staff")),
    "core.auth.set_active": ("demo", lambda w: auth.set_active(w.db, w.actor, "u_leader", False)),
    "core.auth.reset_password": ("demo", lambda w: auth.reset_password(w.db, w.actor, "u_leader", "Good@12345x")),
    "core.auth.change_password": ("demo", lambda w: auth.change_password(w.db, w.actor, TEST_PASSWORD, "Good@12345x")),
    "core.auth.change_user": (
        "demo",
        lambda w: auth.change_user(w.db, w.actor, "u_leader", role="staff", active=True),
    ),
    "core.batches.undo": ("plans", lambda w: (batch := _plan_import(w), w.mark(), batches.undo(w.db, w.actor, batch))),
    "core.units.forget_alias": ("demo", lambda w: units.forget_alias(w.db, w.actor, "VP UBND TP")),
    "core.units.seed_aliases": (
        "demo",
        lambda w: (
            [
                units.forget_alias(w.db, w.admin, a["alias"])
                for a in units.list_aliases(w.db)
                if a["alias"] == "VP UBND TP"
            ],
            w.mark(),
            units.seed_aliases(w.db, w.actor),
        ),
    ),
    "core.units.save_group": (
        "demo",
        lambda w: units.save_group(w.db, w.actor, code="NHOM-MOI", name="Nhóm mới", kinds=["department"]),
    ),
    "core.units.seed_groups": ("plans", lambda w: units.seed_groups(w.db, w.actor)),
    "core.auth.set_language": ("demo", lambda w: auth.set_language(w.db, w.actor, "en")),
    "core.office.set_office": ("demo", lambda w: office.set_office(w.db, w.actor, {"signer_name": "Nguyễn Văn B"})),
    "core.units.remember_alias": ("demo", lambda w: units.remember_alias(w.db, w.actor, "Sở Tư pháp HN", w.unit_code)),
    "core.units.add_unit": (
        "demo",
        lambda w: units.add_unit(w.db, w.actor, code="NEW", name="Đơn vị mới", kind="other"),
    ),
    "core.units.update_unit": ("demo", lambda w: units.update_unit(w.db, w.actor, w.unit_code, short_name="Tên gọn")),
    "core.units.retire_unit": ("demo", lambda w: units.retire_unit(w.db, w.actor, w.unit_code, "2027-12-31")),
    "core.units.import_csv": ("demo", lambda w: units.import_csv(w.db, w.actor, b"code,name,kind\nC1,Xa C1,commune\n")),
    "plans.activities.create_activity": (
        "demo",
        lambda w: activities.create_activity(w.db, w.actor, w.plan, title="Mới"),
    ),
    "plans.activities.update_activity": (
        "demo",
        lambda w: activities.update_activity(w.db, w.actor, w.activity, title="Đổi"),
    ),
    "plans.activities.change_status": (
        "demo",
        lambda w: activities.change_status(w.db, w.actor, w.activity, "cancelled"),
    ),
    "plans.activities.set_status_and_budget": (
        "demo",
        lambda w: activities.set_status_and_budget(w.db, w.actor, w.activity, status="cancelled", budget_used=1000),
    ),
    "plans.channels.add_channel": (
        "demo",
        lambda w: channels.add_channel(w.db, w.actor, code="zalo", name_vi="Zalo OA"),
    ),
    "plans.grid.apply_edits": (
        "demo",
        lambda w: grid.apply_edits(w.db, w.actor, {w.activity: {"status": "cancelled"}}),
    ),
    "plans.import_committer.commit": (
        "plans",
        lambda w: importer.commit(
            w.db, w.actor, importer.read_file(w.db, w.admin, "a.docx", docx_plan(year=2022), 2022), skip_unmatched=True
        ),
    ),
    "plans.plans.create_plan": ("demo", lambda w: plans.create_plan(w.db, w.actor, year=2030, title="Kế hoạch 2030")),
    "plans.plans.set_plan_status": ("demo", lambda w: plans.set_plan_status(w.db, w.actor, w.plan, "closed")),
    "plans.progress.add_progress": ("demo", lambda w: progress.add_progress(w.db, w.actor, w.activity, percent=10)),
    "plans.progress.add_link": ("demo", lambda w: progress.add_link(w.db, w.actor, w.activity, "https://a.vn/x")),
    "plans.progress.add_file": (
        "demo",
        lambda w: progress.add_file(w.db, w.actor, w.activity, "a.png", upload_files.png(), settings=w.settings),
    ),
    "plans.rollover.copy_forward": ("demo", lambda w: rollover.copy_forward(w.db, w.actor, w.plan, 2031)),
    "plans.themes.add_theme": ("demo", lambda w: themes.add_theme(w.db, w.actor, w.plan, code="ND9", title="Mới")),
    "plans.themes.update_theme": ("demo", lambda w: themes.update_theme(w.db, w.actor, w.theme, keywords=["x"])),
    "indices.files.import_framework": (
        "demo",
        lambda w: files.import_framework(
            w.db, w.actor, w.index, CSV_FRAMEWORK, "f.csv", code="F8", title="f", from_year=2041, max_total=10
        ),
    ),
    "indices.files.import_results": (
        "demo",
        lambda w: files.import_results(w.db, w.actor, w.result[1], w.result[2], w.result[3], w.scores_csv(), "r.csv"),
    ),
    "indices.frameworks.create_index": (
        "demo",
        lambda w: frameworks.create_index(w.db, w.actor, code="Z", name_vi="z"),
    ),
    "indices.frameworks.create_framework": (
        "demo",
        lambda w: frameworks.create_framework(
            w.db,
            w.actor,
            w.index,
            code="F9",
            title="f",
            from_year=2045,
            max_total=10,
            nodes=[{"code": "A", "parent_code": None, "name_vi": "a", "max_points": 10}],
        ),
    ),
    "indices.leads.set_lead": ("demo", lambda w: leads.set_lead(w.db, w.actor, w.node, w.unit, "2027-01-01")),
    "indices.remediation.create_remedy": (
        "demo",
        lambda w: remediation.create_remedy(
            w.db, w.actor, _one(w.db, LOST), title="t", year=2026, deadline="2026-10-01", expected_effect="e"
        ),
    ),
    "indices.remediation.create_unit_remedy": (
        "demo",
        lambda w: remediation.create_unit_remedy(
            w.db,
            w.actor,
            remediation.unit_candidates(w.db, w.actor)[0]["unit_id"],
            title="t",
            year=2026,
            deadline="2026-12-31",
            expected_effect="e",
        ),  # fmt: skip
    ),
    "indices.results.save_result": (
        "demo",
        lambda w: results.save_result(w.db, w.actor, *w.result[1:], scores=w.scores(), replace_scores=True),
    ),
    "inspections.feed_tokens.create_token": ("demo", lambda w: feed_tokens.create_token(w.db, w.actor, "điện thoại")),
    "inspections.feed_tokens.revoke_token": (
        "demo",
        lambda w: feed_tokens.revoke_token(
            w.db, w.actor, (feed_tokens.create_token(w.db, w.other, "x")[0]["id"], w.mark())[0]
        ),
    ),
    "inspections.feed_tokens.rotate_token": (
        "demo",
        lambda w: feed_tokens.rotate_token(
            w.db, w.actor, (feed_tokens.create_token(w.db, w.actor, "x")[0]["id"], w.mark())[0]
        ),
    ),
    "inspections.schedule.create_inspection_plan": (
        "demo",
        lambda w: schedule.create_inspection_plan(w.db, w.actor, year=2031, number="9/KH-SNV", title="Kiểm tra 2031"),
    ),
    "inspections.schedule.create_inspection": ("demo", lambda w: schedule.create_inspection(w.db, w.actor, _draft(w))),
    "inspections.schedule.update_inspection": (
        "demo",
        lambda w: schedule.update_inspection(w.db, w.actor, w.new_inspection(), _draft(w, place="Phòng họp")),
    ),
    "inspections.schedule.set_status": (
        "demo",
        lambda w: schedule.set_status(w.db, w.actor, w.new_inspection(), "confirmed"),
    ),
    "inspections.schedule.set_checklist": (
        "demo",
        lambda w: schedule.set_checklist(w.db, w.actor, w.new_inspection(), [("1", "Công tác chỉ đạo")]),
    ),
    "inspections.schedule.record_self_report": (
        "demo",
        lambda w: schedule.record_self_report(
            w.db, w.actor, w.inspection, "2026-03-01", "bc.pdf", upload_files.pdf(), settings=w.settings
        ),
    ),
    "inspections.schedule.set_conclusion": (
        "demo",
        lambda w: schedule.set_conclusion(w.db, w.actor, w.inspection, "2026-04-01", "12/TB-SNV"),
    ),
    "inspections.followup.add_finding": (
        "demo",
        lambda w: followup.add_finding(w.db, w.actor, w.inspection, item_id=None, kind="shortcoming", text="Thiếu"),
    ),
    "inspections.followup.set_finding_cause": (
        "demo",
        lambda w: followup.set_finding_cause(
            w.db,
            w.actor,
            _one(w.db, "select id from findings where kind = 'shortcoming' order by id limit 1"),
            cause="Thiếu công chức chuyên trách",
            cause_kind="subjective",
        ),
    ),
    "inspections.followup.delete_finding": (
        "demo",
        lambda w: followup.delete_finding(w.db, w.actor, _one(w.db, "select id from findings order by id limit 1")),
    ),
    "inspections.followup.add_recommendation": (
        "demo",
        lambda w: followup.add_recommendation(w.db, w.actor, w.inspection, text="Khắc phục", deadline="2026-12-31"),
    ),
    "inspections.followup.add_followup": (
        "demo",
        lambda w: followup.add_followup(w.db, w.actor, _one(w.db, REC), on_date="2026-05-01", text="Đang khắc phục"),
    ),
    "inspections.workdays.set_override": (
        "demo",
        lambda w: workdays.set_override(w.db, w.actor, "2027-01-02", "working_day", "Làm bù"),
    ),
    "inspections.workdays.remove_override": (
        "demo",
        lambda w: (
            workdays.set_override(w.db, w.admin, "2027-01-02", "working_day", "Làm bù"),
            w.mark(),
            workdays.remove_override(w.db, w.actor, "2027-01-02"),
        ),
    ),
    "services.desk_ratings.commit": (
        "services",
        lambda w: desk_ratings.commit(
            w.db, w.actor, desk_ratings.read_file(w.db, w.admin, "d.xlsx", ratings_xlsx(), "2026-10")
        ),
    ),
    "services.import_committer.commit": (
        "services",
        lambda w: services_importer.commit(
            w.db, w.actor, services_importer.read_file(w.db, w.admin, "a.xlsx", office_xlsx(), "2026-10")
        ),
    ),
    "services.import_committer.undo": (
        "services",
        lambda w: (
            batch := services_importer.commit(
                w.db, w.admin, services_importer.read_file(w.db, w.admin, "a.xlsx", office_xlsx(), "2026-10")
            )["batch"],
            w.mark(),
            services_importer.undo(w.db, w.actor, batch),
        ),
    ),
    "services.import_committer.remember_mapping": (
        "services",
        lambda w: services_importer.remember_mapping(w.db, w.actor, "shape-a", {"columns": {"unit": "B"}}),
    ),
    "services.scores_io.commit": (
        "services",
        lambda w: scores_io.commit(
            w.db,
            w.actor,
            scores_io.read_file(
                w.db,
                w.admin,
                "s.xlsx",
                portal_xlsx([[1, "Sở KH&CN", 17, 19.5, 20, 21, 16.25, 93.75, 300, 90, 10]]),
                "2026-10",
            ),
        ),
    ),
    "services.publishing.record_issued": (
        "demo",
        lambda w: publishing.record_issued(
            w.db, w.actor, "2026-10", register_id=7, symbol="07/TB-SNV", issued_on="2026-11-05", sha256="7" * 64
        ),
    ),
    "services.publishing.set_public_page": ("demo", lambda w: publishing.set_public_page(w.db, w.actor, True)),
    "services.results.save_month": (
        "services",
        lambda w: service_results.save_month(
            w.db,
            w.actor,
            "2026-10",
            services_importer.read_file(w.db, w.admin, "a.xlsx", office_xlsx(), "2026-10")["rows"],
        ),
    ),
    "services.results.set_targets": (
        "demo",
        lambda w: service_results.set_targets(w.db, w.actor, 2031, {"on_time_rate": 95.0}),
    ),
    "services.results.set_satisfaction": (
        "services",
        lambda w: service_results.set_satisfaction(w.db, w.actor, "2026-10", "STP", 5, 4, 1),
    ),
    "services.results.set_index_scores": (
        "services",
        lambda w: service_results.set_index_scores(w.db, w.actor, "2026-10", "STP", {"so_hoa": 14.5}),
    ),
    "services.results.save_unit_extras": (
        "services",
        lambda w: service_results.save_unit_extras(
            w.db, w.actor, "2026-10", "STP", {"very_satisfied": 1, "satisfied": 3, "dissatisfied": 0}, {"so_hoa": 14}
        ),
    ),
    "media.ingest.ingest_paths": ("demo", lambda w: ingest.ingest_paths(w.db, w.actor, [_feed(w)])),
    "media.review.set_review": ("demo", lambda w: review.set_review(w.db, w.actor, [w.article], "rejected")),
    "media.review.review_article": (
        "demo",
        lambda w: review.review_article(w.db, w.actor, w.article, state="confirmed", tone="negative", theme_ids=[]),
    ),
    "media.review.set_tone": ("demo", lambda w: review.set_tone(w.db, w.actor, [w.article], "negative")),
    "media.review.set_themes": ("demo", lambda w: review.set_themes(w.db, w.actor, w.article, [w.theme])),
    "media.review.link_activity": ("demo", lambda w: review.link_activity(w.db, w.actor, [w.article], w.activity)),
    "media.review.unlink_activity": (
        "demo",
        lambda w: (
            review.link_activity(w.db, w.admin, [w.article], w.activity),
            w.mark(),
            review.unlink_activity(w.db, w.actor, w.article, w.activity),
        ),
    ),
    "media.review.add_manual": (
        "demo",
        lambda w: review.add_manual(w.db, w.actor, title="Phóng sự", published="2021-05-01", outlet="VTV", medium="tv"),
    ),
    "media.review.add_by_url": ("demo", lambda w: w.add_by_url()),
    "media.review.apply_bulk": ("demo", lambda w: review.apply_bulk(w.db, w.actor, [w.article], "rejected")),
    "media.rules.set_rule_set": ("demo", lambda w: rules.set_rule_set(w.db, w.actor, "locality", ["Hà Nội", "Thủ đô"])),
    "media.rules.reapply": ("demo", lambda w: rules.reapply(w.db, w.actor)),
    "media.sources.add_source": (
        "demo",
        lambda w: sources.add_source(w.db, w.actor, name="Q", url="https://q.vn/rss", resolve=False),
    ),
    "media.sources.update_source": (
        "demo",
        lambda w: sources.update_source(
            w.db, w.actor, _one(w.db, "select id from media_sources order by id limit 1"), name="Đổi tên"
        ),
    ),
    "media.sources.allow_host": ("demo", lambda w: sources.allow_host(w.db, w.actor, "10.0.0.5")),
    "media.sources.disallow_host": (
        "demo",
        lambda w: (
            sources.allow_host(w.db, w.admin, "10.0.0.5"),
            w.mark(),
            sources.disallow_host(w.db, w.actor, "10.0.0.5"),
        ),
    ),
    "media.sources.import_opml": (
        "demo",
        lambda w: sources.import_opml(
            w.db,
            w.actor,
            b'<opml version="2.0"><body><outline text="R" xmlUrl="https://r.vn/rss"/></body></opml>',
            resolve=False,
        ),
    ),
    "exports.services_publication.choose_evidence_activity": (
        "demo",
        lambda w: services_publication.choose_evidence_activity(w.db, w.actor, w.activity),
    ),
    "exports.outline.save_outline": ("demo", lambda w: outline.save_outline(w.db, w.actor, w.outline_text())),
    "exports.outline.reset_outline": (
        "demo",
        lambda w: (
            outline.save_outline(w.db, w.admin, w.outline_text()),
            w.mark(),
            outline.reset_outline(w.db, w.actor),
        ),
    ),
    "exports.register.issue": (
        "demo",
        lambda w: register.issue(
            w.db, w.actor, "progress", "2021-Q1", with_charts=False, confirm_late=True, settings=w.settings
        ),
    ),
    "exports.register.issue_document": (
        "demo",
        lambda w: register.issue_document(
            w.db,
            w.actor,
            doc_type="KH",
            kind="plan",
            title="Kế hoạch kiểm tra",
            render_file=lambda office, number, day: b"KH",
            settings=w.settings,
        ),
    ),
    "exports.cchc_package.issue_package": (
        "demo",
        lambda w: cchc_package.issue_package(
            w.db, w.actor, "2021-Q1", with_charts=False, confirm_late=True, settings=w.settings
        ),
    ),
    "exports.services_publication.issue": (
        "demo",
        lambda w: services_publication.issue(w.db, w.actor, "2026-09", confirm_late=True, settings=w.settings),
    ),
    "exports.reminder_letter.issue_letter": (
        "demo",
        lambda w: reminder_letter.issue_letter(w.db, w.actor, settings=w.settings),
    ),
    "exports.profiles.save_profile": (
        "demo",
        lambda w: profiles.save_profile(w.db, w.actor, "progress", profiles.get_profile(w.db, "progress")),
    ),
    "exports.profiles.reset_profile": (
        "demo",
        lambda w: (
            profiles.save_profile(w.db, w.admin, "progress", profiles.get_profile(w.db, "progress")),
            w.mark(),
            profiles.reset_profile(w.db, w.actor, "progress"),
        ),
    ),
    "inspections.schedule.set_inspector_profile": (
        "demo",
        lambda w: schedule.set_inspector_profile(
            w.db,
            w.actor,
            _one(w.db, "select id from users where role = 'inspector' limit 1"),
            honorific="Ông",
            position="Chuyên viên",
            work_unit="Sở Nội vụ",
        ),
    ),
    "inspections.schedule.set_self_report_due": (
        "demo",
        lambda w: schedule.set_self_report_due(
            w.db, w.actor, _one(w.db, "select id from inspection_plans order by id limit 1"), "2026-02-20"
        ),
    ),
    "inspections.schedule.set_plan_references": (
        "demo",
        lambda w: schedule.set_plan_references(
            w.db,
            w.actor,
            _one(w.db, "select id from inspection_plans order by id limit 1"),
            number="12/KH-SNV",
            issued_on="2026-01-15",
            decision_number="26/QĐ-SNV",
            decision_issued_on="2026-02-27",
        ),
    ),
    "exports.templates.upload_template": (
        "demo",
        lambda w: templates.upload_template(w.db, w.actor, "progress", "t.docx", w.template(), settings=w.settings),
    ),
    "exports.templates.use_builtin": (
        "demo",
        lambda w: (_progress_template(w), w.mark(), templates.use_builtin(w.db, w.actor, "progress")),
    ),
    "outreach.liaisons.create_liaison": (
        "demo",
        lambda w: liaisons.create_liaison(w.db, w.actor, username="dm_stc", unit="STC", email="dm@stc.example.org"),
    ),
    "outreach.liaisons.import_csv": (
        "demo",
        lambda w: liaisons.import_csv(
            w.db, w.actor, "username,unit,email\ndm_csv,Sở Tài chính,c@stc.example.org\n".encode()
        ),
    ),
    "outreach.liaisons.set_unit_head": (
        "demo",
        lambda w: liaisons.set_unit_head(
            w.db, w.actor, "STC", name="Giám đốc Sở Tài chính", email="gd@stc.example.org"
        ),
    ),
    "outreach.requests.create_request": ("demo", lambda w: _outreach_request(w, w.actor)),
    "outreach.requests.close_request": (
        "demo",
        lambda w: outreach_requests.close_request(w.db, w.actor, (_outreach_request(w, w.admin)["id"], w.mark())[0]),
    ),
    "outreach.submissions.submit": (
        "demo",
        lambda w: submissions.submit(
            w.db,
            w.actor,
            (_outreach_request(w, w.admin)["id"], w.mark())[0],
            unit_id=_one(w.db, STP),
            fields={"text": "Sở Tư pháp gửi báo cáo"},
        ),
    ),
    "outreach.submissions.accept": (
        "demo",
        lambda w: submissions.accept(w.db, w.actor, (_outreach_answer(w)["id"], w.mark())[0]),
    ),
    "outreach.submissions.return_for_revision": (
        "demo",
        lambda w: submissions.return_for_revision(
            w.db, w.actor, (_outreach_answer(w)["id"], w.mark())[0], "Thiếu biểu số liệu"
        ),
    ),
    "outreach.deliveries.send_issued": (
        "demo",
        lambda w: (
            _issued_publication(w),
            w.mark(),
            deliveries.send_issued(w.db, w.actor, w.request.getfixturevalue("mail_settings"), today_local()),
        ),
    ),
    "outreach.deliveries.send_periodic_draft": (
        "demo",
        lambda w: deliveries.send_periodic_draft(
            w.db, w.actor, w.request.getfixturevalue("mail_settings"), date(2026, 12, 16)
        ),
    ),
    "outreach.deliveries.send_monthly_draft": (
        "demo",
        lambda w: deliveries.send_monthly_draft(
            w.db, w.actor, w.request.getfixturevalue("mail_settings"), date(2026, 11, 20)
        ),
    ),
    "outreach.recurring.ensure": ("demo", lambda w: recurring.ensure(w.db, w.actor, date(2026, 11, 24))),
    "outreach.reminders.run": (
        "demo",
        lambda w: reminders.run(w.db, w.actor, w.request.getfixturevalue("mail_settings"), today_local(), send=True),
    ),
    "outreach.reminders.deliver": (
        "demo",
        lambda w: reminders.deliver(
            w.db,
            w.actor,
            w.request.getfixturevalue("mail_settings"),
            reminders.Draft("dm@stp.example.org", "Đầu mối", "vi", "liaison", subject="Nhắc hạn", body="Nội dung"),
            today_local(),
        ),
    ),
}

STP = "select id from units where code = 'STP'"


def _progress_template(w) -> None:
    """An uploaded template in use for the progress report, uploaded once in the world (each
    upload is checked by a trial render in a child process; a refused switch leaves it on)."""
    if not any(t["kind"] == "progress" and t["active"] for t in templates.list_templates(w.db, w.admin)):
        templates.upload_template(w.db, w.admin, "progress", "t.docx", w.template(), settings=w.settings)


def _issued_publication(w) -> None:
    """October's publication issued once in the world (a later refusal round finds it issued)."""
    if not register.list_issued(w.db, w.admin):
        services_publication.issue(w.db, w.admin, "2026-10", confirm_late=True, settings=w.settings)


def _outreach_request(w, actor):
    return outreach_requests.create_request(
        w.db, actor, kind="remedy", title="Báo cáo khắc phục", unit_codes=["STP"], due_on="2026-12-31"
    )


def _outreach_answer(w):
    made = _outreach_request(w, w.admin)
    return submissions.submit(w.db, w.admin, made["id"], unit_id=_one(w.db, STP), fields={"text": "Đã khắc phục"})


def test_every_write_function_has_a_call_here_or_is_a_read():
    found = write_functions()
    assert len(found) > 60  # the discovery works
    assert found - set(CALLS) - set(READS) - SYSTEM_ONLY == set(), "write functions without an audit check here"
    assert (set(CALLS) | set(READS) | SYSTEM_ONLY) - found == set(), "names here that are no longer write functions"
    for name in CALLS:  # and each name is a real function
        module, _, function = name.rpartition(".")
        assert callable(getattr(importlib.import_module(module), function))


def test_what_only_the_system_runs_is_called_only_as_the_system():
    for name in SYSTEM_ONLY:
        function = name.rpartition(".")[2]
        callers = [
            actor.strip()
            for path in ROOT.glob("*/*.py")
            if path.parts[-2] in INSTALLED
            for _db, actor in re.findall(rf"\b{function}\(([^,)]*),\s*([^,)]*)", path.read_text(encoding="utf-8"))
        ]
        assert callers and set(callers) <= {"SYSTEM", "actor: User"}, (name, callers)


def _world(kind: str, request, users, settings, tmp_path) -> SimpleNamespace:
    if kind == "demo":
        db = request.getfixturevalue("demo_db")
    elif kind == "services":
        request.getfixturevalue("service_units")
        db = request.getfixturevalue("db")
    else:
        request.getfixturevalue("small_plan")
        db = request.getfixturevalue("db")
    w = SimpleNamespace(db=db, users=users, settings=settings, tmp=tmp_path, marks=[])
    return w


def _prepare(request, name: str, role: str, settings, tmp_path) -> SimpleNamespace:
    kind, _call = CALLS[name]
    if kind == "demo":
        request.getfixturevalue("demo_db")  # before the users, so they are added to the demo
    users = request.getfixturevalue("users")
    w = _world(kind, request, users, settings, tmp_path)
    db = w.db
    w.admin, w.other = users["admin"], users["leader" if role == "inspector" else "inspector"]
    w.actor = users[role]
    if kind == "demo":
        w.plan = _one(db, "select max(id) from plans")
        w.activity, w.theme, w.article = _one(db, ACTIVITY), _one(db, THEME), _one(db, ARTICLE)
        w.inspection, w.node, w.index = _one(db, INSPECTION), _one(db, NODE), _one(db, INDEX)
        w.unit = _one(db, UNIT)
        w.unit_code = db.execute("select code from units where id = ?", [w.unit]).fetchone()[0]
        w.result = db.execute("select id, index_id, year, subject_unit_id from index_results order by id").fetchone()
        w.scores = lambda: [
            {"node_code": code, "score": score}
            for code, score in db.execute(
                "select n.code, s.score from index_scores s join index_nodes n on n.id = s.node_id"
                " where s.result_id = ? order by n.id",
                [w.result[0]],
            )
        ]
        w.scores_csv = lambda: (
            "node_code,score\n" + "".join(f"{s['node_code']},{s['score']}\n" for s in w.scores())
        ).encode()
    w.start = [(_one(db, "select coalesce(max(id), 0) from audit_log"), db.conn.total_changes)]
    # the database's state after a recipe's own set-up (done as the administrator)
    w.mark = lambda: w.start.append((_one(db, "select coalesce(max(id), 0) from audit_log"), db.conn.total_changes))
    w.new_inspection = lambda: (schedule.create_inspection(db, w.admin, _draft(w))["id"], w.mark())[0]
    w.add_by_url = lambda: _add_by_url(w)
    w.outline_text = lambda: outline.outline_text(db).replace("Sở Nội vụ", "Sở Nội vụ thành phố", 1)
    w.request, w.monkeypatch = request, request.getfixturevalue("monkeypatch")
    w.template = lambda: _template()
    return w


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_persons_write_leaves_an_audit_row_naming_them(request, name, settings, tmp_path):
    w = _prepare(request, name, "admin", settings, tmp_path)
    CALLS[name][1](w)
    rows = w.db.execute("select actor_id, actor from audit_log where id > ?", [w.start[-1][0]]).fetchall()
    assert rows, f"{name} wrote no audit row"
    assert all(actor_id == w.actor.id and actor == w.actor.username for actor_id, actor in rows)


def allowed_roles(name: str) -> frozenset[str]:
    """The roles every write permission the function checks allows (its own module's view)."""
    slice_name, module, function = name.split(".")
    actions = _checked_actions(ROOT / slice_name / f"{module}.py")[function]
    writes = [PERMISSIONS[a] for a in actions if not a.endswith(".view") and a not in READ_ACTIONS]
    return frozenset.intersection(*writes)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_write_function_refuses_the_other_roles_and_changes_nothing(request, name, settings, tmp_path):
    refused = [role for role in ROLES if role not in allowed_roles(name)]
    assert refused or name.startswith(
        ("core.auth.change_password", "core.auth.set_language", "inspections.feed_tokens")
    )
    w = _prepare(request, name, "admin", settings, tmp_path)
    for role in refused:  # one world for the function; each refusal must leave it as it was
        w.actor = w.users[role]
        w.other = w.users["leader" if role == "inspector" else "inspector"]
        w.start = [(_one(w.db, "select coalesce(max(id), 0) from audit_log"), w.db.conn.total_changes)]
        with pytest.raises(PermissionDenied):
            CALLS[name][1](w)
        assert w.db.conn.total_changes == w.start[-1][1], f"{name} as {role} changed the database"


def _template() -> bytes:
    document = Document()
    document.add_paragraph("{{ symbol }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_by_url(w):
    """An article page on the local test server (127.0.0.1, on the allow-list)."""
    server = w.request.getfixturevalue("feed_server")
    w.monkeypatch.setenv("CCHC_FETCH_ENABLED", "1")
    sources.allow_host(w.db, w.admin, server.base.removeprefix("http://"))
    w.mark()
    return review.add_by_url(w.db, w.actor, server.url("/article"), outlet="Sở Nội vụ")

"""The data generator (`python -m bench generate`): deterministic from its seed, no orphan
rows, units valid on the dates that name them, and a database the app opens and reads."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bench import generate as gen
from bench.__main__ import main
from core.db import connect, expected_schema_version, migrate, schema_version
from core.permissions import SYSTEM

SCALE = 0.02
SMALL = 0.005  # every part still has rows (at least three of each kind): enough to compare two builds


def _build(folder, seed=2026, scale=SCALE):
    gen.generate(folder, scale, seed)
    return folder / gen.DB_NAME


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("gen-a"))


@pytest.fixture
def db(built):
    database = connect(built)
    yield database
    database.conn.close()


def dump(path) -> dict[str, list]:
    """Every table's rows, sorted (the search index through its own shadow tables)."""
    database = connect(path)
    try:
        tables = [r[0] for r in database.execute("select name from sqlite_master where type = 'table' order by name")]
        return {
            t: sorted(map(repr, database.execute(f'select * from "{t}"').fetchall()))  # noqa: S608
            for t in tables
            if t != "articles_fts"
        }
    finally:
        database.conn.close()


def test_same_seed_same_contents_other_seed_other_contents(tmp_path):
    first = dump(_build(tmp_path / "a", scale=SMALL))
    assert first["articles"] and first["activities"]
    assert first == dump(_build(tmp_path / "b", scale=SMALL))
    other = dump(_build(tmp_path / "c", seed=7, scale=SMALL))
    assert other["articles"] != first["articles"]
    assert other["activities"] != first["activities"]


def test_every_part_has_rows(db):
    for table in (
        "units",
        "users",
        "plans",
        "themes",
        "activities",
        "activity_units",
        "activity_channels",
        "progress_updates",
        "activity_history",
        "index_results",
        "index_scores",
        "inspections",
        "inspection_items",
        "findings",
        "recommendations",
        "followups",
        "service_results",
        "service_satisfaction",
        "service_index_scores",
        "media_sources",
        "articles",
        "media_stories",
        "article_themes",
        "article_bands",
        "article_activity_links",
    ):
        assert db.execute(f"select count(*) from {table}").fetchone()[0] > 0, table  # noqa: S608


def test_integrity_and_declared_foreign_keys(db):
    assert db.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert db.execute("pragma foreign_key_check").fetchall() == []


ORPHANS = {
    "activities without plan": "select a.id from activities a left join plans p on p.id = a.plan_id where p.id is null",
    "activities with another plan's theme": "select a.id from activities a join themes t on t.id = a.theme_id"
    " where t.plan_id != a.plan_id",
    "activities without lead unit": "select a.id from activities a left join units u on u.id = a.lead_unit_id"
    " where u.id is null",
    "updates without activity": "select p.id from progress_updates p left join activities a on a.id = p.activity_id"
    " where a.id is null",
    "history without activity": "select h.id from activity_history h left join activities a on a.id = h.activity_id"
    " where a.id is null",
    "recommendations of another inspection's finding": "select r.id from recommendations r"
    " join findings f on f.id = r.finding_id where f.inspection_id != r.inspection_id",
    "findings on another inspection's item": "select f.id from findings f join inspection_items i on i.id = f.item_id"
    " where i.inspection_id != f.inspection_id",
    "findings by nobody": "select f.id from findings f left join users u on u.id = f.created_by where u.id is null",
    "follow-ups by nobody": "select f.id from followups f left join users u on u.id = f.created_by where u.id is null",
    "article links without activity": "select l.article_id from article_activity_links l"
    " left join activities a on a.id = l.activity_id where a.id is null",
    "article themes without theme": "select t.article_id from article_themes t left join themes h on h.id = t.theme_id"
    " where h.id is null",
    "articles without story": "select a.id from articles a left join media_stories s on s.id = a.story_id"
    " where s.id is null",
    "search rows without article": "select d.id from articles_fts_docsize d left join articles a on a.id = d.id"
    " where a.id is null",
    "service results without unit": "select r.id from service_results r left join units u on u.id = r.unit_id"
    " where u.id is null",
    "service scores without group": "select s.month from service_index_scores s left join service_index_groups g"
    " on g.framework = s.framework and g.code = s.group_code where g.code is null",
    "index results without subject": "select r.id from index_results r left join units u on u.id = r.subject_unit_id"
    " where u.id is null",
}


@pytest.mark.parametrize("name", sorted(ORPHANS))
def test_no_orphan_rows(db, name):
    assert db.execute(ORPHANS[name]).fetchall() == []


def test_every_article_is_in_the_search_index_once(db):
    assert (
        db.execute("select count(*) from articles").fetchone()[0]
        == db.execute("select count(*) from articles_fts_docsize").fetchone()[0]
    )


ALIVE = "(u.valid_from is null or u.valid_from <= {day}) and (u.valid_to is null or u.valid_to >= {day})"
LEADS = "select a.id from activities a join units u on u.id = a.lead_unit_id"
DATED = {
    "lead unit at the start": (LEADS, "a.planned_start"),
    "lead unit at the end": (LEADS, "a.planned_end"),
    "coordinating unit": (
        "select a.id from activity_units au join activities a on a.id = au.activity_id"
        " join units u on u.id = au.unit_id",
        "a.planned_end",
    ),
    "unit group": (
        "select a.id from activity_unit_groups g join activities a on a.id = g.activity_id"
        " join unit_groups u on u.id = g.group_id",
        "a.planned_start",
    ),
    "inspected unit": ("select i.id from inspections i join units u on u.id = i.unit_id", "substr(i.starts_at, 1, 10)"),
    "responsible unit at the deadline": (
        "select r.id from recommendations r join units u on u.id = r.unit_id",
        "r.deadline",
    ),
    "reporting unit": ("select r.id from service_results r join units u on u.id = r.unit_id", "r.month || '-01'"),
    "index lead": ("select l.id from index_leads l join units u on u.id = l.unit_id", "l.valid_from"),
}


@pytest.mark.parametrize("name", sorted(DATED))
def test_units_are_valid_on_the_dates_that_name_them(db, name):
    sql, day = DATED[name]
    assert db.execute(f"{sql} where not ({ALIVE.format(day=day)})").fetchall() == []


def test_index_subjects_exist_in_their_year(db):
    rows = db.execute(
        "select r.id from index_results r join units u on u.id = r.subject_unit_id"
        " where u.valid_from > r.year || '-12-31' or u.valid_to < r.year || '-01-01'"
    ).fetchall()
    assert rows == []


def test_activity_state_is_its_latest_history_row(db):
    """What the grid shows (status, budget used) is what the history says at the end."""
    rows = db.execute(
        """
        select a.id, a.status, coalesce(a.budget_used, 0), h.status, coalesce(h.budget_used, 0)
        from activities a left join activity_history h on h.id = (
            select id from activity_history where activity_id = a.id order by on_date desc, id desc limit 1)
        """
    ).fetchall()
    assert rows
    for _id, status, used, last_status, last_used in rows:
        assert status == (last_status or "not_started")
        assert used == last_used
    assert db.execute("select count(*) from activities where status = 'done' and actual_end is null").fetchone() == (0,)
    assert db.execute(
        "select count(*) from progress_updates p join activities a on a.id = p.activity_id where p.on_date > ?",
        [gen.TODAY.isoformat()],
    ).fetchone() == (0,)


def test_closed_recommendations_have_a_closing_follow_up(db):
    rows = db.execute(
        "select r.id from recommendations r where r.status = 'closed' and not exists (select 1 from followups f"
        " where f.recommendation_id = r.id and f.kind = 'closed' and f.on_date = r.closed_on)"
    ).fetchall()
    assert rows == []


def test_service_figures_keep_the_one_stop_rules(db):
    from services import checks
    from services.store import FIGURES

    for row in db.query(f"select {', '.join(FIGURES)} from service_results"):  # noqa: S608
        assert checks.problems(row) == []


def test_the_app_opens_the_database_and_reads_it(db):
    from core import auth
    from inspections import schedule
    from media.search import search
    from plans import dashboard
    from services import indicators

    before = schema_version(db)
    assert before == expected_schema_version()
    assert migrate(db) == before
    figures = dashboard.figures(db, SYSTEM, 2026, today=gen.TODAY)
    assert figures["plan"] is not None and figures["totals"]["activities"] > 0
    assert search(db, SYSTEM, "cải cách hành chính")
    assert indicators.ranking(db, SYSTEM, "2026-10")
    assert schedule.list_inspections(db, year=2026)
    assert auth.login(db, "admin", "Admin@2026").role == "admin"


def test_command_line_prints_counts_and_refuses_an_existing_database(tmp_path, capsys):
    out = tmp_path / "cli"
    assert main(["generate", "--scale", str(SMALL), "--out", str(out), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["ok"] is True
    assert printed["tables"]["articles"] > 0 and printed["years"] == [2026]
    assert main(["generate", "--scale", str(SMALL), "--out", str(out), "--json"]) == 2
    refused = json.loads(capsys.readouterr().out)
    assert refused["exit"] == 2 and "exists" in refused["problems"][0]


@pytest.mark.parametrize("scale", ["0", "-1", "abc", "nan"])
def test_command_line_refuses_a_scale_that_is_not_positive(tmp_path, scale, capsys):
    assert main(["generate", "--scale", scale, "--out", str(tmp_path)]) == 2
    assert "--scale" in capsys.readouterr().err
    assert not (tmp_path / gen.DB_NAME).exists()


def test_scale_covers_years_up_to_the_data_today():
    assert gen.Scale(0.5).years == [2026]
    assert gen.Scale(5).years == [2022, 2023, 2024, 2025, 2026]
    assert gen.Scale(50).years == [2022, 2023, 2024, 2025, 2026] and gen.Scale(50).factor == 10
    assert gen.TODAY == date(2026, 11, 29)

"""Durability: a process killed (SIGKILL) inside the write transaction of an ingestion, a plan
import or a report's issue leaves a database that passes integrity_check and holds all or none of that
operation; four processes writing at once lose no write and never see "database is
locked"; a backup taken while writing restores every row committed before it.

These run real command lines in child processes against a real database file, so they
take seconds; they carry the `durability` mark (deselect locally with -m "not
durability"), and are never skipped: CI runs them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import backup
from tests.media.media_feeds import item, rss2
from tests.plans.plan_files import docx_plan

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.durability

# The kill lands inside the operation's write transaction: the child is killed once the
# database's write lock has been seen held for this many polls in a row (a transaction of a
# moment, like a session stamp, is let through; the operation's own one lasts far longer).
HELD_POLLS = 3
POLL_SECONDS = 0.005


def _env(data_dir: Path) -> dict:
    return {**os.environ, "CCHC_DATA_DIR": str(data_dir), "CCHC_DEMO": "0", "CCHC_FETCH_ENABLED": "0"}


def _fresh(demo_template: Path, folder: Path) -> Path:
    """A data folder holding a copy of the demo database."""
    folder.mkdir(parents=True)
    shutil.copy(demo_template, folder / "cchc.db")
    return folder


def _counts(path: Path, sql: dict[str, str]) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {name: conn.execute(query).fetchone()[0] for name, query in sql.items()}
    finally:
        conn.close()


def _run(args: list[str], data_dir: Path) -> None:
    """Run `python <args>` to the end in the data folder's settings."""
    proc = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=_env(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]


def _kill_while_writing(args: list[str], data_dir: Path) -> None:
    """Run `python <args>` and SIGKILL it in the middle of a write transaction: while it
    holds the database's write lock (another connection's BEGIN IMMEDIATE is refused)."""
    probe = sqlite3.connect(data_dir / "cchc.db", timeout=0, isolation_level=None)
    proc = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=_env(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    held = 0
    try:
        while proc.poll() is None and held < HELD_POLLS:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                held = 0
            except sqlite3.OperationalError:  # locked: the child is inside a write transaction
                held += 1
            time.sleep(POLL_SECONDS)
        if held >= HELD_POLLS:
            os.kill(proc.pid, signal.SIGKILL)
    finally:
        probe.close()
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, f"finished before its write could be interrupted: {err.decode()[-2000:]}"


def _all_or_none(demo_template, tmp_path, name, args, counted):
    """Run `args` once to the end (what "all" means), then again, killed inside its write
    transaction; the database after the kill is intact and holds none or all of it."""
    reference = _fresh(demo_template, tmp_path / f"{name}-whole")
    before = _counts(reference / "cchc.db", counted)
    _run(args(reference), reference)
    whole = _counts(reference / "cchc.db", counted)
    assert whole != before  # the operation writes something, so "none" and "all" differ
    folder = _fresh(demo_template, tmp_path / f"{name}-kill")
    _kill_while_writing(args(folder), folder)
    after = _counts(folder / "cchc.db", counted)
    assert after in (before, whole), (before, whole, after)


def test_killing_a_feed_ingestion_leaves_none_or_all_of_it(demo_template, tmp_path):
    feed = tmp_path / "feeds"
    feed.mkdir()
    for f in range(3):  # 1,200 entries: one transaction (ingestion commits per 2,000)
        items = [
            item(100_000 + f * 1000 + n, title=f"Tin {f}-{n} về cải cách hành chính số {n * 7}") for n in range(400)
        ]
        (feed / f"f{f}.xml").write_text(rss2(items), encoding="utf-8")
    counted = {
        "articles": "select count(*) from articles",
        "bands": "select count(*) from article_bands",
        "fts": "select count(*) from articles_fts",
        "audit": "select count(*) from audit_log where action = 'ingest'",
    }
    _all_or_none(demo_template, tmp_path, "ingest", lambda _d: ["-m", "media", "ingest", str(feed)], counted)


def test_killing_a_plan_import_leaves_none_or_all_of_it(demo_template, tmp_path):
    rows = [("I.", "Tuyên truyền về cải cách hành chính")]
    rows += [
        (str(n), f"Hoạt động tuyên truyền số {n}", "Sở Nội vụ", "Sở Tư pháp", "Quý II", "Tin bài", f"{n}.000.000")
        for n in range(1, 301)
    ]
    plan = tmp_path / "kh.docx"
    plan.write_bytes(docx_plan(rows, year=2027))
    counted = {
        "plans": "select count(*) from plans",
        "activities": "select count(*) from activities",
        "links": "select count(*) from activity_units",
        "audit": "select count(*) from audit_log",
    }
    args = ["-m", "plans", "import", str(plan), "--year", "2027", "--number", "9/KH-UBND", "--commit"]
    _all_or_none(demo_template, tmp_path, "plan", lambda _d: [*args, "--skip-unmatched"], counted)


def test_killing_a_report_issue_leaves_no_number_without_its_file(demo_template, tmp_path):
    counted = {"register": "select count(*) from report_register", "audit": "select count(*) from audit_log"}

    def args(folder: Path) -> list[str]:
        return [
            "-m",
            "exports",
            "report",
            "progress",
            "--period",
            "2021",
            "--out",
            str(folder / "r.docx"),
            "--no-charts",
            "--issue",  # issuing takes the number; a draft writes nothing to the register
            "--confirm-late",  # 2021 is long past its due date
        ]

    _all_or_none(demo_template, tmp_path, "report", args, counted)
    for folder in tmp_path.glob("report-*"):
        conn = sqlite3.connect(folder / "cchc.db")
        stored = conn.execute("select stored_name, sha256 from report_register").fetchall()
        conn.close()
        for name, digest in stored:  # a registered number always has its whole document
            files = list(folder.rglob(name))
            assert files and hashlib.sha256(files[0].read_bytes()).hexdigest() == digest, name


# --- four writers at once ----------------------------------------------------------

_WRITER = r"""
import json, sys, time
from pathlib import Path
from core.db import get_db
from core.permissions import SYSTEM
from core import auth
role, seconds, writers, folder = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
db = get_db()
staff = auth.get_user(db, db.execute("select id from users where role = 'staff' limit 1").fetchone()[0])
done, errors = [], []
# the imports each writer needs, before the common start: the window is for writing
if role == "ingest":
    from media.ingest import ingest_paths
    from tests.media.media_feeds import item, rss2
elif role == "editor":
    from plans import activities, progress
else:
    from core.settings import get_settings
    from exports import register
    previous = None  # each issue corrects the one before (the same report is never issued twice)
# all start together once every writer is ready, however long a busy machine took to get there
(folder / f"ready-{role}").touch()
while len(list(folder.glob("ready-*"))) < writers:
    time.sleep(0.01)
deadline = time.time() + seconds
n = 0
while n < 3 or time.time() < deadline:  # at least three writes each, however slow the machine
    n += 1
    try:
        if role == "ingest":
            feed = folder / f"w{n}.xml"
            feed.write_text(rss2([item(500_000 + n * 10 + k, title=f"Tin song song {n}-{k} số {n * 31 + k}")
                                  for k in range(10)]), encoding="utf-8")
            done.append(ingest_paths(db, SYSTEM, [feed])["new"])
        elif role == "editor":
            plan = db.execute("select max(id) from plans").fetchone()[0]
            row = activities.create_activity(db, staff, plan, title=f"{role} hoạt động {n}")
            progress.add_progress(db, staff, row["id"], percent=n % 100)
            done.append(row["id"])
        else:
            period = "2021-Q1" if role == "numbering-a" else "2021-Q2"  # two reports, one series (BC-SNV)
            issued = register.issue(db, staff, "progress", period, with_charts=False, confirm_late=True,
                                    replaces=previous, settings=get_settings())
            previous = issued.row["id"]
            done.append(issued.row["number"])
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"done": done, "errors": errors}))
"""


def test_four_processes_writing_at_once_lose_nothing_and_never_see_locked(demo_template, tmp_path):
    """An ingestion, an editor and two people issuing reports of one series, each in its own
    process: every write kept, and the two issuers' numbers distinct and consecutive."""
    folder = _fresh(demo_template, tmp_path / "together")
    roles = ("ingest", "editor", "numbering-a", "numbering-b")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, role, "5", str(len(roles)), str(folder)],
            cwd=ROOT,
            env=_env(folder),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in roles
    ]
    results = {}
    for role, proc in zip(roles, procs, strict=True):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        assert "locked" not in err.lower()
        results[role] = json.loads(out.strip().splitlines()[-1])
    for role, result in results.items():
        assert result["errors"] == [], (role, result["errors"][:3])
        assert len(result["done"]) >= 3, role  # each really wrote, while the others did
    conn = sqlite3.connect(folder / "cchc.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = results["editor"]["done"]
        found = conn.execute(
            f"select count(*) from activities where id in ({','.join('?' * len(ids))})",  # noqa: S608 (placeholders)
            ids,
        ).fetchone()[0]
        assert found == len(ids)
        assert conn.execute(
            f"select count(*) from progress_updates where activity_id in ({','.join('?' * len(ids))})",  # noqa: S608
            ids,
        ).fetchone()[0] == len(ids)
        numbers = sorted(results["numbering-a"]["done"] + results["numbering-b"]["done"])
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # none twice, none skipped
        registered = {r[0] for r in conn.execute("select number from report_register")}
        assert set(numbers) <= registered
        new_articles = conn.execute("select count(*) from articles where guid like 'guid-5%'").fetchone()[0]
        assert new_articles == sum(results["ingest"]["done"]) > 0
    finally:
        conn.close()


# --- a backup while writing ----------------------------------------------------------

_COUNTER = r"""
import sqlite3, sys, time
from core.db import connect
db = connect(sys.argv[1])
deadline = time.time() + float(sys.argv[2])
n = 0
while time.time() < deadline:
    n += 1
    with db.atomic():
        db.execute("insert into office_settings (key, value) values (?, ?)", [f"row-{n:06d}", str(time.time())])
    print(n, flush=True)
"""


def test_a_backup_taken_while_writing_restores_every_committed_row(demo_template, tmp_path):
    folder = _fresh(demo_template, tmp_path / "live")
    live = folder / "cchc.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", _COUNTER, str(live), "6"], cwd=ROOT, env=_env(folder), stdout=subprocess.PIPE, text=True
    )
    committed = 0
    while committed < 200:  # the writer is well under way
        committed = int(writer.stdout.readline())
    copy = backup.backup(live, tmp_path / "during.db")
    rest, _err = writer.communicate(timeout=60)
    later = int(rest.split()[-1]) if rest.split() else committed
    assert later > committed  # it went on writing after the copy

    target = tmp_path / "restored" / "cchc.db"
    target.parent.mkdir()
    backup.restore(target, copy)
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        keys = [r[0] for r in conn.execute("select key from office_settings where key like 'row-%' order by key")]
    finally:
        conn.close()
    numbers = [int(k.removeprefix("row-")) for k in keys]
    assert numbers == list(range(1, len(numbers) + 1))  # a moment's state: no gaps
    assert committed <= len(numbers) <= later  # every row committed before the copy, none half-written

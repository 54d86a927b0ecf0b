"""A realistic database at scale, deterministic from a seed: `generate(out, scale, seed)`.

Scale 1 is one city-year of Hà Nội (2026, up to the data's "today", 29/11/2026): about 400
activities over the six themes with 4.000 progress updates, 120 inspections with about
1.000 recommendations, the reform indices, 12 months of service results of every reporting
unit and 50.000 articles from 60 sources. Scale 5 is the city over 2022–2026; above 5 the
five years stay and the volumes per year grow (scale 50: departments' own plans beside the
city's, 600 sources, ten times the inspections and articles). Fractions scale one year down.

Services: at scale above 5 the communes and wards of other provinces (the 2025 map, from the
installed `vietnam-provinces` package) are added as reporting units, up to ten times Hà Nội's;
they exist from 1/7/2025, so their results start then. Without the package, Hà Nội's units only.
Before 1/7/2025 the districts (gone since) report beside the departments.

The schema is the app's own (`core.db.migrate`); the units, indices and their frameworks are
made by the app's functions; everything else is written in bulk, one transaction per part,
with exactly the columns and derived columns the app's functions write (activity history as
progress and status changes leave it, the articles' fingerprints, band keys, rule verdicts,
themes and search-index rows as ingestion stores them; exact duplicates are dropped as
ingestion drops them, syndicated copies join their story). Clock columns get fixed dates.

Accounts (passwords fixed, salts derived from the seed so the file is reproducible):
admin / Admin@2026 (admin); canbo, canbo2 / Canbo@2026 (staff); lanhdao / Lanhdao@2026
(leader); kiemtra1, kiemtra2, … / Kiemtra@2026 (inspectors, more at larger scales).
"""

from __future__ import annotations

import bisect
import hashlib
import math
import random
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from sqlite_utils import Database

from bench.rows import SETUP_AT, TODAY, insert_rows, unit_alive

DB_NAME = "cchc.db"
LAST_YEAR = 2026
PER_CITY_YEAR = {
    "activities": 400,
    "updates_per_activity": 10,
    "inspections": 120,
    "articles": 50_000,
    "sources": 60,
}
OTHER_PROVINCES = "Tỉnh, thành phố khác (bản đồ hành chính 2025)"
MIN_ROWS = 3  # a fractional scale still makes a few rows of each kind
GENERATION_CACHE_KIB = 1_000_000  # 1 GB of page cache while generating, the app's own afterwards


class Scale:
    """Years covered and the volume per year (relative to one city-year)."""

    def __init__(self, scale: float):
        count = min(5, max(1, math.ceil(scale - 1e-9)))
        self.years = list(range(LAST_YEAR - count + 1, LAST_YEAR + 1))
        self.factor = scale / count

    def per_year(self, base: float, minimum: int = MIN_ROWS) -> int:
        return max(minimum, round(base * self.factor))


def settle_versions(db, seed: int) -> None:
    """The change markers the app's triggers draw at random on every write (the calendar
    feed's validator, then the data version, which the first update moves again), set from
    the seed so the same seed gives the same file."""
    rng = random.Random(f"{seed}-versions")
    with db.conn:
        if db.table("calendar_feed_state").exists():
            changed = int(datetime.combine(TODAY, clock(0, 0), tzinfo=UTC).timestamp())
            db.conn.execute(
                "update calendar_feed_state set version = ?, changed_at = ? where id = 1",
                [rng.getrandbits(62), changed],
            )
        if db.table("data_version").exists():
            db.conn.execute("update data_version set version = ? where id = 1", [rng.getrandbits(62)])


def generate(out: Path, scale: float, seed: int = 2026, *, overwrite: bool = False) -> dict:
    """Build `out`/cchc.db at `scale` from `seed`; return {"tables": counts, "seconds", ...}.
    Refuses (FileExistsError) when the database exists, unless `overwrite`."""
    from core.db import CACHE_KIB, connect, migrate

    if not scale > 0:
        raise ValueError(f"scale must be positive, not {scale}")
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / DB_NAME
    if path.exists() or Path(f"{path}-wal").exists():
        if not overwrite:
            raise FileExistsError(path)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    db = connect(path)
    db.conn.execute("PRAGMA synchronous = OFF")  # a new file: nothing to lose if the machine stops
    db.conn.execute(f"PRAGMA cache_size = -{GENERATION_CACHE_KIB}")  # random-key index inserts stay in memory
    migrate(db)
    world = World(db, Scale(scale), seed)
    world.build()
    settle_versions(db, seed)
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    db.conn.execute("ANALYZE")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = table_counts(db)
    db.conn.close()
    return {
        "scale": scale,
        "seed": seed,
        "years": world.scale.years,
        "tables": counts,
        "duplicates_dropped": world.duplicates_dropped,
        "seconds": round(time.perf_counter() - started, 2),
    }


def table_counts(db: Database) -> dict[str, int]:
    names = [
        r[0]
        for r in db.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
            " and name not like 'articles_fts_%' order by name"
        )
    ]
    return {name: db.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}  # noqa: S608


class World:
    """The generated data, built part by part from one random generator per part (so a
    part's rows do not change when another part's volume does)."""

    def __init__(self, db: Database, scale: Scale, seed: int):
        self.db, self.scale, self.seed = db, scale, seed
        self.duplicates_dropped = 0

    def rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{part}")

    def build(self) -> None:
        self._units()
        self._users()
        self._plans()
        self._indices()
        self._inspections()
        self._services()
        self._media()
        self._fix_clock()

    # --- catalogue and accounts ----------------------------------------------

    def _units(self) -> None:
        from core import demo, units
        from core.permissions import SYSTEM

        demo._build_units(self.db)  # the demo's departments (with the 2025 mergers) and Hà Nội's map
        units.seed_aliases(self.db, SYSTEM)
        units.seed_groups(self.db, SYSTEM)
        if self.scale.factor > 1:
            self._other_provinces()
        everything = [dict(r) for r in self.db.query("select * from units order by id")]
        others = {u["id"] for u in everything if u["note"] == OTHER_PROVINCES}
        others |= {u["id"] for u in everything if u["parent_id"] in others}
        self.units = [u for u in everything if u["id"] not in others]  # Hà Nội's
        self.other_units = [u for u in everything if u["id"] in others]
        edges = {u["valid_from"] for u in everything if u["valid_from"]}
        edges |= {
            (date.fromisoformat(u["valid_to"]) + timedelta(days=1)).isoformat() for u in everything if u["valid_to"]
        }
        self._edges = sorted(edges)
        self._alive_cache: dict[tuple, list[dict]] = {}
        self.groups = [dict(r) for r in self.db.query("select * from unit_groups order by id")]

    def _other_provinces(self) -> None:
        """Communes and wards of other provinces (2025 map), up to `factor` times Hà Nội's."""
        try:
            from vietnam_provinces import Province, Ward
        except ImportError:
            return
        wanted = round(126 * (self.scale.factor - 1))
        rows, parents = [], []
        for province in Province.iter_all():
            if int(province.code) == 1 or len(rows) >= wanted:
                continue
            code = f"{int(province.code):02d}"
            parents.append(
                {"code": code, "official_code": code, "name": province.name, "kind": "city", "note": OTHER_PROVINCES}
            )
            for ward in Ward.iter_by_province(province.code):
                if len(rows) < wanted:
                    rows.append(
                        {
                            "code": f"{int(ward.code):05d}",
                            "official_code": f"{int(ward.code):05d}",
                            "name": ward.name,
                            "parent": code,
                        }
                    )
        with self.db.atomic():
            for parent in parents:
                parent_id = _insert_unit(self.db, parent, None)
                for row in (r for r in rows if r["parent"] == parent["code"]):
                    _insert_unit(self.db, {**row, "kind": "commune", "valid_from": "2025-07-01"}, parent_id)

    def _users(self) -> None:
        from core import auth

        n_inspectors = max(2, math.ceil(self.scale.per_year(120) / 25))
        people = [
            ("admin", "Admin@2026", "admin", "Quản trị hệ thống"),
            ("canbo", "Canbo@2026", "staff", "Nguyễn Thị Hồng Nhung"),
            ("canbo2", "Canbo@2026", "staff", "Đỗ Minh Tuấn"),
            ("lanhdao", "Lanhdao@2026", "leader", "Phạm Quang Huy"),
        ]
        family = ["Trần", "Lê", "Nguyễn", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
        given = ["Văn Minh", "Thị Thu Hà", "Quốc Khánh", "Thị Lan", "Đức Anh", "Thị Mai", "Hữu Nam", "Thanh Hương"]
        for i in range(1, n_inspectors + 1):
            name = f"{family[(i - 1) % len(family)]} {given[(i - 1) // len(family) % len(given)]}"
            people.append((f"kiemtra{i}", "Kiemtra@2026", "inspector", name))
        hashes: dict[str, str] = {}
        rows = []
        for username, password, role, full_name in people:
            if password not in hashes:  # one hash per password: argon2 is slow on purpose
                salt = hashlib.sha256(f"{self.seed}:{password}".encode()).digest()[:16]
                hashes[password] = auth._hasher.hash(password, salt=salt)
            rows.append(
                {
                    "username": username,
                    "full_name": full_name,
                    "email": f"{username}@bench.sonoivu.hanoi.gov.vn",
                    "role": role,
                    "password_hash": hashes[password],
                    "active": 1,
                    "lang": "vi",
                    "failed_logins": 0,
                    "created_at": SETUP_AT,
                }
            )
        with self.db.atomic():
            insert_rows(self.db, "users", rows)
        self.users = {r["username"]: dict(r) for r in self.db.query("select * from users order by id")}
        self.staff = [u["id"] for u in self.users.values() if u["role"] == "staff"]
        self.inspectors = [u["id"] for u in self.users.values() if u["role"] == "inspector"]

    def units_alive(self, kinds: tuple[str, ...], first: str, last: str | None = None) -> list[dict]:
        """Hà Nội's units of `kinds` that exist on every day from `first` to `last`."""
        last = last or first
        key = (kinds, bisect.bisect_right(self._edges, first), bisect.bisect_right(self._edges, last))
        if key not in self._alive_cache:
            self._alive_cache[key] = [u for u in self.units if u["kind"] in kinds and unit_alive(u, first, last)]
        return self._alive_cache[key]

    # --- plans ---------------------------------------------------------------

    def _plans(self) -> None:
        from bench.plans_data import build_plans

        build_plans(self)

    def _indices(self) -> None:
        from bench.other_data import build_indices

        build_indices(self)

    def _inspections(self) -> None:
        from bench.other_data import build_inspections

        build_inspections(self)

    def _services(self) -> None:
        from bench.other_data import build_services

        build_services(self)

    def _media(self) -> None:
        from bench.media_data import build_media

        build_media(self)

    def _fix_clock(self) -> None:
        """Rows the app's own functions wrote during set-up carry the wall clock: give them
        the set-up date, so two runs give the same file contents."""
        with self.db.atomic():
            self.db.execute("update audit_log set at = ?", [SETUP_AT])
            for side in ("before", "after"):
                for key in ("created_at", "updated_at"):
                    self.db.execute(
                        f"update audit_log set {side} = json_set({side}, '$.{key}', ?)"  # noqa: S608 - our own names
                        f" where json_type({side}, '$.{key}') = 'text'",
                        [SETUP_AT],
                    )
            self.db.execute("update _sqlite_migrations set applied_at = ?", [SETUP_AT])
            self.db.execute("update unit_aliases set created_at = ?", [SETUP_AT])
            self.db.execute("update index_frameworks set created_at = ?", [SETUP_AT])
            self.db.execute(
                "update index_results set created_at = published_on || 'T02:00:00+00:00',"
                " updated_at = published_on || 'T02:00:00+00:00'"
            )


def _insert_unit(db: Database, row: dict, parent_id: int | None) -> int:
    from core import store

    return store.insert_unit(
        db,
        {
            "code": row["code"],
            "official_code": row["official_code"],
            "name": row["name"],
            "short_name": row.get("short_name"),
            "kind": row["kind"],
            "valid_from": row.get("valid_from"),
            "valid_to": None,
            "note": row.get("note") or "Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025",
            "parent_id": parent_id,
        },
    )

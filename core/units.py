"""Effective-dated administrative units.

A unit exists from `valid_from` to `valid_to` (inclusive; open ends allowed). When
units merge or split, the old unit gets a `valid_to` and succession links to its
successors, so records of 2021–2024 keep pointing at the units of their time while
2025+ records use the two-level structure."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from sqlite_utils import Database

from core import audit, batches, office_files, store
from core.dates import iso_date
from core.errors import NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.tabular import Column, to_csv, unescape_text
from core.text import clean_line, fold, visible_line

KINDS = ("city", "department", "district", "commune", "other")
CSV_REQUIRED = ("code", "name", "kind")
CSV_OPTIONAL = ("short_name", "parent_code", "valid_from", "valid_to", "successor_codes", "note", "official_code")
MAX_CSV_BYTES = 2_000_000


def list_units(db: Database) -> list[dict]:
    return store.list_units(db)


def units_on(db: Database, day: date | str, kinds=None) -> list[dict]:
    """Units that exist on `day`."""
    return store.units_valid_on(db, day if isinstance(day, str) else day.isoformat(), kinds)


def unit_by_id(db: Database, unit_id: int) -> dict | None:
    """The unit with this id, or None (other slices store unit ids)."""
    return store.unit_row(db, unit_id)


def find_unit(db: Database, code: str) -> dict | None:
    """The unit with this code, or None."""
    return store.unit_by_code(db, code)


def get_unit(db: Database, code: str) -> dict:
    row = store.unit_by_code(db, code)
    if row is None:
        raise NotFound("error.unit_not_found", code=code)
    return row


def exists_on(unit: dict, day: date | str) -> bool:
    day = day if isinstance(day, str) else day.isoformat()
    return (not unit["valid_from"] or unit["valid_from"] <= day) and (not unit["valid_to"] or unit["valid_to"] >= day)


def current_successors(db: Database, code: str, day: date | str | None = None) -> list[dict]:
    """Follow succession links from `code` to the units that exist on `day` (default today)."""
    day = (day or date.today()).isoformat() if not isinstance(day, str) else day
    start = get_unit(db, code)
    result, seen, frontier = [], {start["id"]}, [start]
    while frontier:
        unit = frontier.pop()
        if exists_on(unit, day):
            result.append(unit)
            continue
        for nxt in store.successors(db, unit["id"]):
            if nxt["id"] not in seen:
                seen.add(nxt["id"])
                frontier.append(nxt)
    return sorted(result, key=lambda u: u["name"])


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Words that head a unit's name in office files but not always in the catalogue.
_ADMIN_PREFIXES = ("uy ban nhan dan ", "ubnd ")
_KIND_WORDS = ("so ", "phuong ", "xa ", "thi tran ", "quan ", "huyen ", "thi xa ", "p ", "x ", "tt ", "q ", "h ", "tx ")


def unit_key(text: str | None) -> str:
    """A unit's name folded for matching: no diacritics, lower case, "&" read as "và",
    punctuation dropped ("UBND P. Kim Liên" -> "ubnd p kim lien")."""
    folded = fold(text).replace("&", " va ")
    return " ".join(_NOT_ALNUM.sub(" ", folded).split())


def _strip(key: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def _initials(key: str) -> str:
    """ "khoa hoc va cong nghe" -> "khcn": a catalogue name's abbreviation ("và" left out)."""
    words = [w for w in key.split() if w != "va"]
    return words[0] if len(words) == 1 else "".join(w[0] for w in words)


def _abbreviated(key: str) -> bool:
    """Whether a name as written holds an abbreviation: a word without a vowel ("kh va cn",
    "tttt", "yt"), which hardly any Vietnamese syllable is."""
    return any(not set(w) & set("aeiou") for w in key.split())


def _abbreviation(key: str) -> str:
    """What a name typed in a file abbreviates: "kh va cn" -> "khcn"; a name spelled out
    is reduced to its initials like the catalogue's."""
    words = [w for w in key.split() if w != "va"]
    return "".join(words) if all(len(w) <= 3 for w in words) else _initials(key)


class UnitMatcher:
    """Finds the unit a free-text name means, for imports that read many names (built once
    per file: the catalogue is indexed here, so each name costs a few dictionary look-ups).

    Tried in order, the first level where any unit answers decides: a remembered alias; the
    name, short name or code; the same without "UBND"/"Ủy ban nhân dân"; without the kind
    word ("Sở", "Phường", "Xã"); the abbreviation ("Sở KH&CN" for "Sở Khoa học và Công
    nghệ"). Units that exist on `day` are preferred. One unit at that level is the match;
    several are never decided by order: `candidates` lists them for the person to choose."""

    def __init__(self, db: Database, day: date | str | None = None):
        self.db, self.day = db, day
        everything = store.list_units(db)
        alive = [u for u in everything if day is None or exists_on(u, day)] or everything
        by_id = {u["id"]: u for u in everything}
        self.aliases = {a["key"]: by_id.get(a["unit_id"]) for a in store.unit_aliases(db)}
        self.index: list[dict[str, dict[int, dict]]] = [{} for _ in range(4)]
        for level in range(4):
            for unit in alive:
                for key in self._keys(unit, level):
                    self.index[level].setdefault(key, {})[unit["id"]] = unit

    @staticmethod
    def _keys(unit: dict, level: int) -> set[str]:
        names = {unit_key(unit["name"]), unit_key(unit["short_name"]), unit_key(unit["code"])} - {""}
        if level >= 1:
            names = {_strip(k, _ADMIN_PREFIXES) for k in names}
        if level >= 2:
            names = {_strip(k, _KIND_WORDS) for k in names}
        if level >= 3:
            names = {_initials(k) for k in names}
        return names

    def candidates(self, name: str | None) -> list[dict]:
        """The units `name` may mean: none, exactly one (the match), or several (ambiguous,
        sorted by name) — from the first level where any unit answers."""
        key = unit_key(name)
        if not key:
            return []
        if self.aliases.get(key):
            return [_on_day(self.db, self.aliases[key], self.day)]
        wanted = key
        for level in range(4):
            if level == 1:
                wanted = _strip(wanted, _ADMIN_PREFIXES)
            elif level == 2:
                wanted = _strip(wanted, _KIND_WORDS)
            elif level == 3:
                if not _abbreviated(wanted):
                    break  # a name spelled out is not matched by its initials ("Ngoại vụ" is not "Nội vụ")
                wanted = _abbreviation(wanted)
            found = self.index[level].get(wanted)
            if found:
                return sorted(found.values(), key=lambda u: (u["name"], u["code"]))
        return []

    def __call__(self, name: str | None) -> dict | None:
        """The one unit `name` means, or None when none or several do."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None


def unit_matcher(db: Database, day: date | str | None = None) -> UnitMatcher:
    """The one unit matcher (see UnitMatcher): `match(name)` is the unit or None,
    `match.candidates(name)` the units to choose from when several answer."""
    return UnitMatcher(db, day)


def _on_day(db: Database, unit: dict, day: date | str | None) -> dict:
    """An alias's unit, or on a day after it ended its one successor ("Sở TT&TT" in a 2026
    plan means the department that took over its work)."""
    if day is None or exists_on(unit, day):
        return unit
    successors = current_successors(db, unit["code"], day)
    return successors[0] if len(successors) == 1 else unit


def match_unit(db: Database, name: str, day: date | str | None = None) -> dict | None:
    """The one unit `name` means (see `unit_matcher`), or None when none or several do."""
    return unit_matcher(db, day)(name)


def remember_alias(db: Database, actor: User, alias: str, code: str, batch: int | None = None) -> dict:
    """Remember that `alias` names the unit `code` in imported files (audited). The caller
    holds the transaction when the alias is part of a larger write; given the import `batch`
    that maps it, the alias is part of that batch, so undoing the import forgets it again
    (unless a later import used it, see `note_aliases_used`) or puts the old one back."""
    require(actor, "units.alias")
    unit = get_unit(db, code)
    key = unit_key(alias)
    if not key:
        raise ValidationError("error.unit_alias_empty")
    existed = store.unit_alias(db, key) is not None
    if batch and existed:
        batches.changing(db, batch, "unit_aliases", {"key": key})
    row = {"key": key, "alias": clean_line(alias), "unit_id": unit["id"], "created_at": utc_now_iso()}
    row["created_by"] = actor.username
    store.put_unit_alias(db, row)
    if batch and not existed:
        batches.added(db, batch, "unit_aliases", {"key": key})
    audit.record(db, actor, "alias", "unit_aliases", key, None, {"alias": row["alias"], "unit": code})
    return store.unit_alias(db, key)


def note_aliases_used(db: Database, batch: int, names) -> None:
    """Note in the import `batch` every remembered alias among `names` (the names its file
    read as units): an earlier import that added one keeps it when undone."""
    known = {alias["key"] for alias in store.unit_aliases(db)}
    for key in sorted({unit_key(name) for name in names if name} & known):
        batches.used(db, batch, "unit_aliases", {"key": key})


def list_aliases(db: Database) -> list[dict]:
    return store.unit_aliases(db)


def forget_alias(db: Database, actor: User, alias: str) -> None:
    """Stop reading `alias` as a unit's name (audited)."""
    require(actor, "units.manage")
    key = unit_key(alias)
    before = store.unit_alias(db, key)
    if before is None:
        raise NotFound("error.unit_alias_not_found", alias=clean_line(alias))
    with db.atomic():
        store.delete_unit_alias(db, key)
        audit.record(db, actor, "delete", "unit_aliases", key, {"alias": before["alias"], "unit": before["code"]}, None)


# The usual abbreviations of Hà Nội's office files, each with the full name of the unit it
# means; seeded where that unit is in the catalogue. The rules of `unit_matcher` already read
# "Q./H./P./X./TX." and "UBND quận X"/"UBND phường X", and initials of units that exist on a day.
SEED_ALIASES = [
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("Sở TTTT", "Sở Thông tin và Truyền thông"),
    ("VP UBND TP", "Văn phòng UBND thành phố"),
    ("VP UBND Thành phố", "Văn phòng UBND thành phố"),
    ("Văn phòng UBND TP", "Văn phòng UBND thành phố"),
    ("Đài PT&TH Hà Nội", "Đài Phát thanh và Truyền hình Hà Nội"),
    ("Đài PT&TH", "Đài Phát thanh và Truyền hình Hà Nội"),
    ("Đài PTTH Hà Nội", "Đài Phát thanh và Truyền hình Hà Nội"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở LĐ-TB&XH", "Sở Lao động – Thương binh và Xã hội"),
    ("Sở LĐTBXH", "Sở Lao động – Thương binh và Xã hội"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
    ("CATP", "Công an Thành phố"),
    ("Công an TP", "Công an Thành phố"),
    ("Công an TP Hà Nội", "Công an Thành phố"),
    ("Thuế TP Hà Nội", "Thuế thành phố Hà Nội"),
]


def seed_aliases(db: Database, actor: User) -> int:
    """Add the usual abbreviations (SEED_ALIASES) whose unit is in the catalogue; an alias
    already there, perhaps changed by an administrator, is left alone. Returns how many were added."""
    require(actor, "units.manage")
    known = {a["key"] for a in store.unit_aliases(db)}
    match = unit_matcher(db)  # every unit, ended ones too: an old name's alias outlives its unit
    added = 0
    with db.atomic():
        for alias, name in SEED_ALIASES:
            unit = match(name)
            if unit and unit_key(alias) not in known:
                remember_alias(db, actor, alias, unit["code"])
                known.add(unit_key(alias))
                added += 1
    return added


# --- unit groups ---------------------------------------------------------------
# A collective name in a plan ("Các sở, ban, ngành") stands for many units. A group is
# effective-dated like a unit; its members on a day are the units of its kinds that exist
# that day, plus the units listed by hand (the press), when they exist that day.

SEED_GROUPS = [
    {
        "code": "SO-BAN-NGANH",
        "name": "Các sở, ban, ngành",
        "other_names": "Các sở, ban, ngành Thành phố; Sở, ban, ngành; Các sở, ban, ngành thuộc Thành phố",
        "kinds": "department",
    },
    {
        "code": "UBND-QUAN-HUYEN",
        "name": "UBND các quận, huyện, thị xã",
        "other_names": "UBND quận, huyện, thị xã; UBND các quận, huyện; Các quận, huyện, thị xã",
        "kinds": "district",
        "valid_to": "2025-06-30",
    },
    {
        "code": "UBND-XA-PHUONG",
        "name": "UBND các xã, phường",
        "other_names": "UBND xã, phường; UBND các phường, xã; Các xã, phường; UBND cấp xã",
        "kinds": "commune",
        "valid_from": "2025-07-01",
    },
    {
        "code": "BAO-CHI",
        "name": "Các cơ quan báo chí Thành phố",
        "other_names": "Các cơ quan báo chí; Cơ quan báo chí Thành phố; Các cơ quan báo chí của Thành phố",
        "members": ("Đài Phát thanh và Truyền hình Hà Nội", "Báo Hà Nội Mới", "Báo Kinh tế và Đô thị"),
    },
]
_GROUP_TAILS = (" thanh pho ha noi", " thanh pho", " tp ha noi", " tp", " ha noi")


def group_key(text: str | None) -> str:
    """A collective name folded for matching: "Ủy ban nhân dân" read as "UBND", the city's
    name at the end left out ("Các sở, ban, ngành Thành phố" -> "cac so ban nganh")."""
    key = unit_key(text).replace("uy ban nhan dan", "ubnd")
    for tail in _GROUP_TAILS:
        if key.endswith(tail):
            return key[: -len(tail)]
    return key


def list_groups(db: Database) -> list[dict]:
    """Every group with its hand-listed member ids (`member_ids`)."""
    return [{**g, "member_ids": store.unit_group_member_ids(db, g["id"])} for g in store.unit_groups(db)]


def get_group(db: Database, code: str) -> dict:
    group = store.unit_group_by_code(db, code)
    if group is None:
        raise NotFound("error.unit_group_not_found", code=code)
    return {**group, "member_ids": store.unit_group_member_ids(db, group["id"])}


def group_by_id(db: Database, group_id: int) -> dict | None:
    """The group with this id, or None (other slices store group ids)."""
    group = store.unit_group_row(db, group_id)
    return {**group, "member_ids": store.unit_group_member_ids(db, group_id)} if group else None


def _validate_group(data: dict) -> dict:
    code = clean_line(data.get("code"))
    name = clean_line(data.get("name"))
    if not code:
        raise ValidationError("error.unit_code_missing", row="")
    if not name:
        raise ValidationError("error.unit_name_missing", code=code, row="")
    kinds = data.get("kinds") or ()
    kinds = [k.strip() for k in (kinds.split(",") if isinstance(kinds, str) else kinds) if k.strip()]
    for kind in kinds:
        if kind not in KINDS:
            raise ValidationError("error.unit_kind_unknown", kind=kind, row="")
    valid_from = iso_date(data.get("valid_from"), "valid_from", day_first=True)
    valid_to = iso_date(data.get("valid_to"), "valid_to", day_first=True)
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError("error.unit_dates_reversed", code=code, row="")
    others = data.get("other_names") or ()
    others = [clean_line(n) for n in (others.split(";") if isinstance(others, str) else others) if clean_line(n)]
    return {
        "code": code,
        "name": name,
        "other_names": "; ".join(others) or None,
        "kinds": ",".join(kinds) or None,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


def save_group(db: Database, actor: User, member_codes=(), **data) -> dict:
    """Create or update the group `data["code"]` with its hand-listed members, in one
    transaction (audited)."""
    require(actor, "units.manage")
    row = _validate_group(data)
    members = [get_unit(db, c)["id"] for c in member_codes if c]
    before = store.unit_group_by_code(db, row["code"])
    with db.atomic():
        if before:
            group_id = before["id"]
            store.update_unit_group(db, group_id, row)
        else:
            group_id = store.insert_unit_group(db, row)
        old_members = store.unit_group_member_ids(db, group_id)
        store.set_unit_group_members(db, group_id, members)
        audit.record(
            db,
            actor,
            "update" if before else "create",
            "unit_groups",
            group_id,
            {**before, "member_ids": old_members} if before else None,
            {**row, "member_ids": members},
        )
    return get_group(db, row["code"])


def seed_groups(db: Database, actor: User) -> int:
    """Add the usual collective names (SEED_GROUPS) not yet defined. Returns how many were added."""
    require(actor, "units.manage")
    added = 0
    match = unit_matcher(db)
    for seed in SEED_GROUPS:
        if store.unit_group_by_code(db, seed["code"]) is None:
            members = [u["code"] for u in (match(n) for n in seed.get("members", ())) if u]
            save_group(db, actor, members, **{k: v for k, v in seed.items() if k != "members"})
            added += 1
    return added


def expand_group(db: Database, group: dict | str, day: date | str) -> list[dict]:
    """The units a group stands for on `day`: none when the group does not exist that day;
    else the units of its kinds and its hand-listed units that exist that day, by name."""
    group = get_group(db, group) if isinstance(group, str) else group
    day = day if isinstance(day, str) else day.isoformat()
    if not exists_on(group, day):
        return []
    kinds = [k for k in (group["kinds"] or "").split(",") if k]
    found = {u["id"]: u for u in store.units_valid_on(db, day, kinds)} if kinds else {}
    member_ids = group.get("member_ids", store.unit_group_member_ids(db, group["id"]))
    for unit_id in member_ids:
        unit = store.unit_row(db, unit_id)
        if unit and exists_on(unit, day):
            found[unit_id] = unit
    return sorted(found.values(), key=lambda u: (u["name"], u["code"]))


def count_units(db: Database, unit_ids=(), group_ids=(), day: date | str | None = None) -> int:
    """How many distinct units some units and groups name on `day` (a group counted as its
    members that day, a unit in two of them once)."""
    day = day or date.today()
    ids = set(unit_ids)
    for group_id in group_ids:
        group = group_by_id(db, group_id)
        if group:
            ids |= {u["id"] for u in expand_group(db, group, day)}
    return len(ids)


def group_matcher(db: Database, day: date | str | None = None) -> Callable[[str], dict | None]:
    """A function that finds the group a collective name means ("Các sở, ban, ngành
    Thành phố", "Ủy ban nhân dân các xã, phường"), among the groups that exist on `day`."""
    index: dict[str, list[dict]] = {}
    for group in list_groups(db):
        if day is not None and not exists_on(group, day):
            continue
        for name in [group["name"], group["code"], *(group["other_names"] or "").split(";")]:
            if group_key(name):
                index.setdefault(group_key(name), []).append(group)

    def match(name: str) -> dict | None:
        found = {g["id"]: g for g in index.get(group_key(name), [])}
        return next(iter(found.values())) if len(found) == 1 else None

    return match


def match_group(db: Database, name: str, day: date | str | None = None) -> dict | None:
    """The one group `name` means on `day` (see `group_matcher`), or None."""
    return group_matcher(db, day)(name)


def _validate(db: Database, data: dict, row: int | None = None) -> dict:
    code = clean_line(data.get("code"))
    name = visible_line(data.get("name"))
    kind = clean_line(data.get("kind")).lower()
    if not code:
        raise ValidationError("error.unit_code_missing", row=row or "")
    if not name:
        raise ValidationError("error.unit_name_missing", code=code, row=row or "")
    if kind not in KINDS:
        raise ValidationError("error.unit_kind_unknown", kind=kind, row=row or "")
    valid_from = iso_date(data.get("valid_from"), "valid_from", row, day_first=True)
    valid_to = iso_date(data.get("valid_to"), "valid_to", row, day_first=True)
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError("error.unit_dates_reversed", code=code, row=row or "")
    return {
        "code": code,
        "name": name,
        "short_name": clean_line(data.get("short_name")) or None,
        "kind": kind,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "note": clean_line(data.get("note")) or None,
        "official_code": clean_line(data.get("official_code")) or None,
    }


def _parent_id(db: Database, parent_code: str | None, row: int | None = None) -> int | None:
    parent_code = clean_line(parent_code)
    if not parent_code:
        return None
    parent = store.unit_by_code(db, parent_code)
    if parent is None:
        raise ValidationError("error.unit_parent_unknown", code=parent_code, row=row or "")
    return parent["id"]


def _check_official_code(db: Database, row: dict, unit_id: int | None = None) -> None:
    other = store.unit_by_official_code(db, row["official_code"]) if row["official_code"] else None
    if other and other["id"] != unit_id:
        raise ValidationError("error.unit_official_code_taken", official_code=row["official_code"], code=other["code"])


def find_unit_by_code_or_official(db: Database, code: str) -> dict | None:
    """The unit whose code, or else whose official code (mã đơn vị hành chính), is `code`."""
    code = clean_line(code)
    return (store.unit_by_code(db, code) or store.unit_by_official_code(db, code)) if code else None


def add_unit(db: Database, actor: User, **data) -> dict:
    require(actor, "units.manage")
    row = _validate(db, data)
    if store.unit_by_code(db, row["code"]):
        raise ValidationError("error.unit_code_taken", code=row["code"])
    _check_official_code(db, row)
    row["parent_id"] = _parent_id(db, data.get("parent_code"))
    with db.atomic():
        unit_id = store.insert_unit(db, row)
        audit.record(db, actor, "create", "units", unit_id, None, row)
    return store.unit_row(db, unit_id)


def update_unit(db: Database, actor: User, code: str, **changes) -> dict:
    require(actor, "units.manage")
    before = get_unit(db, code)
    merged = {**before, **changes}
    row = _validate(db, merged)
    if row["code"] != code and store.unit_by_code(db, row["code"]):
        raise ValidationError("error.unit_code_taken", code=row["code"])
    _check_official_code(db, row, before["id"])
    if "parent_code" in changes:
        row["parent_id"] = _parent_id(db, changes["parent_code"])
        if row["parent_id"] == before["id"]:
            raise ValidationError("error.unit_parent_self", code=code)
    with db.atomic():
        store.update_unit(db, before["id"], row)
        audit.record(db, actor, "update", "units", before["id"], before, {**before, **row})
    return store.unit_row(db, before["id"])


def retire_unit(db: Database, actor: User, code: str, valid_to: date | str, successor_codes=()) -> dict:
    """End a unit on `valid_to` and link it to the units that take over its work."""
    require(actor, "units.manage")
    unit = get_unit(db, code)
    end = iso_date(valid_to, "valid_to", day_first=True)
    if unit["valid_from"] and end < unit["valid_from"]:
        raise ValidationError("error.unit_dates_reversed", code=code, row="")
    successors = [get_unit(db, c) for c in successor_codes if c]
    if any(s["id"] == unit["id"] for s in successors):
        raise ValidationError("error.unit_successor_self", code=code)
    with db.atomic():
        store.update_unit(db, unit["id"], {"valid_to": end})
        for succ in successors:
            store.insert_succession(db, unit["id"], succ["id"], end)
        audit.record(
            db,
            actor,
            "retire",
            "units",
            unit["id"],
            {"valid_to": unit["valid_to"]},
            {"valid_to": end, "successors": [s["code"] for s in successors]},
        )
    return store.unit_row(db, unit["id"])


def parse_units_csv(data: bytes) -> list[tuple[int, dict]]:
    """Rows of a units CSV (UTF-8, with or without BOM; comma, semicolon or tab), each with
    its row number, read by the guarded office reader and validated for shape only."""
    rows = office_files.csv_records(data, CSV_REQUIRED, office_files.limits_for(MAX_CSV_BYTES))
    return [(number, {key: unescape_text(value) for key, value in row.items()}) for number, row in rows]


def import_csv(db: Database, actor: User, data: bytes) -> dict:
    """Create or update units from a CSV, all or nothing.

    Returns {"created": n, "updated": n}. Any bad row (missing column, unknown kind,
    duplicate code, unknown parent or successor) refuses the whole file and lists
    every problem with its line number."""
    require(actor, "units.manage")
    rows = parse_units_csv(data)
    errors: list[dict] = []
    seen: dict[str, int] = {}
    clean: list[tuple[int, dict, dict, dict | None]] = []
    for index, raw in rows:
        try:
            row = _validate(db, raw, index)
        except ValidationError as exc:
            errors.append({"row": index, "key": exc.key, "params": exc.params})
            continue
        by_code = store.unit_by_code(db, row["code"])
        by_official = store.unit_by_official_code(db, row["official_code"]) if row["official_code"] else None
        if by_code and by_official and by_code["id"] != by_official["id"]:
            params = {"official_code": row["official_code"], "code": by_official["code"]}
            errors.append({"row": index, "key": "error.unit_official_code_taken", "params": params})
            continue
        existing = by_code or by_official
        if existing:
            row["code"] = existing["code"]  # a unit known by its official code keeps its own code
        for key in filter(None, {row["code"], row["official_code"]}):
            if key in seen:
                params = {"code": key, "first": seen[key]}
                errors.append({"row": index, "key": "error.csv_duplicate_code", "params": params})
                break
        else:
            seen.update({key: index for key in filter(None, {row["code"], row["official_code"]})})
            clean.append((index, row, raw, existing))
    known = {u["code"] for u in store.list_units(db)} | {u["official_code"] for u in store.list_units(db)} | set(seen)
    for index, _row, raw, _existing in clean:
        for ref in [raw.get("parent_code", "")] + _codes(raw.get("successor_codes")):
            ref = ref.strip()
            if ref and ref not in known:
                errors.append({"row": index, "key": "error.unit_ref_unknown", "params": {"code": ref}})
    if errors:
        raise ValidationError("error.csv_rejected", errors=errors, n=len(errors))
    created = updated = 0
    with db.atomic():
        for _index, row, _raw, existing in clean:  # pass 1: the units themselves
            if existing:
                store.update_unit(db, existing["id"], row)
                audit.record(db, actor, "update", "units", existing["id"], existing, {**existing, **row})
                updated += 1
            else:
                unit_id = store.insert_unit(db, row)
                audit.record(db, actor, "create", "units", unit_id, None, row)
                created += 1
        for _index, row, raw, _existing in clean:  # pass 2: links, now that every code exists
            unit = store.unit_by_code(db, row["code"])
            if raw.get("parent_code"):
                store.update_unit(
                    db, unit["id"], {"parent_id": find_unit_by_code_or_official(db, raw["parent_code"])["id"]}
                )
            for succ in _codes(raw.get("successor_codes")):
                store.insert_succession(
                    db, unit["id"], find_unit_by_code_or_official(db, succ)["id"], row["valid_to"] or ""
                )
    return {"created": created, "updated": updated}


def _codes(text: str | None) -> list[str]:
    """ "A; B, C" -> ["A", "B", "C"]: a CSV cell listing unit codes."""
    return [c.strip() for c in (text or "").replace(",", ";").split(";") if c.strip()]


def export_csv(db: Database) -> bytes:
    """The units as the CSV `import_csv` reads, written by the one CSV writer of every
    export (core.tabular: text quoted, formula characters escaped)."""
    units = store.list_units(db)
    by_id = {u["id"]: u for u in units}
    rows = [
        {
            "code": u["code"],
            "name": u["name"],
            "kind": u["kind"],
            "short_name": u["short_name"] or "",
            "parent_code": by_id[u["parent_id"]]["code"] if u["parent_id"] else "",
            "valid_from": u["valid_from"] or "",
            "valid_to": u["valid_to"] or "",
            "successor_codes": ";".join(s["code"] for s in store.successors(db, u["id"])),
            "note": u["note"] or "",
            "official_code": u["official_code"] or "",
        }
        for u in units
    ]
    return to_csv([Column(name, name) for name in CSV_REQUIRED + CSV_OPTIONAL], rows)

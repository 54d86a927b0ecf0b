"""News sources: feed URLs with outlet, kind, active flag and uniqueness rule; OPML
import and export; the host allow-list administrators use for internal addresses."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sqlite_utils import Database

from core import audit
from core.errors import NotFound, ValidationError
from core.i18n import utc_now_iso
from core.permissions import User, require
from core.text import clean_line
from media import store
from media.urls import allowed_entry, check_url

_HOST = re.compile(r"^[a-z0-9.\-:\[\]]+$")
EDITABLE = ("name", "url", "outlet", "kind", "active", "unique_by")


def list_sources(db: Database, user: User) -> list[dict]:
    require(user, "media.view")
    return store.list_sources(db)


def get_source(db: Database, source_id: int) -> dict:
    row = store.source_row(db, source_id)
    if row is None:
        raise NotFound("media.error.source_not_found", source=source_id)
    return row


def _validate(db: Database, data: dict, source_id: int | None = None, resolve: bool = True) -> dict:
    row = {k: data[k] for k in EDITABLE if k in data}
    if "name" in row:
        row["name"] = clean_line(row["name"])
        if not row["name"]:
            raise ValidationError("media.error.source_name_missing")
        other = store.source_by_name(db, row["name"])
        if other and other["id"] != source_id:
            raise ValidationError("media.error.source_name_taken", name=row["name"])
    if row.get("url"):
        row["url"] = check_url(row["url"], store.allowed_hosts(db), resolve=resolve)
        other = store.source_by_url(db, row["url"])
        if other and other["id"] != source_id:
            raise ValidationError("media.error.source_url_taken", url=row["url"])
    if "outlet" in row:
        row["outlet"] = clean_line(row["outlet"]) or None
    if "kind" in row and row["kind"] not in store.SOURCE_KINDS:
        raise ValidationError("media.error.source_kind", kind=row["kind"])
    if "unique_by" in row and row["unique_by"] not in store.UNIQUE_BY:
        raise ValidationError("media.error.unique_by", value=row["unique_by"])
    if "active" in row:
        row["active"] = int(bool(row["active"]))
    return row


def add_source(
    db: Database,
    actor: User,
    *,
    name: str,
    url: str,
    outlet: str = "",
    kind: str = "other",
    active: bool = False,
    unique_by: str = "guid",
    resolve: bool = True,
) -> dict:
    """A new feed source (administrators). The URL is checked before anything is stored."""
    require(actor, "media.sources")
    row = _validate(
        db,
        {"name": name, "url": url, "outlet": outlet or name, "kind": kind, "active": active, "unique_by": unique_by},
        resolve=resolve,
    )
    now = utc_now_iso()
    row.update(created_at=now, updated_at=now)
    with db.atomic():
        source_id = store.insert_source(db, row)
        audit.record(db, actor, "create", "media_sources", source_id, None, row)
    return store.source_row(db, source_id)


def update_source(db: Database, actor: User, source_id: int, **changes) -> dict:
    require(actor, "media.sources")
    before = get_source(db, source_id)
    row = _validate(db, changes, source_id)
    row["updated_at"] = utc_now_iso()
    with db.atomic():
        store.update_source(db, source_id, row)
        after = store.source_row(db, source_id)
        audit.record(db, actor, "update", "media_sources", source_id, before, after)
    return after


def allow_host(db: Database, actor: User, host: str) -> str:
    """Let sources point at an internal host (e.g. a city intranet feed server) on one port
    (`host:8080`), or on the web ports 80 and 443 when no port is given."""
    require(actor, "media.sources")
    host = clean_line(host).lower()
    entry = allowed_entry(host) if host and _HOST.match(host) else None
    if entry is None:
        raise ValidationError("media.error.host_invalid", host=host)
    host = entry
    with db.atomic():
        store.insert_allowed_host(db, {"host": host, "added_by": actor.id, "created_at": utc_now_iso()})
        audit.record(db, actor, "create", "media_allowed_hosts", host, None, {"host": host})
    return host


def disallow_host(db: Database, actor: User, host: str) -> None:
    require(actor, "media.sources")
    host = allowed_entry(clean_line(host)) or clean_line(host).lower()
    with db.atomic():
        store.delete_allowed_host(db, host)
        audit.record(db, actor, "delete", "media_allowed_hosts", host, {"host": host}, None)


def allowed_hosts(db: Database, user: User) -> list[str]:
    require(user, "media.view")
    return sorted(store.allowed_hosts(db))


def parse_opml(data: bytes) -> list[dict]:
    """Feed outlines of an OPML file: [{"name", "url", "outlet"}]. Anything else is refused."""
    if b"<!ENTITY" in data[:4096] or b"<!DOCTYPE" in data[:4096]:
        raise ValidationError("media.error.opml_invalid")
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise ValidationError("media.error.opml_invalid") from None
    if root.tag.lower() != "opml" or root.find("body") is None:
        raise ValidationError("media.error.opml_invalid")
    found = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            name = clean_line(outline.get("title") or outline.get("text") or url)
            found.append({"name": name, "url": url, "outlet": clean_line(outline.get("category") or "") or name})
    return found


def import_opml(db: Database, actor: User, data: bytes, resolve: bool = True) -> dict:
    """Add the feeds of an OPML file as inactive sources, all or nothing: a refused URL
    is listed and nothing is stored. Feeds already present are skipped."""
    require(actor, "media.sources")
    outlines = parse_opml(data)
    errors, rows, names = [], [], set()
    for index, outline in enumerate(outlines, start=1):
        if store.source_by_url(db, outline["url"].strip()):
            continue
        name = outline["name"]
        if store.source_by_name(db, name) or name in names:
            name = f"{name} ({index})"
        names.add(name)
        try:
            rows.append(
                _validate(
                    db, {**outline, "name": name, "kind": "other", "active": 0, "unique_by": "guid"}, resolve=resolve
                )
            )
        except ValidationError as exc:
            errors.append({"row": index, "key": exc.key, "params": exc.params})
    if errors:
        raise ValidationError("media.error.opml_invalid", errors=errors)
    now = utc_now_iso()
    with db.atomic():
        for row in rows:
            row.update(created_at=now, updated_at=now)
            source_id = store.insert_source(db, row)
            audit.record(db, actor, "create", "media_sources", source_id, None, row)
    return {"added": len(rows), "skipped": len(outlines) - len(rows)}


def export_opml(db: Database, user: User) -> bytes:
    require(user, "media.view")
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "CCHC – nguồn tin"
    body = ET.SubElement(root, "body")
    for source in store.list_sources(db):
        if source["url"]:
            ET.SubElement(
                body,
                "outline",
                type="rss",
                text=source["name"],
                title=source["name"],
                xmlUrl=source["url"],
                category=source["outlet"] or "",
            )
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

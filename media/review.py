"""Staff review of coverage: the queue of new relevant articles, confirm/reject, themes,
tone (negative coverage is feedback to follow up), links to plan activities (evidence),
bulk actions, and coverage entered by hand or by URL through the same pipeline."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from html.parser import HTMLParser

from sqlite_utils import Database

from core import audit
from core.errors import AppError, NotFound, ValidationError
from core.i18n import TZ, utc_now_iso
from core.permissions import User, require
from core.text import clean_line, nfc, visible_line
from media import store
from media.ingest import Pipeline
from media.parse import plain_text, sanitize_html
from plans.activities import find_activity, list_activities
from plans.plans import annual_plan_for, annual_plans
from plans.themes import find_theme, list_themes


def get_article(db: Database, user: User, article_id: int) -> dict:
    require(user, "media.view")
    row = store.article_row(db, article_id)
    if row is None:
        raise NotFound("media.error.article_not_found", article=article_id)
    row["theme_ids"] = store.article_themes(db, [article_id])[article_id]
    row["activity_ids"] = store.linked_activity_ids(db, article_id)
    return row


def review_queue(db: Database, user: User, limit: int = 200, offset: int = 0, year: int | None = None) -> list[dict]:
    """New relevant stories, most relevant first, one card each (its first article still to
    review; `copies` and `outlets` say who else told it), with their theme ids (one page),
    published in `year` when given."""
    require(user, "media.view")
    rows = store.review_queue(db, limit, offset, year)
    themes = store.article_themes(db, [r["id"] for r in rows])
    for row in rows:
        row["theme_ids"] = themes[row["id"]]
    return rows


def review_counts(db: Database, user: User, year: int | None = None) -> dict[str, int]:
    """{"queue": new relevant stories (of `year` when given), "reviewed": confirmed or rejected articles}."""
    require(user, "media.view")
    return {"queue": store.count_review_queue(db, year), "reviewed": store.count_reviewed(db)}


def queue_years(db: Database, user: User) -> list[int]:
    """The years of what waits in the queue, the latest first."""
    require(user, "media.view")
    return store.review_queue_years(db)


def reviewed(db: Database, user: User, limit: int = 50, offset: int = 0) -> list[dict]:
    """Articles already decided (confirmed or rejected), the latest first, with their theme
    and activity ids, so a decision can be looked at again and changed (one page)."""
    require(user, "media.view")
    rows = store.reviewed_articles(db, limit, offset)
    themes = store.article_themes(db, [r["id"] for r in rows])
    for row in rows:
        row["theme_ids"] = themes[row["id"]]
        row["activity_ids"] = store.linked_activity_ids(db, row["id"])
    return rows


def review_article(
    db: Database,
    actor: User,
    article_id: int,
    *,
    state: str,
    tone: str | None,
    theme_ids: list[int],
    activity_id: int | None = None,
) -> dict:
    """One card of the review queue decided at once, in one transaction: the decision
    (new, confirmed or rejected), the tone, the themes, and a link to a plan activity.
    Only what differs from the stored article is written (and audited)."""
    require(actor, "media.review")
    first = get_article(db, actor, article_id)
    ids = _check_themes(db, theme_ids)
    if activity_id is not None:
        _check_activity(db, activity_id)
    # A story told by several outlets is decided once: the copies still waiting get the same decision.
    copies = store.story_copies_to_review(db, article_id) if first["review"] == "new" and state != "new" else []
    with db.atomic():
        for one in (article_id, *copies):
            before = first if one == article_id else get_article(db, actor, one)
            if state != before["review"]:
                set_review(db, actor, one, state)
            if tone != before["tone"]:
                set_tone(db, actor, one, tone)
            if ids != sorted(before["theme_ids"]):
                set_themes(db, actor, one, ids)
            if activity_id is not None and activity_id not in before["activity_ids"]:
                link_activity(db, actor, one, activity_id)
    return get_article(db, actor, article_id)


def _ids(article_ids) -> list[int]:
    ids = sorted({int(i) for i in (article_ids if isinstance(article_ids, (list, tuple, set)) else [article_ids])})
    if not ids:
        raise ValidationError("media.error.nothing_selected")
    return ids


def _bulk(db: Database, actor: User, article_ids, changes: dict) -> int:
    ids = _ids(article_ids)
    befores = [get_article(db, actor, i) for i in ids]
    with db.atomic():
        store.open_review_history(db, ids)
        for before in befores:
            store.update_article(db, before["id"], changes)
            audit.record(db, actor, "update", "articles", before["id"], {k: before[k] for k in changes}, changes)
        store.record_review_state(db, ids, utc_now_iso(), actor.id)
    return len(ids)


def set_review(db: Database, actor: User, article_ids, state: str, note: str | None = None) -> int:
    """Confirm or reject relevance (one article or many). Returns how many changed."""
    require(actor, "media.review")
    if state not in store.REVIEW_STATES:
        raise ValidationError("media.error.review_state", value=state)
    changes = {"review": state, "reviewed_by": actor.id, "reviewed_at": utc_now_iso()}
    if note is not None:
        changes["note"] = nfc(note).strip() or None
    return _bulk(db, actor, article_ids, changes)


def set_tone(db: Database, actor: User, article_ids, tone: str | None) -> int:
    require(actor, "media.review")
    if tone is not None and tone not in store.TONES:
        raise ValidationError("media.error.tone", value=tone)
    return _bulk(db, actor, article_ids, {"tone": tone})


def _check_themes(db: Database, theme_ids) -> list[int]:
    ids = sorted({int(t) for t in theme_ids})
    for theme_id in ids:
        if find_theme(db, theme_id) is None:
            raise NotFound("media.error.theme_not_found", theme=theme_id)
    return ids


def set_themes(db: Database, actor: User, article_id: int, theme_ids: list[int]) -> dict:
    """Themes chosen by a person; re-applying the rules keeps them."""
    require(actor, "media.review")
    before = get_article(db, actor, article_id)
    ids = _check_themes(db, theme_ids)
    with db.atomic():
        store.open_review_history(db, [article_id])
        store.set_article_themes(db, article_id, ids, "manual")
        store.update_article(db, article_id, {"themes_manual": 1})
        store.record_review_state(db, [article_id], utc_now_iso(), actor.id)
        audit.record(
            db, actor, "update", "article_themes", article_id, {"theme_ids": before["theme_ids"]}, {"theme_ids": ids}
        )
    return get_article(db, actor, article_id)


def _check_activity(db: Database, activity_id: int) -> None:
    if find_activity(db, activity_id) is None:
        raise NotFound("media.error.activity_not_found", activity=activity_id)


def link_activity(db: Database, actor: User, article_ids, activity_id: int) -> int:
    """Link articles to a plan activity: they then show in that activity's evidence."""
    require(actor, "media.review")
    ids = _ids(article_ids)
    _check_activity(db, activity_id)
    for article_id in ids:
        get_article(db, actor, article_id)
    now = utc_now_iso()
    with db.atomic():
        store.open_review_history(db, ids)
        for article_id in ids:
            store.link_activity(
                db, {"article_id": article_id, "activity_id": activity_id, "linked_by": actor.id, "linked_at": now}
            )
            audit.record(
                db,
                actor,
                "create",
                "article_activity_links",
                f"{article_id}:{activity_id}",
                None,
                {"article_id": article_id, "activity_id": activity_id},
            )
        store.record_review_state(db, ids, now, actor.id)
    return len(ids)


def unlink_activity(db: Database, actor: User, article_id: int, activity_id: int) -> None:
    require(actor, "media.review")
    with db.atomic():
        store.open_review_history(db, [article_id])
        store.unlink_activity(db, article_id, activity_id)
        store.record_review_state(db, [article_id], utc_now_iso(), actor.id)
        audit.record(
            db,
            actor,
            "delete",
            "article_activity_links",
            f"{article_id}:{activity_id}",
            {"article_id": article_id, "activity_id": activity_id},
            None,
        )


def negative_feedback(db: Database, user: User) -> list[dict]:
    """Negative coverage not rejected: feedback items the office follows up."""
    from media.search import search

    return search(db, user, "", tone="negative", limit=500)


def _published(value) -> str:
    """UTC ISO time of a publication; a bare date means noon in Hà Nội."""
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError("media.error.date_invalid", value=value) from None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=TZ)
    elif isinstance(value, date):
        moment = datetime.combine(value, time(12), tzinfo=TZ)
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise ValidationError("media.error.date_invalid", value=value) from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=TZ)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def add_manual(
    db: Database,
    actor: User,
    *,
    title: str,
    published,
    outlet: str,
    medium: str = "print",
    url: str = "",
    text: str = "",
    tone: str | None = None,
    theme_ids: list[int] = (),
    activity_ids: list[int] = (),
    origin: str = "manual",
) -> dict:
    """Coverage without a feed (print, TV, radio, portals), stored through the same
    pipeline (de-duplication, rules, search index) and confirmed by the person entering it."""
    require(actor, "media.review")
    title = visible_line(title)
    if not title:
        raise ValidationError("media.error.title_missing")
    if medium not in store.MEDIA_KINDS:
        raise ValidationError("media.error.medium", value=medium)
    if tone is not None and tone not in store.TONES:
        raise ValidationError("media.error.tone", value=tone)
    if url:
        from media.urls import check_url

        url = check_url(url, store.allowed_hosts(db), resolve=False)
    themes = _check_themes(db, theme_ids)
    for activity_id in activity_ids:
        _check_activity(db, activity_id)
    published_at = _published(published)
    now = utc_now_iso()
    safe = sanitize_html(nfc(text).replace("\n", "<br>")) if text else ""
    entry = {
        "guid": None,
        "url": url or None,
        "title": title,
        "summary_html": safe or None,
        "text": plain_text(safe),
        "published_at": published_at,
        "date_missing": 0,
    }
    with db.atomic():
        result = Pipeline(db).add(
            None,
            entry,
            now,
            outlet=outlet,
            medium=medium,
            origin=origin,
            review="confirmed",
            relevant=1,
            tone=tone,
            reviewed_by=actor.id,
            reviewed_at=now,
            created_by=actor.id,
        )
        if result["status"] == "duplicate":
            raise AppError("media.error.duplicate", article=result["id"])
        article_id = result["id"]
        if themes:
            store.set_article_themes(db, article_id, themes, "manual")
            store.update_article(db, article_id, {"themes_manual": 1})
        for activity_id in activity_ids:
            store.link_activity(
                db, {"article_id": article_id, "activity_id": activity_id, "linked_by": actor.id, "linked_at": now}
            )
        store.record_review_state(db, [article_id], now, actor.id)  # a person's entry: its history starts here
        audit.record(
            db,
            actor,
            "create",
            "articles",
            article_id,
            None,
            {
                "title": title,
                "outlet": outlet,
                "medium": medium,
                "published_at": published_at,
                "url": url,
                "tone": tone,
                "theme_ids": themes,
                "activity_ids": list(activity_ids),
            },
        )
    return get_article(db, actor, article_id)


class _PageMeta(HTMLParser):
    """Title, published time and description from a page's <head>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and "content" in attrs:
                self.meta.setdefault(key, attrs["content"])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def page_details(data: bytes, headers: dict) -> dict:
    """{"title", "published", "description"} of an HTML page (published may be None)."""
    charset = "utf-8"
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
    try:
        text = data.decode(charset, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    parser = _PageMeta()
    parser.feed(text)
    meta = parser.meta
    title = clean_line(meta.get("og:title") or meta.get("twitter:title") or parser.title)
    published = None
    for key in ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date.issued"):
        if meta.get(key):
            try:
                published = datetime.fromisoformat(meta[key].strip().replace("Z", "+00:00"))
                break
            except ValueError:
                continue
    return {
        "title": title,
        "published": published,
        "description": clean_line(meta.get("og:description") or meta.get("description")),
    }


def add_by_url(db: Database, actor: User, url: str, *, outlet: str = "", medium: str = "portal", **extra) -> dict:
    """Fetch a page (moha.gov.vn, hanoi.gov.vn, …), read its title and date, and store
    it as confirmed coverage. Needs network fetching enabled."""
    require(actor, "media.review")
    from media.fetch import fetch_url
    from media.urls import check_url

    url = check_url(url, store.allowed_hosts(db))
    response = fetch_url(db, url)
    if response.status != "ok":
        raise AppError("media.error.page_fetch", url=url, error=response.error or response.status)
    details = page_details(response.data, response.headers)
    if not details["title"]:
        raise AppError("media.error.page_fetch", url=url, error="no title")
    host = (response.final_url or url).split("/")[2]
    return add_manual(
        db,
        actor,
        title=details["title"],
        published=details["published"] or datetime.now(UTC),
        outlet=outlet or host,
        medium=medium,
        url=url,
        text=details["description"],
        origin="url",
        **extra,
    )


def theme_choices(db: Database, year: int | None = None) -> dict[int, str]:
    """Theme id -> "code – title" for the annual plan of `year` (all plans when None)."""
    if year is None:
        chosen = annual_plans(db)
        prefix = True
    else:
        plan = annual_plan_for(db, year)
        chosen, prefix = ([plan] if plan else []), False
    return {
        t["id"]: (f"{plan['year']} · " if prefix else "") + f"{t['code']} – {t['title']}"
        for plan in chosen
        for t in list_themes(db, plan["id"])
    }


def activity_choices(db: Database, year: int) -> dict[int, str]:
    """Activity id -> title for the annual plan of `year`."""
    plan = annual_plan_for(db, year)
    return {a["id"]: a["title"] for a in list_activities(db, plan["id"])} if plan else {}


# What a reviewer can do to several articles at once, in menu order.
BULK_ACTIONS = ("confirmed", "rejected", "positive", "neutral", "negative", "link")


def apply_bulk(db: Database, actor: User, article_ids, action: str, activity_id: int | None = None) -> int:
    """One bulk action on the chosen articles: confirm or reject, set the tone, or link them
    to a plan activity. Returns how many articles it touched."""
    if action in store.REVIEW_STATES:
        return set_review(db, actor, article_ids, action)
    if action == "link":
        return link_activity(db, actor, article_ids, activity_id)
    if action in store.TONES:
        return set_tone(db, actor, article_ids, action)
    raise ValidationError("media.error.bulk_action", value=action)


def bulk_activity_choices(db: Database, queue: list[dict], chosen_ids) -> dict[int, str]:
    """The activities chosen articles can be linked to: those of the plan of the earliest
    chosen article's year (none until an article is chosen)."""
    years = sorted({int(a["published_at"][:4]) for a in queue if a["id"] in set(chosen_ids)})
    return activity_choices(db, years[0]) if years else {}

import streamlit as st

from core.i18n import fmt_datetime
from core.markup import md_escape
from core.settings import get_settings
from core.ui import allowed, attempt, current_lang, db, record_keys, require_user, save, tr
from media import fetch, sources, store

user = require_user()
lang = current_lang()
st.title(tr("nav.media.sources"))

rows = sources.list_sources(db(), user)
st.dataframe(
    [
        {
            tr("media.field.name"): s["name"],
            tr("media.field.outlet"): s["outlet"],
            tr("media.field.kind"): tr(f"media.kind.{s['kind']}"),
            tr("media.field.active"): "✓" if s["active"] else "",
            tr("media.field.status"): tr(f"media.status.{s['last_status'] or 'never'}"),
            tr("media.field.last_success"): fmt_datetime(s["last_success_at"], lang),
            tr("media.field.last_error"): s["last_error"] or "",
            tr("media.field.errors"): s["consecutive_errors"],
            tr("media.field.next_fetch"): fmt_datetime(s["next_fetch_at"], lang),
            "URL": s["url"] or "",
        }
        for s in rows
    ],
    hide_index=True,
    width="stretch",
)

if allowed("media.fetch"):
    fetching_off = not get_settings().fetch_enabled
    if fetching_off:
        st.info(tr("media.error.fetch_disabled"))
    if st.button(tr("media.fetch.now"), type="primary", key="media_sources_fetch", disabled=fetching_off):
        bar = st.progress(0.0, text=tr("media.fetch.running"))

        def show(done: int, total: int, name: str) -> None:
            bar.progress(done / total, text=tr("media.fetch.progress", done=done, total=total, name=name))

        summary = attempt(fetch.fetch_sources, db(), user, force=True, progress=show)
        if summary is not None:
            bar.progress(1.0, text=tr("media.fetch.finished"))
            st.success(
                tr(
                    "media.fetch.summary",
                    **{k: summary[k] for k in ("sources", "new", "duplicates", "relevant", "failed")},
                )
            )

if allowed("media.sources"):
    by_id = {s["id"]: s for s in rows}
    tab_add, tab_edit, tab_opml, tab_hosts = st.tabs(
        [tr("media.sources.add"), tr("media.sources.edit"), tr("media.sources.opml"), tr("media.sources.hosts")]
    )
    with tab_add, st.form("media_sources_add", clear_on_submit=True):
        name = st.text_input(tr("media.field.name"), key="media_sources_name")
        url = st.text_input("URL", key="media_sources_url")
        outlet = st.text_input(tr("media.field.outlet"), key="media_sources_outlet")
        kind = st.selectbox(
            tr("media.field.kind"),
            store.SOURCE_KINDS,
            format_func=lambda k: tr(f"media.kind.{k}"),
            key="media_sources_kind",
        )
        unique_by = st.selectbox(
            tr("media.field.unique_by"),
            store.UNIQUE_BY,
            format_func=lambda u: tr(f"media.unique.{u}"),
            key="media_sources_unique",
        )
        active = st.checkbox(tr("media.field.active"), key="media_sources_active")
        if st.form_submit_button(tr("common.save"), type="primary"):
            save(
                sources.add_source,
                db(),
                user,
                name=name,
                url=url,
                outlet=outlet,
                kind=kind,
                active=active,
                unique_by=unique_by,
                success=tr("media.saved"),
            )
    with tab_edit:
        if by_id:
            chosen = st.selectbox(
                tr("media.field.name"), list(by_id), format_func=lambda i: by_id[i]["name"], key="media_sources_pick"
            )
            source = by_id[chosen]
            key = record_keys("media_sources_edit", chosen)  # every widget below belongs to this source
            with st.form(key("form")):
                url = st.text_input("URL", source["url"] or "", key=key("url"))
                kind = st.selectbox(
                    tr("media.field.kind"),
                    store.SOURCE_KINDS,
                    index=store.SOURCE_KINDS.index(source["kind"]),
                    format_func=lambda k: tr(f"media.kind.{k}"),
                    key=key("kind"),
                )
                unique_by = st.selectbox(
                    tr("media.field.unique_by"),
                    store.UNIQUE_BY,
                    index=store.UNIQUE_BY.index(source["unique_by"]),
                    format_func=lambda u: tr(f"media.unique.{u}"),
                    key=key("unique"),
                )
                active = st.checkbox(tr("media.field.active"), bool(source["active"]), key=key("active"))
                if st.form_submit_button(tr("common.save")):
                    changes = {"kind": kind, "unique_by": unique_by, "active": active}
                    if url != (source["url"] or ""):
                        changes["url"] = url
                    save(sources.update_source, db(), user, chosen, **changes, success=tr("media.saved"))
    with tab_opml:
        upload = st.file_uploader(tr("media.sources.opml_import"), type=["opml", "xml"], key="media_sources_opml")
        if upload is not None and st.button(tr("media.sources.opml_import"), key="media_sources_opml_go"):
            save(
                sources.import_opml,
                db(),
                user,
                upload.getvalue(),
                success=lambda result: tr("media.sources.opml_done", **result),
            )
        st.download_button(
            tr("media.sources.opml_export"),
            sources.export_opml(db(), user),
            "nguon-tin.opml",
            "text/x-opml",
            key="media_sources_opml_export",
        )
    with tab_hosts:
        st.caption(tr("media.sources.hosts_help"))
        st.markdown(md_escape(", ".join(sources.allowed_hosts(db(), user))) or tr("common.none"))
        with st.form("media_sources_host"):
            host = st.text_input(tr("media.sources.host"), key="media_sources_host_name")
            if st.form_submit_button(tr("media.sources.allow")):
                save(sources.allow_host, db(), user, host, clear=("media_sources_host_name",))

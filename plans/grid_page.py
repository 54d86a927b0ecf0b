"""The plan's activities as a grid: filters, saved views, status and progress edited in
place, spreadsheet downloads. Read-only for leaders and inspectors."""

import pandas as pd
import streamlit as st

from core import paging, ui
from core.i18n import fmt_number, today_local
from core.ui import allowed, cached, current_lang, db, pick, require_user, save, tr
from plans import export, grid, plans, store, views

user = require_user()
lang = current_lang()
st.title(tr("nav.plans"))
labels, default = views.plan_choices(db(), cached(plans.list_plans, db(), user), today_local())
if not labels:
    st.info(tr("plans.dash.no_plan"))
    st.stop()
plan = plans.get_plan(db(), pick(tr("plans.page.plan"), labels, "plans_plan", default))
st.caption(views.plan_caption(plan, lang))
options = cached(views.filter_options, db(), plan)
STATUS_LABELS = {s: tr("plans.status." + s) for s in store.ACTIVITY_STATUSES}
QUARTER_LABELS = {q: tr("plans.quarter", n=q) for q in (1, 2, 3, 4)}
THEME_LABELS = {x["id"]: f"{x['code']}. {x['title'][:50]}" for x in options["themes"]}
CHANNEL_LABELS = {c["code"]: views.channel_name(c, lang) for c in options["channels"]}
ANY = tr("plans.page.any")
saved_views = {v["id"]: v for v in grid.list_views(db(), user)}


def load_view() -> None:
    """Put a saved view's filters into the filter widgets."""
    view = saved_views.get(st.session_state.get("plans_view"))
    if view:
        f = views.view_filters(view, options)
        for key, name in (("theme", "theme_ids"), ("unit", "lead_unit_ids"), ("channel", "channel_codes")):
            st.session_state[f"plans_f_{key}"] = f[name]
        st.session_state["plans_f_status"] = f["statuses"]
        st.session_state["plans_f_quarter"] = f["quarters"]
        st.session_state["plans_f_overdue"] = f["overdue_only"]


st.selectbox(
    tr("plans.page.saved_views"),
    [None, *saved_views],
    key="plans_view",
    on_change=load_view,
    format_func=lambda i: tr("plans.page.no_view") if i is None else saved_views[i]["name"],
)
cols = st.columns(3)
units = options["units"]
filters = {
    "theme_ids": cols[0].multiselect(
        tr("plans.col.theme"), list(THEME_LABELS), key="plans_f_theme", placeholder=ANY, format_func=THEME_LABELS.get
    ),
    "lead_unit_ids": cols[1].multiselect(
        tr("plans.col.lead_unit"), list(units), key="plans_f_unit", placeholder=ANY, format_func=units.get
    ),
    "channel_codes": cols[2].multiselect(
        tr("plans.col.channels"),
        list(CHANNEL_LABELS),
        key="plans_f_channel",
        placeholder=ANY,
        format_func=CHANNEL_LABELS.get,
    ),
}
cols = st.columns(3)
filters["statuses"] = cols[0].multiselect(
    tr("plans.col.status"), list(STATUS_LABELS), key="plans_f_status", placeholder=ANY, format_func=STATUS_LABELS.get
)
filters["quarters"] = cols[1].multiselect(
    tr("plans.page.quarter"),
    list(QUARTER_LABELS),
    key="plans_f_quarter",
    placeholder=ANY,
    format_func=QUARTER_LABELS.get,
)
filters["overdue_only"] = cols[2].checkbox(tr("plans.page.overdue_only"), key="plans_f_overdue")
with st.popover(tr("plans.page.save_view")):
    view_name = st.text_input(tr("plans.page.view_name"), key="plans_view_name")
    if st.button(tr("common.save"), key="plans_view_save"):
        save(grid.save_view, db(), user, view_name, filters, success=tr("plans.page.view_saved"))

rows = cached(grid.rows, db(), user, plan["id"], filters)
# A long plan is shown a page at a time: the grid sends only the rows on screen.
cols = st.columns([2, 1, 1], vertical_alignment="bottom")
size = cols[1].selectbox(tr("plans.page.page_size"), views.PAGE_SIZES, key="plans_page_size")
pages = paging.page_count(len(rows), size)
if st.session_state.get("plans_page_no", 1) > pages:  # fewer pages after a filter
    st.session_state["plans_page_no"] = pages
page = cols[2].number_input(tr("plans.page.page_no", pages=pages), 1, pages, step=1, key="plans_page_no")
shown = paging.page_of(rows, page, size)
first = (page - 1) * size + 1 if shown else 0
cols[0].caption(
    tr("plans.page.count", n=fmt_number(len(rows), lang))
    + (f" · {tr('plans.page.page_rows', first=first, last=first + len(shown) - 1, n=len(rows))}" if pages > 1 else "")
)
frame = pd.DataFrame(views.grid_rows(shown), columns=list(views.GRID_COLUMNS))
config = {
    "id": st.column_config.NumberColumn(tr("plans.col.id"), disabled=True),
    "theme": st.column_config.TextColumn(tr("plans.col.theme"), disabled=True),
    "title": st.column_config.TextColumn(tr("plans.col.title"), disabled=True, width="medium"),
    "lead": st.column_config.TextColumn(tr("plans.col.lead_unit"), disabled=True),
    "deadline": st.column_config.DateColumn(tr("plans.col.deadline"), format="DD/MM/YYYY", disabled=True),
    "status": st.column_config.SelectboxColumn(
        tr("plans.col.status"), options=list(STATUS_LABELS), required=True, format_func=STATUS_LABELS.get
    ),
    "progress": st.column_config.NumberColumn(tr("plans.col.progress"), min_value=0, max_value=100, step=1),
    "overdue": st.column_config.CheckboxColumn(tr("plans.col.overdue"), disabled=True),
    "at_risk": st.column_config.CheckboxColumn(tr("plans.dash.at_risk"), disabled=True),
    "budget": st.column_config.NumberColumn(tr("plans.col.budget"), format="localized", disabled=True),
    "review": st.column_config.TextColumn(tr("plans.col.review"), help=tr("plans.page.review_help")),
}
# The editable status and progress next to the title, so they stay in view on a narrow
# screen; the title pinned while scrolling sideways.
ORDER = ("title", "status", "progress", "deadline", "lead", "overdue", "at_risk", "theme", "budget", "id")
config["title"] = st.column_config.TextColumn(tr("plans.col.title"), disabled=True, width="medium", pinned=True)


@st.fragment
def edit_grid(frame: pd.DataFrame, shown: list[dict], key: str) -> None:
    """The editable grid and its save button: a changed cell reruns only this part of the page."""
    edited = st.data_editor(frame, column_config=config, column_order=ORDER, hide_index=True, width="stretch", key=key)
    edits = grid.changed_cells(shown, edited.to_dict("records"))
    if edits:  # said at once, so leaving the page does not lose them without a word
        st.warning(tr("plans.page.unsaved", n=len(edits)))
    if st.button(tr("plans.page.save_grid"), key="plans_grid_save", type="primary", disabled=not edits):
        save(grid.apply_edits, db(), user, edits, success=tr("plans.page.grid_saved", n=len(edits)))


if allowed("plans.edit"):
    edit_grid(frame, shown, f"plans_grid_{plan['id']}_{page}_{size}")  # edits belong to the rows they were made on
else:
    st.dataframe(
        frame, column_config=config, column_order=ORDER, hide_index=True, width="stretch", key="plans_grid_view"
    )
cols = st.columns(2)
for col, fmt, mime in ((cols[0], "xlsx", None), (cols[1], "csv", "text/csv")):
    col.download_button(
        tr(f"plans.page.export_{fmt}"),
        # Built only when clicked, on another thread: with that thread's own connection.
        lambda fmt=fmt: export.export_plan(ui.db(), user, plan["id"], fmt, lang),
        file_name=f"ke-hoach-{plan['year']}.{fmt}",
        mime=mime,
        key=f"plans_export_{fmt}",
    )

import streamlit as st

from core import ui
from core.errors import AppError
from core.i18n import fmt_date, today_local
from core.ui import allowed, cached, current_lang, db, require_user, show_error, tr
from indices import entry_tab, files, frameworks, frameworks_tab, leads_tab, remediation, results, views
from indices.page_parts import MIMES, name, num, result_table

user = require_user()
lang = current_lang()
can_edit = allowed("indices.edit")
st.title(tr("indices.title"))

all_indices = cached(frameworks.list_indices, db())
if not all_indices:
    st.info(tr("indices.none"))
    st.stop()
c1, c2, c3 = st.columns([2, 2, 1])
index = c1.selectbox(tr("indices.index"), all_indices, format_func=lambda i: name(i, lang), key="indices_index")
subjects = cached(results.subject_choices, db(), index)
subject = c2.selectbox(tr("indices.subject"), subjects, format_func=lambda u: u["name"], key="indices_subject")
years = cached(results.result_years, db(), index["id"], subject["id"] if subject else None)
year = c3.number_input(
    tr("indices.year"), 2000, 2100, value=years[-1] if years else today_local().year - 1, step=1, key="indices_year"
)
if subject is None:
    st.info(tr("indices.no_subject"))
    st.stop()

tab_names = [tr("indices.tab.results"), tr("indices.tab.frameworks"), tr("indices.tab.leads")]
if can_edit:
    tab_names.insert(1, tr("indices.tab.entry"))
tabs = dict(zip(tab_names, st.tabs(tab_names), strict=True))

with tabs[tr("indices.tab.results")]:
    result = cached(results.find_result, db(), index["id"], year, subject["id"])
    if result is None:
        st.info(tr("indices.no_result", year=year))
    else:
        view = cached(views.result_view, db(), user, index["id"], year, subject["id"])
        m = st.columns(4)
        m[0].metric(tr("indices.total"), f"{num(view['total'], lang)} / {num(view['max_total'], lang)}")
        m[1].metric(tr("indices.percent"), "" if view["percent"] is None else f"{num(view['percent'], lang)} %")
        head = view["result"]
        m[2].metric(
            tr("indices.rank"),
            f"{head['rank']}/{head['ranked_of'] or '—'}" if head["rank"] else "—",
            delta=head["rank_change"] if head["rank_change"] else None,
        )
        m[3].metric(tr("indices.lost_total"), num(view["lost_total"], lang))
        st.caption(
            tr(
                "indices.framework_caption",
                code=view["framework"]["code"],
                source=head["source"] or "—",
                published=fmt_date(head["published_on"], lang) or "—",
            )
        )
        if view["framework"]["note"]:
            st.warning(view["framework"]["note"])
        counts = cached(remediation.remedy_counts, db(), user, [r["node_id"] for r in view["rows"]])
        st.dataframe(result_table(view, counts, tr, lang), hide_index=True, width="stretch", key="indices_result_table")
    try:
        if result is None:
            frameworks.framework_for(db(), index["id"], year)  # an empty template needs the year's framework
        for fmt, mime in MIMES.items():
            st.download_button(
                tr(f"indices.download_results.{fmt}"),
                # Built when clicked, on another thread: with that thread's connection.
                lambda fmt=fmt: files.export_results(ui.db(), user, index["id"], year, subject["id"], fmt),
                f"{index['code']}-{year}.{fmt}",
                mime,
                key=f"indices_dl_results_{fmt}",
            )
    except AppError as exc:
        show_error(exc)

if can_edit:
    with tabs[tr("indices.tab.entry")]:
        entry_tab.show(user, index, subject, year)
with tabs[tr("indices.tab.frameworks")]:
    frameworks_tab.show(user, index, can_edit)
with tabs[tr("indices.tab.leads")]:
    leads_tab.show(user, index, year, can_edit)

import altair as alt
import streamlit as st

from core.i18n import fmt_number, today_local
from core.ui import cached, current_lang, db, require_user, show_chart, tr
from media import analysis

user = require_user()
lang = current_lang()
st.title(tr("nav.media.analysis"))

year = st.number_input(tr("media.analysis.year"), 2000, 2100, value=today_local().year, key="media_analysis_year")


figures = cached(analysis.coverage, db(), user, int(year))

m1, m2, m3 = st.columns(3)
m1.metric(tr("media.col.articles"), fmt_number(figures["totals"]["articles"], lang))
m2.metric(tr("media.col.stories"), fmt_number(figures["totals"]["stories"], lang))
m3.metric(tr("media.col.unreviewed"), fmt_number(figures["totals"]["unreviewed"], lang))
st.caption(tr("media.analysis.reviewed_only", count=fmt_number(figures["totals"]["unreviewed"], lang)))
if not figures["totals"]["articles"] and not figures["totals"]["unreviewed"]:
    st.info(tr("media.analysis.none"))

articles, stories = tr("media.col.articles"), tr("media.col.stories")
if figures["by_theme_month"]:
    st.subheader(tr("media.sheet.theme_month"))
    show_chart(
        st,
        alt.Chart(alt.Data(values=figures["by_theme_month"]))
        .mark_bar()
        .encode(
            x=alt.X("month:O", title=tr("media.col.month")),
            y=alt.Y("stories:Q", title=stories),
            color=alt.Color("theme:N", title=tr("media.col.theme")),
            tooltip=[
                "theme:N",
                "month:O",
                alt.Tooltip("stories:Q", title=stories),
                alt.Tooltip("articles:Q", title=articles),
            ],
        ),
        width="stretch",
    )
if figures["by_outlet"]:
    st.subheader(tr("media.sheet.outlet"))
    show_chart(
        st,
        alt.Chart(alt.Data(values=figures["by_outlet"][:20]))
        .mark_bar()
        .encode(
            y=alt.Y("outlet:N", sort="-x", title=tr("media.col.outlet")),
            x=alt.X("articles:Q", title=articles),
            tooltip=[
                "outlet:N",
                alt.Tooltip("articles:Q", title=articles),
                alt.Tooltip("stories:Q", title=stories),
                alt.Tooltip("unreviewed:Q", title=tr("media.col.unreviewed")),
            ],
        ),
        width="stretch",
    )
if figures["by_tone"]:
    st.subheader(tr("media.sheet.tone"))
    tone_rows = [{**r, "label": tr(f"media.tone.{r['tone']}")} for r in figures["by_tone"]]
    show_chart(
        st,
        alt.Chart(alt.Data(values=tone_rows))
        .mark_arc()
        .encode(
            theta="articles:Q",
            color=alt.Color("label:N", title=tr("media.col.tone")),
            tooltip=["label:N", alt.Tooltip("articles:Q", title=articles)],
        ),
        width="stretch",
    )
st.subheader(tr("media.sheet.targets"))
if figures["targets"]:
    st.dataframe(
        [
            {
                tr("media.col.activity"): r["title"],
                tr("media.col.target"): r["target"],
                tr("media.col.target_unit"): r["target_unit"],
                articles: r["articles"],
                stories: r["stories"],
                tr("media.col.percent"): r["percent"],
            }
            for r in figures["targets"]
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(tr("media.analysis.no_plan"))

c1, c2 = st.columns(2)
c1.download_button(
    tr("media.analysis.xlsx"),
    lambda: analysis.figures_xlsx(figures, lang),  # built when clicked, from the figures shown
    f"bao-chi-{int(year)}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="media_analysis_xlsx",
)
c2.download_button(
    tr("media.analysis.csv"),
    lambda: analysis.figures_csv(figures, "by_theme_month", lang),
    f"bao-chi-{int(year)}.csv",
    "text/csv",
    key="media_analysis_csv",
)

import altair as alt
import streamlit as st

from core.i18n import fmt_number
from core.ui import cached, current_lang, db, require_user, show_chart, tr
from indices import analysis, frameworks, results

user = require_user()
lang = current_lang()
st.title(tr("indices.analysis.title"))


def num(value) -> str:
    return "" if value is None else fmt_number(value, lang, 2)


def tips(*fields: str) -> list:
    """Tooltip channels as objects: Altair turns each plain string into a channel through
    a lookup it rebuilds every time (~20 ms apiece)."""
    return [alt.Tooltip(f) for f in fields]


def name(row: dict) -> str:
    return (row.get("name_en") if lang == "en" else None) or row["name_vi"]


city_indices = [i for i in cached(frameworks.list_indices, db()) if i["subject_kind"] == "city"]
if not city_indices:
    st.info(tr("indices.none"))
    st.stop()
index = st.selectbox(tr("indices.index"), city_indices, format_func=name, key="ianalysis_index")
rows = cached(analysis.trend, db(), user, index["id"])

st.subheader(tr("indices.analysis.trend"))
if rows:
    left, right = st.columns(2)
    base = alt.Chart(alt.Data(values=rows)).encode(x=alt.X("year:O", title=tr("indices.year")))
    show_chart(
        left,
        base.mark_line(point=True).encode(
            y=alt.Y("percent:Q", title=tr("indices.percent"), scale=alt.Scale(zero=False))
        ),
        width="stretch",
    )
    ranked = [r for r in rows if r["rank"]]
    if ranked:
        show_chart(
            right,
            alt.Chart(alt.Data(values=ranked))
            .mark_line(point=True)
            .encode(
                x=alt.X("year:O", title=tr("indices.year")),
                y=alt.Y("rank:Q", title=tr("indices.rank"), scale=alt.Scale(reverse=True, zero=False)),
            ),
            width="stretch",
        )
    st.dataframe(
        [
            {
                tr("indices.year"): str(r["year"]),
                tr("indices.total"): f"{num(r['total'])} / {num(r['max_total'])}",
                tr("indices.percent"): num(r["percent"]),
                tr("indices.rank"): f"{r['rank']}/{r['ranked_of']}" if r["rank"] else "",
                tr("indices.rank_change"): f"{r['rank_change']:+d}" if r["rank_change"] else "",
                tr("indices.framework"): r["framework"],
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
        key="ianalysis_trend_table",
    )
    fields = cached(analysis.field_trend, db(), user, index["id"])
    if fields:
        st.subheader(tr("indices.analysis.field_trend"))
        show_chart(
            st,
            alt.Chart(alt.Data(values=fields))
            .mark_line(point=True)
            .encode(
                x=alt.X("year:O", title=tr("indices.year")),
                y=alt.Y("percent:Q", title=tr("indices.analysis.share"), scale=alt.Scale(zero=False)),
                color=alt.Color("code:N", title=tr("indices.col.code")),
                tooltip=tips("code:N", "name_vi:N", "score:Q", "max:Q"),
            ),
            width="stretch",
        )
else:
    st.info(tr("indices.analysis.no_data"))

st.subheader(tr("indices.analysis.losses"))
all_years = cached(results.result_years, db(), index["id"])
if all_years:
    year = st.selectbox(tr("indices.year"), all_years[::-1], key="ianalysis_year")
    losses = cached(analysis.biggest_losses, db(), user, year, index_id=index["id"])
    if losses:
        show_chart(
            st,
            alt.Chart(alt.Data(values=[{**r, "label": f"{r['index_code']} {r['code']}"} for r in losses]))
            .mark_bar()
            .encode(
                x=alt.X("lost_share:Q", title=tr("indices.analysis.lost_share")),
                y=alt.Y("label:N", sort="-x", title=None),
                tooltip=tips("code:N", "name_vi:N", "lost:Q", "max:Q"),
            ),
            width="stretch",
        )
        st.dataframe(
            [
                {
                    tr("indices.index"): r["index_code"],
                    tr("indices.col.code"): r["code"],
                    tr("indices.col.name"): name(r),
                    tr("indices.col.max"): num(r["max"]),
                    tr("indices.col.score"): num(r["score"]),
                    tr("indices.col.lost"): num(r["lost"]),
                    tr("indices.analysis.lost_share"): num(r["lost_share"]),
                    tr("indices.col.lead"): r["lead"]["name"] if r["lead"] else "",
                }
                for r in losses
            ],
            hide_index=True,
            width="stretch",
            key="ianalysis_losses_table",
        )

st.subheader(tr("indices.analysis.effect"))
effect = cached(analysis.remedy_effect, db(), user)
m = st.columns(2)
for col, key in zip(m, ("done", "not_done"), strict=True):
    s = effect["summary"][key]
    col.metric(
        tr(f"indices.analysis.effect.{key}", n=s["n"], measured=s["measured"]),
        "—" if s["mean_change"] is None else f"{s['mean_change']:+.2f}".replace(".", "," if lang == "vi" else "."),
    )
st.caption(tr("indices.analysis.effect_help"))
if effect["rows"]:
    st.dataframe(
        [
            {
                tr("indices.remedy.task"): r["title"],
                tr("indices.remedy.plan_year"): str(r["plan_year"]),
                tr("indices.index"): r["index_code"],
                tr("indices.col.code"): r["node_code"],
                tr("indices.remedy.status"): tr(f"indices.remedy.status.{r['status']}"),
                tr("indices.analysis.before"): num(r["share_before"]),
                tr("indices.analysis.after"): num(r["share_after"]),
                tr("indices.analysis.change"): num(r["change"]),
            }
            for r in effect["rows"]
        ],
        hide_index=True,
        width="stretch",
        key="ianalysis_effect_table",
    )

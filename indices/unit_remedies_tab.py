"""The remediation page's tab of units flagged below target by other slices (services:
two months running): the grounds, whether a task was given, and the form that gives
one. Imported only by `indices/remediation_page.py`."""

from __future__ import annotations

import streamlit as st

from core.i18n import fmt_date, today_local
from core.permissions import User
from core.ui import allowed, cached, db, save, tr
from indices import remediation


def render(user: User, lang: str, day) -> None:
    st.caption(tr("indices.remedy.units_intro"))
    candidates = cached(remediation.unit_candidates, db(), user, day)
    if not candidates:
        st.info(tr("indices.remedy.units_none"))
    else:
        st.dataframe(
            [
                {
                    tr("indices.remedy.unit"): c["name"],
                    tr("indices.remedy.grounds"): c.get(f"reason_{lang}") or c["reason_vi"],
                    tr("indices.remedy.given"): (
                        tr("indices.remedy.given_task", task=c["remedies"][0]["title"])
                        if c["remedies"]
                        else tr("indices.remedy.not_given")
                    ),
                }
                for c in candidates
            ],
            hide_index=True,
            width="stretch",
            key="unit_remedy_candidates_table",
        )
    open_ones = [c for c in candidates if not c["remedies"]]
    if open_ones and allowed("indices.edit") and allowed("plans.edit"):
        st.subheader(tr("indices.remedy.unit_create"))
        chosen = st.selectbox(
            tr("indices.remedy.unit"), open_ones, format_func=lambda c: c["name"], key="unit_remedy_unit"
        )
        st.caption(chosen.get(f"reason_{lang}") or chosen["reason_vi"])
        uid = chosen["unit_id"]
        with st.form(f"unit_remedy_form_{uid}"):
            title = st.text_input(
                tr("indices.remedy.task"), value=chosen.get(f"task_{lang}") or chosen.get("task_vi", ""),
                key=f"unit_remedy_title_{uid}",
            )  # fmt: skip
            effect = st.text_area(tr("indices.remedy.effect"), key=f"unit_remedy_effect_{uid}")
            f1, f2 = st.columns(2)
            year = f1.number_input(
                tr("indices.remedy.plan_year"), 2000, 2100, value=today_local().year, key=f"unit_remedy_year_{uid}"
            )
            deadline = f2.date_input(
                tr("indices.remedy.deadline"), value=None, format="DD/MM/YYYY", key=f"unit_remedy_deadline_{uid}"
            )
            if st.form_submit_button(tr("indices.remedy.create_submit"), type="primary"):
                save(
                    remediation.create_unit_remedy,
                    db(),
                    user,
                    uid,
                    title=title,
                    expected_effect=effect,
                    year=year,
                    deadline=deadline,
                    on=day,
                    success=lambda created: tr("indices.remedy.created", title=created["title"], year=year),
                )
    given = cached(remediation.unit_remedies, db(), user)
    if given:
        st.subheader(tr("indices.remedy.unit_list"))
        st.dataframe(
            [
                {
                    tr("indices.remedy.unit"): r["unit_name"],
                    tr("indices.remedy.task"): r["title"],
                    tr("indices.remedy.plan_year"): str(r["plan_year"]),
                    tr("indices.remedy.deadline"): fmt_date(r["deadline"], lang),
                    tr("indices.remedy.status"): tr(f"indices.remedy.status.{r['status']}"),
                    tr("indices.remedy.grounds"): r.get(f"reason_{lang}") or r["reason_vi"],
                }
                for r in given
            ],
            hide_index=True,
            width="stretch",
            key="unit_remedy_list_table",
        )

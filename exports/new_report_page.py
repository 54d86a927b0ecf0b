"""A new report: choose kind and period, see the figures, edit the narrative, make a draft
(as often as needed) and, for staff, issue it (number and date taken, registered). Issued
reports are listed on the register page."""

import streamlit as st

from core import periods
from core.i18n import fmt_date, fmt_money, fmt_number, today_local
from core.permissions import can
from core.ui import app_settings, attempt, cached, current_lang, db, pick, require_user, tr
from exports import cchc_package, kinds, register, services_publication
from exports.prose import SECTION_KEYS

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"

user = require_user()
lang = current_lang()
st.title(tr("exports.tab.new"))
kind = pick(tr("exports.kind"), {k: tr(f"exports.kind.{k}") for k in kinds.BUILDERS}, "exports_kind")
c1, c2, c3 = st.columns(3)
choices = {k: tr(f"exports.period.{k}") for k in periods.PERIOD_CHOICES}
choice = pick(tr("exports.period"), choices, "exports_period_kind", "year", container=c1)
if choice == "custom":
    start = c2.date_input(
        tr("exports.from"), today_local().replace(month=1, day=1), format="DD/MM/YYYY", key="exports_from"
    )
    end = c3.date_input(tr("exports.to"), value=today_local(), format="DD/MM/YYYY", key="exports_to")
    code = periods.period_code(choice, start=start, end=end)
else:
    year = c2.number_input(tr("exports.year"), 2000, 2100, value=today_local().year, step=1, key="exports_year")
    month = (
        c3.number_input(tr("exports.month"), 1, 12, value=1, step=1, key="exports_month") if choice == "month" else None
    )
    code = periods.period_code(choice, year, month=month)

# The figures and drafts are read once per data version, not on every keystroke in the narrative.
shown = attempt(cached, kinds.preview_with_chart, db(), user, kind, code, lang)
if shown is None:
    st.stop()
content, chart = shown
period = content.period
st.caption(tr("exports.period_span", start=fmt_date(period.start, lang), end=fmt_date(period.end, lang)))
totals = content.figures.get("totals")
if totals is None:
    st.info(tr("exports.no_data"))
else:
    m = st.columns(5)
    m[0].metric(tr("exports.m.count"), fmt_number(totals["count"], lang))
    m[1].metric(tr("exports.m.done"), fmt_number(totals["done"], lang))
    m[2].metric(tr("exports.m.overdue"), fmt_number(totals["overdue"], lang))
    m[3].metric(tr("exports.m.at_risk"), fmt_number(totals["at_risk"], lang))
    m[4].metric(tr("exports.m.budget_used"), fmt_money(totals["budget_used"], lang))
    st.vega_lite_chart(chart, width="stretch")
st.subheader(tr("exports.narrative"))
st.caption(tr("exports.narrative_help"))
narrative = {
    key: st.text_area(
        tr(f"exports.section.{key}"), content.drafts[key], height=120, key=f"exports_text_{key}_{kind}_{period.code}"
    )
    for key in SECTION_KEYS
    if key in content.drafts
}
package = kind == "cchc"  # the city's report goes up as a package: the Sở's Tờ trình and the draft
if package:
    st.caption(tr("exports.package.help"))
if st.button(tr("exports.generate"), key="exports_generate"):
    if kind == services_publication.KIND:  # the monthly THÔNG BÁO has its own builder
        data = attempt(services_publication.draft, db(), user, code, narrative)
        if data is not None:
            st.session_state["exports_draft"] = {"for": (kind, code), "data": data}
    elif package:
        built = attempt(cchc_package.build_package, db(), user, code, narrative, settings=app_settings())
        if built is not None:
            st.session_state["exports_draft"] = {"for": (kind, code), "package": built}
            for key in built.warnings:
                st.warning(tr(key))
    else:
        drafted = attempt(register.draft, db(), user, kind, code, narrative, settings=app_settings())
        if drafted is not None:
            st.session_state["exports_draft"] = {"for": (kind, code), "data": drafted.data}
            for key in drafted.warnings:
                st.warning(tr(key))
# A draft belongs to the kind and period it was made for: choosing another drops it.
draft = st.session_state.get("exports_draft")
if draft and draft.get("for") != (kind, code):
    st.session_state.pop("exports_draft")
    draft = None
if draft and draft.get("package"):
    built = draft["package"]
    if built.row:
        st.success(tr("exports.package.issued", symbol=built.row["symbol"]))
    else:
        st.info(tr("exports.package.drafted"))
    first, second = built.names()
    c1, c2, c3 = st.columns(3)
    c1.download_button(tr("exports.package.zip"), built.zip(), f"cchc-{period.code}.zip", ZIP, key="exports_pkg_zip")
    c2.download_button(tr("exports.package.submission"), built.submission, first, DOCX, key="exports_pkg_ttr")
    c3.download_button(tr("exports.package.report"), built.report, second, DOCX, key="exports_pkg_bc")
elif draft:
    st.info(tr("exports.drafted"))
    st.download_button(
        tr("exports.download_draft"),
        draft["data"],
        f"du-thao-{kind}-{period.code}.docx",
        DOCX,
        key="exports_download_draft",
    )
if can(user, "reports.generate"):
    manual = st.checkbox(tr("exports.manual_number"), key="exports_manual")
    number = st.number_input(tr("exports.number"), 1, 9999, value=1, key="exports_number") if manual else None
    late = st.checkbox(tr("exports.confirm_late"), key="exports_confirm_late")
    if st.button(tr("exports.issue"), type="primary", key="exports_issue"):
        if package:  # the Sở issues its Tờ trình (TTr-SNV) with the draft report attached
            done = attempt(
                cchc_package.issue_package, db(), user, code, narrative,
                number=int(number) if number else None, confirm_late=late, settings=app_settings(),
                read_key=draft["package"].figures_key if draft and draft.get("package") else None,
            )  # fmt: skip
            if done is not None:
                st.session_state["exports_draft"] = {"for": (kind, code), "package": done}
                st.rerun()
            issued = None
        elif kind == services_publication.KIND:
            done = attempt(
                services_publication.issue,
                db(),
                user,
                code,
                narrative,
                number=int(number) if number else None,
                confirm_late=late,
                settings=app_settings(),
            )
            issued = done[0] if done else None
        else:
            issued = attempt(
                register.issue,
                db(),
                user,
                kind,
                code,
                narrative,
                number=int(number) if number else None,
                confirm_late=late,
                settings=app_settings(),
            )
        if issued is not None:
            st.session_state["exports_last_id"] = issued.row["id"]
last_id = st.session_state.get("exports_last_id")
found = attempt(register.download, db(), user, last_id, settings=app_settings()) if last_id else None
if found:
    row, data = found
    st.success(tr("exports.generated", symbol=row["symbol"]))
    st.download_button(tr("exports.download"), data, register.file_name(row), DOCX, key="exports_download_new")

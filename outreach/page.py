"""The office's tracker: who has answered what, on-time rates, answers to review, a new
request, and the day's reminders."""

from datetime import date

import streamlit as st

from core import units
from core.i18n import today_local
from core.ui import allowed, app_settings, cached, current_lang, db, require_user, save, tr
from outreach import reminders, requests, rules, submissions, tracker, views

user = require_user()
lang = current_lang()
st.title(tr("nav.outreach"))
today = today_local()

st.subheader(tr("outreach.tracker"))
rows = cached(tracker.tracker, db(), user, today)
if rows:
    st.dataframe(views.tracker_rows(rows, lang), hide_index=True, width="stretch")
else:
    st.info(tr("outreach.none_open"))
st.subheader(tr("outreach.rates", year=today.year))
rates = cached(tracker.on_time_rates, db(), user, date(today.year, 1, 1), date(today.year, 12, 31), today)
st.dataframe(views.rate_rows(rates, lang), hide_index=True, width="stretch")

if allowed("outreach.manage"):
    st.subheader(tr("outreach.review"))
    pending = cached(submissions.to_review, db(), user)
    if not pending:
        st.caption(tr("outreach.none_to_review"))
    for answer in pending:
        with st.container(border=True):
            st.write(views.answer_summary(answer, lang))
            left, right = st.columns(2)
            if left.button(tr("outreach.accept"), key=f"outreach_accept_{answer['id']}"):
                save(submissions.accept, db(), user, answer["id"], success=tr("outreach.accepted"))
            comment = right.text_input(tr("outreach.field.comment"), key=f"outreach_comment_{answer['id']}")
            if right.button(tr("outreach.return"), key=f"outreach_return_{answer['id']}"):
                save(
                    submissions.return_for_revision, db(), user, answer["id"], comment, success=tr("outreach.returned")
                )

    with st.expander(tr("outreach.new")):
        with st.form("outreach_new", clear_on_submit=False):
            kind = st.selectbox(
                tr("outreach.field.kind"), list(rules.REQUEST_KINDS), format_func=lambda k: tr(f"outreach.kind.{k}")
            )
            title = st.text_input(tr("outreach.field.title"))
            period = st.text_input(tr("outreach.field.period"))
            due_on = st.date_input(tr("outreach.field.due"), value=None, format="DD/MM/YYYY")
            groups = st.multiselect(
                tr("outreach.field.groups"), [g["code"] for g in units.list_groups(db())],
                format_func=lambda c: units.get_group(db(), c)["name"],
            )  # fmt: skip
            unit_names = {u["code"]: u["name"] for u in units.units_on(db(), today)}
            codes = st.multiselect(tr("outreach.field.units"), list(unit_names), format_func=unit_names.get)
            files = st.file_uploader(tr("outreach.field.files"), accept_multiple_files=True)
            note = st.text_area(tr("outreach.field.note"))
            if st.form_submit_button(tr("outreach.create")):
                save(
                    requests.create_request, db(), user, kind=kind, title=title, period=period, due_on=due_on,
                    group_codes=groups, unit_codes=codes, note=note,
                    files=[(f.name, f.getvalue()) for f in files or []], settings=app_settings(),
                    success=lambda made: tr("outreach.created", title=made["title"], due=made["due_on"]),
                )  # fmt: skip

    st.subheader(tr("outreach.remind_preview"))
    settings = app_settings()
    preview = reminders.run(db(), user, settings, today, send=False)
    if not settings.mail_enabled:
        st.caption(tr("outreach.mail_off"))
    for message in preview["messages"]:
        with st.expander(f"{message['to']} — {message['subject']}"):
            st.text(message["body"])
    if settings.mail_enabled and preview["messages"] and st.button(tr("outreach.remind_send"), key="outreach_send"):
        save(
            reminders.run, db(), user, settings, today, send=True,
            success=lambda result: tr("outreach.remind_sent", sent=result["sent"], failed=result["failed"]),
        )  # fmt: skip
    log = reminders.message_log(db(), user, 50)
    if log:
        st.subheader(tr("outreach.messages"))
        st.dataframe(
            [{k: m[k] for k in ("day", "email", "cc", "subject", "status", "answer")} for m in log],
            hide_index=True,
            width="stretch",
        )

"""A liaison's page: what its unit owes and has sent, its recommendations and the
activities it leads; it answers a request with a file and/or the request's fields."""

import streamlit as st

from core.i18n import fmt_date
from core.ui import app_settings, attempt, cached, current_lang, db, require_user, save, tr
from outreach import my_unit, requests, rules, submissions, tracker, views

user = require_user()
lang = current_lang()
st.title(tr("nav.outreach_unit"))
mine = attempt(cached, my_unit.overview, db(), user)  # an account not yet tied to a unit is told so
if mine is None:
    st.stop()
if mine["unit"] is None:
    st.info(tr("outreach.none_open"))
    st.stop()
st.caption(tr("outreach.unit_title", unit=mine["unit"]["name"]))

st.subheader(tr("outreach.my_requests"))
if not mine["requests"]:
    st.info(tr("outreach.none_open"))
st.dataframe(views.tracker_rows(mine["requests"], lang), hide_index=True, width="stretch")
for row in mine["requests"]:
    if row["state"] not in tracker.OWING:
        continue
    with st.expander(f"{row['title']} — {fmt_date(row['due_on'], lang)} — {views.state_label(row, lang)}"):
        key = f"outreach_answer_{row['request_id']}"
        for attachment in requests.get_request(db(), user, row["request_id"])["attachments"]:
            st.download_button(
                attachment["file_name"],
                data=lambda a=attachment: requests.attachment_file(db(), user, a["id"], settings=app_settings())[1],
                file_name=attachment["file_name"],
                mime=attachment["mime"],
                key=f"outreach_attachment_{attachment['id']}",
                icon=":material/download:",
            )
        with st.form(key):
            fields = {}
            for name, kind in rules.KIND_FIELDS.get(row["kind"], ()):
                if kind == "number":
                    fields[name] = st.number_input(tr(f"outreach.field.{name}"), 0.0, 100.0, value=None)
                else:
                    fields[name] = st.text_area(tr(f"outreach.field.{name}"))
            upload = st.file_uploader(tr("outreach.field.file"), type=["pdf", "docx", "png", "jpg"])
            if st.form_submit_button(tr("outreach.submit")):
                save(
                    submissions.submit, db(), user, row["request_id"], fields=fields,
                    file=(upload.name, upload.getvalue()) if upload else None, settings=app_settings(),
                    success=tr("outreach.submitted"),
                )  # fmt: skip

st.subheader(tr("outreach.my_recommendations"))
st.dataframe(
    [
        {tr("outreach.col.request"): r["text"], tr("outreach.col.due"): fmt_date(r["deadline"], lang)}
        for r in mine["recommendations"]
    ],
    hide_index=True,
    width="stretch",
)
st.subheader(tr("outreach.my_activities"))
st.dataframe(
    [
        {tr("outreach.col.request"): a["title"], tr("outreach.field.percent"): a["progress_percent"]}
        for a in mine["activities"]
    ],
    hide_index=True,
    width="stretch",
)

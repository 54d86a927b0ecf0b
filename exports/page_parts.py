"""Widgets of the exports slice shown on other slices' pages. The reminder letter (công văn
đôn đốc) on the outreach tracker page: the draft for the units late today, issuing it
(number, date, register), and the issued letter served as stored (hook "outreach.tracker_parts")."""

from datetime import date

import streamlit as st

from core.errors import ValidationError
from core.permissions import User, can
from core.ui import app_settings, attempt, current_lang, db, save, tr
from exports import register, reminder_letter

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def reminder_letter_part(user: User, on: date) -> None:
    if not can(user, "reports.generate"):
        return
    st.subheader(tr("exports.letter.title"))
    issued = attempt(reminder_letter.issued_letter, db(), user, on, settings=app_settings())
    if issued:
        row, data = issued
        st.caption(tr("exports.letter.issued", symbol=row["symbol"]))
        st.download_button(tr("exports.download"), data, register.file_name(row), DOCX, key="exports_letter_issued")
        return
    try:
        letter = reminder_letter.build_letter(db(), user, on)
    except ValidationError as exc:
        st.caption(exc.message(current_lang()))
        return
    st.caption(tr("exports.letter.draft", units=len(letter.units), due=f"{letter.new_due:%d/%m/%Y}"))
    left, right = st.columns(2)
    left.download_button(
        tr("exports.letter.download_draft"), letter.data, "cong-van-don-doc-du-thao.docx", DOCX,
        key="exports_letter_draft",
    )  # fmt: skip
    if right.button(tr("exports.issue"), key="exports_letter_issue"):
        save(
            reminder_letter.issue_letter, db(), user, on, settings=app_settings(),
            success=lambda done: tr("exports.letter.issued", symbol=done.row["symbol"]),
        )  # fmt: skip

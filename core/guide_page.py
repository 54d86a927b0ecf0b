"""The user guide, opened on the signed-in person's part (Vietnamese; an English note)."""

from pathlib import Path

import streamlit as st

from core import guide
from core.roles import ALL
from core.ui import current_lang, require_user, tr

user = require_user()
st.title(tr("guide.title"))
if current_lang() == "en":
    st.info(tr("guide.english_note"))
role = user.role
if user.role in ALL:  # the office may read the other roles' parts; a unit's liaison sees its own
    parts = list(guide.PARTS)
    role = st.selectbox(
        tr("guide.part"), parts, index=parts.index(user.role), format_func=lambda r: tr("guide.part." + r)
    )
for kind, body, caption in guide.blocks(guide.common_text()) + guide.blocks(guide.part_text(role)):
    if kind == "image":
        if Path(body).is_file():  # the screenshots are taken by tests/test_guide_shots.py
            st.image(body, caption=caption, width="stretch")
    else:
        st.markdown(body)

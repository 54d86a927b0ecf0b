import streamlit as st

from core.shell_page import current_lang, tr

st.title(tr("nav.exports"))
st.info(tr("exports.coming"))

import streamlit as st

from core.shell_page import current_lang, tr

st.title(tr("nav.plans"))
st.info(tr("plans.coming"))

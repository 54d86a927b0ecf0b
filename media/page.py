import streamlit as st

from core.shell_page import current_lang, tr

st.title(tr("nav.media"))
st.info(tr("media.coming"))

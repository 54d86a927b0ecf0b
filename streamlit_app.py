"""The router: HTTP routes through st.App, and the pages each role may open."""

import streamlit as st

from core.server import lifespan, middleware, routes

app = st.App("streamlit_app.py", routes=routes(), lifespan=lifespan, middleware=middleware())

if __name__ == "__main__":  # a script run (a browser session), not the ASGI import
    from core.ui import app_pages, current_user, job_tabs, language_switch, page_style, use_ui_texts, user_box

    use_ui_texts()
    st.set_page_config(page_title="CCHC Hà Nội", page_icon=":material/account_balance:", layout="wide")
    user = current_user()
    language_switch()
    page_style()
    if user is None:
        st.navigation(app_pages(None), position="hidden").run()
    else:
        user_box(user)
        page = st.navigation(app_pages(user), expanded=True)
        job_tabs(user, page.url_path)
        page.run()

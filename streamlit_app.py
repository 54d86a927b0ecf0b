"""The router: HTTP routes through st.App, and the pages each role may open."""

import streamlit as st

from core.server import lifespan, middleware, routes

app = st.App("streamlit_app.py", routes=routes(), lifespan=lifespan, middleware=middleware())

if __name__ == "__main__":  # a script run (a browser session), not the ASGI import
    from core.nav import default_page, pages_for
    from core.ui import current_user, language_switch, login_view, tr, user_box

    st.set_page_config(page_title="CCHC Hà Nội", page_icon=":material/account_balance:", layout="wide")
    language_switch()
    user = current_user()
    if user is None:
        st.navigation([st.Page(login_view, title=tr("login.title"), url_path="login", default=True)]).run()
    else:
        user_box(user)
        landing = default_page(user.role)
        sections: dict[str, list] = {}
        for spec in pages_for(user.role):
            page = st.Page(
                spec.path, title=tr(spec.title_key), icon=spec.icon, url_path=spec.url_path, default=spec == landing
            )
            sections.setdefault(tr(spec.section), []).append(page)
        st.navigation(sections).run()

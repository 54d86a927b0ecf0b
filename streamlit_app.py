"""The router: HTTP routes through st.App, and the pages each role may open."""

import streamlit as st

from core.server import lifespan, middleware, routes

app = st.App("streamlit_app.py", routes=routes(), lifespan=lifespan, middleware=middleware())

if __name__ == "__main__":  # a script run (a browser session), not the ASGI import
    from core.nav import all_pages, default_page, pages_for
    from core.ui import current_user, language_switch, login_view, refused_page, tr, use_ui_texts, user_box

    use_ui_texts()
    st.set_page_config(page_title="CCHC Hà Nội", page_icon=":material/account_balance:", layout="wide")
    user = current_user()
    language_switch()
    # Every page's address is known to the router whoever asks, so a deep link never meets
    # Streamlit's "Page not found": signed out it shows the sign-in (keeping path and query),
    # signed in without the right it says so.
    if user is None:
        login = [st.Page(login_view, title=tr("login.title"), url_path="login", default=True)]
        hidden = [
            st.Page(login_view, title=tr("login.title"), url_path=spec.url_path, visibility="hidden")
            for spec in all_pages()
        ]
        st.navigation(login + hidden, position="hidden").run()
    else:
        user_box(user)
        landing = default_page(user.role)
        mine = pages_for(user.role)
        sections: dict[str, list] = {}
        for spec in mine:
            page = st.Page(
                spec.path, title=tr(spec.title_key), icon=spec.icon, url_path=spec.url_path, default=spec == landing
            )
            sections.setdefault(tr(spec.section), []).append(page)
        refused = [
            st.Page(refused_page(tr(s.title_key)), title=tr(s.title_key), url_path=s.url_path, visibility="hidden")
            for s in all_pages()
            if s not in mine
        ]
        sections.setdefault(tr(landing.section), []).extend(refused)
        st.navigation(sections, expanded=True).run()

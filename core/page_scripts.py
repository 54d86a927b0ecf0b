"""The app's own inline scripts, as text: `core.ui` puts them on the page and
`core.server` allows exactly these (by hash) in the Content-Security-Policy."""

NARROW_PX = 1000  # below this width the sidebar starts closed: the page needs the room

# Streamlit closes the sidebar by itself only below 768 px; between that and NARROW_PX it
# would keep a third of the screen. Closed once per tab, so a person who opens it again
# keeps it open.
NARROW_SIDEBAR = """
(() => {
  if (window.innerWidth >= NARROW_PX || sessionStorage.getItem("cchc_sidebar_closed")) return;
  let tries = 0;
  const close = () => {
    const bar = document.querySelector('[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (bar && button && bar.getAttribute("data-collapsed") === "false") {
      button.click();
      sessionStorage.setItem("cchc_sidebar_closed", "1");
    } else if (!(bar && bar.getAttribute("data-collapsed") === "true") && tries++ < 40) {
      setTimeout(close, 250);
    }
  };
  close();
})();
""".replace("NARROW_PX", str(NARROW_PX))

SCRIPTS = (NARROW_SIDEBAR,)

"""Activation Lab: navigation, page config and shared state. Pages live in views/.

`streamlit run app.py` finds the `st.App` at the end and serves this script with it (Streamlit's ASGI
mode): Streamlit's own server plus one route, which lets browsers cache plotly.js (components.plotly_js).
The server imports this file as a module; each session's run executes it as `__main__`.
"""
from __future__ import annotations

import streamlit as st

from components import plotly_js
from components.resync import resync
from ui import i18n
from ui.i18n import t
from ui.link_guard import guard


def main() -> None:
    st.set_page_config(page_title="Activation Lab", page_icon=":material/show_chart:", layout="wide")

    i18n.language_switch()
    with st.sidebar:
        resync()   # a tab taken over by another process after its own died reruns there

    explorer = st.Page("views/explorer.py", title=t("nav.explorer"), icon=":material/show_chart:", default=True,
                       url_path="")

    def to_explorer() -> None:
        """/explorer, the Explorer's own name in a link, opens it at the root with the link's settings."""
        st.switch_page(explorer, query_params={k: st.query_params.get_all(k) for k in st.query_params})

    # Each page is one entry; the Explorer is the default.
    pages = {
        t("app.section_explore"): [
            explorer,
            st.Page("views/custom.py", title=t("custom.nav_title"), icon=":material/function:", url_path="your-own"),
            st.Page(to_explorer, title=t("nav.explorer"), url_path="explorer", visibility="hidden"),
        ],
        t("app.section_understand"): [
            st.Page("views/neuron.py", title=t("nav.neuron"), icon=":material/psychology:"),
            st.Page("views/why_nonlinearity.py", title=t("nav.why"), icon=":material/stacked_line_chart:"),
            st.Page("views/catalogue.py", title=t("nav.catalogue"), icon=":material/table_chart:"),
        ],
        t("app.section_experiment"): [
            st.Page("views/training.py", title=t("nav.training"), icon=":material/model_training:"),
            st.Page("views/depth.py", title=t("nav.depth"), icon=":material/stacks:"),
        ],
    }

    page = st.navigation(pages)
    guard(page)  # every link is screened here, before the page or its widgets read it
    page.run()


if __name__ == "__main__":
    main()
else:   # imported by the server
    app = st.App(__file__, routes=[plotly_js.route()])

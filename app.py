"""Activation Lab: navigation, page config and shared state. Pages live in pages/."""
from __future__ import annotations

import streamlit as st

from ui.link_guard import guard

st.set_page_config(page_title="Activation Lab", page_icon=":material/show_chart:", layout="wide")

# Each page is one entry; the Explorer is the default.
PAGES = {
    "Explore": [
        st.Page("pages/explorer.py", title="Explorer", icon=":material/show_chart:", default=True),
    ],
}

page = st.navigation(PAGES)
guard(page)  # every link is screened here, before the page or its widgets read it
page.run()

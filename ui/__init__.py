"""Streamlit helpers shared by the pages (widgets, session state, URL state)."""

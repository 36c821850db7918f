"""The UI's pure helpers: no Streamlit, so they are tested without a session.

The Explorer's link (`url_state`), reading numbers and text from links and widgets
(`validate`), the CSV and code exports (`export`) and the Explorer's shape notes
(`shape_notes`). The Streamlit glue that uses them sits one level up, in `ui/`.
"""

"""Every page module in views/ is listed in app.py's navigation, and nothing beside app.py is named pages/."""
from __future__ import annotations

import re

from tests.app.helpers import ROOT


def test_every_view_is_navigable():
    listed = set(re.findall(r'st\.Page\("(views/[a-z_]+\.py)"', (ROOT / "app.py").read_text()))
    files = {f"views/{p.name}" for p in (ROOT / "views").glob("*.py")}
    assert listed == files


def test_no_pages_directory_beside_the_app():
    # Streamlit serves an app with a pages/ folder beside its entry point in the legacy multipage
    # mode until some session has run st.navigation: a fresh server's first deep link would run the
    # page file alone, without app.py (tests/e2e/test_fresh_server.py opens such links).
    assert not (ROOT / "pages").exists()

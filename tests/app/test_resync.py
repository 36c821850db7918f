"""components.resync is mounted by app.py, so every page reruns after its tab reconnects
(what the rerun does behind nginx is tested in tests/e2e/test_replicas.py)."""
from __future__ import annotations

import pytest

from tests.app.helpers import assert_no_exception, run_app


@pytest.mark.parametrize("page", [None, "views/depth.py"])
def test_every_page_has_one_resync_watcher_in_the_sidebar(page):
    at = run_app(page=page)
    assert_no_exception(at)
    watchers = [e for e in at.get("bidi_component") if e.proto.component_name == "activation_lab.resync"]
    in_sidebar = [e for e in at.sidebar.get("bidi_component") if e.proto.component_name == "activation_lab.resync"]
    assert len(watchers) == 1 and len(in_sidebar) == 1

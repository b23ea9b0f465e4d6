"""The reverse-proxy configuration stays in step with the app it protects."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from app_lib.ui import LANG_SCRIPT

CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"


def test_the_csp_allows_the_apps_own_inline_script_by_its_hash():
    digest = base64.b64encode(hashlib.sha256(LANG_SCRIPT.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in CONF.read_text(encoding="utf-8")


def test_the_csp_forbids_framing_and_inline_scripts_in_general():
    conf = CONF.read_text(encoding="utf-8")
    assert "frame-ancestors 'none'" in conf and "X-Frame-Options \"DENY\"" in conf
    assert "'unsafe-inline'" not in conf.split("script-src", 1)[1].split(";", 1)[0]

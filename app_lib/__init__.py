"""Shared code of the Streamlit app: data access, derived views, charts, French formatting, UI helpers.

Router guard. Streamlit decides once per process whether the app uses the legacy
"pages/ folder" mode, from the mere existence of pages/ next to app.py, and only leaves
that mode once `st.navigation` has run. So the very first session after a server start
that opens a deep link (/fiche?dep=58) would run pages/fiche.py *without* app.py: no
navigation bar, no page config (checked on Streamlit 1.67). Every page imports this
package first; if the legacy mode is still on, we switch it off and rerun, and the rerun
goes through app.py and st.navigation like every other session.

The frontend of that first session also looks the path up among the pages/ file names
before any script runs: a page whose file name differs from its URL ("boite_a_outils.py"
for /boite-a-outils) showed "Page not found" there. So each page file is named as its URL.
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

if PagesManager.uses_pages_directory:
    PagesManager.uses_pages_directory = False
    st.rerun()

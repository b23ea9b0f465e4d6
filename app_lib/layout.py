"""What adapts the pages to the screen's width, all in one place.

Streamlit never tells the server how wide the browser is, so nothing here branches in Python:
the pages draw every variant once and CSS media queries, evaluated by the browser, show the
one that fits. A container created with `st.container(key="narrow-…")` is shown on narrow
screens only, one with `key="wide-…"` on wide screens only (Streamlit gives a keyed container
the class `st-key-<key>`). The production CSP allows inline styles (deploy/nginx.conf:
style-src 'unsafe-inline'); no script is involved.
"""

from __future__ import annotations

import streamlit as st

# Below this width Streamlit 1.67 folds its top navigation into the collapsed sidebar (checked in
# chromium: 767 px has no top navigation, 768 px has it). The same line separates phone layouts.
NARROW_PX = 768

# Elements that only make sense on wide screens (keys of st.* calls): the comparison grid has its
# list on phones.
WIDE_ONLY_KEYS = ("comparer-grid",)

CSS = f"""
@media (min-width: {NARROW_PX}px) {{
  [class*="st-key-narrow-"] {{ display: none !important; }}
}}
@media (max-width: {NARROW_PX - 0.02}px) {{
  [class*="st-key-wide-"], {", ".join(f".st-key-{k}" for k in WIDE_ONLY_KEYS)} {{ display: none !important; }}
  /* a phone shows the page's title and the menu on its first screen, not 100 px of blank and a
     five-line title */
  [data-testid="stMainBlockContainer"] {{ padding-top: 4rem; }}
  [data-testid="stMain"] h1 {{ font-size: 2rem; }}
  [data-testid="stMain"] h2 {{ font-size: 1.6rem; }}
  /* A table scrolling sideways hides columns and cannot be reached by keyboard (axe:
     scrollable-region-focusable): on a phone its cells wrap in a smaller font, French words hyphenated
     where the browser can (lang="fr"), other long words (regular expressions, long numbers) broken.
     Headers of tables of up to four columns keep whole words, which keeps their columns wide enough
     for the numbers under them; wider tables cannot afford it in 360 px. */
  [data-testid="stTableStyledTable"] :is(th, td) {{ padding: 0.2rem 0.25rem !important; }}
  [data-testid="stTableStyledTable"] :is(th, td, th *, td *) {{
    white-space: normal; overflow-wrap: anywhere !important; hyphens: auto; font-size: 0.8rem !important;
  }}
  [data-testid="stTableStyledTable"]:not(:has(th:nth-child(5))) :is(th, th *) {{
    overflow-wrap: break-word !important;
  }}
}}
/* A metric's label is cut with an ellipsis when its column is narrow ("Décrivent des mesures en …"):
   let it wrap instead, so the year stays visible. */
[data-testid="stMetricLabel"] .stMarkdownEllipsis {{ white-space: normal; overflow: visible; }}
"""


def responsive(pages: list) -> None:
    """The page-width rules, and on phones a "Menu des pages" button at the top of every page: there
    Streamlit's page menu hides behind an unlabelled » at the top left, which visitors do not find."""
    st.html(f"<style>{CSS}</style>")
    with st.container(key="narrow-menu"):
        with st.popover("Menu des pages", icon=":material/menu:", width="stretch"):
            for page in pages:
                st.page_link(page, width="stretch")

"""The names of the files differ writes into ``reports/``: built here, and parsed back here.

One owner for the scheme, so the CLI, ``update``, the index and the whole-edition run
agree on it (see /work/shared/STYLE.md §3.4):

* ``<country>-<OLD>-<NEW>.{json,html}`` – one country's comparison of two editions
  (and ``<country>-<OLD>-<NEW>-{statistics,laws}.csv`` with ``differ diff --csv``)
* ``<country>-trend.{json,html}`` – one country across every edition
* ``<OLD>-<NEW>.{json,html,csv}`` – the cross-country page of a whole edition
* ``feed.xml`` – the Atom feed of new and changed comparisons

It also holds where the State Department publishes the editions, which the fetcher reads
and the pages link to.
"""

from __future__ import annotations

from pathlib import Path

from differ.lazyre import lazy

REPORTS_DIR = Path("reports")
INDEX_NAME = "index.html"
FEED_NAME = "feed.xml"

_SLUG = r"[a-z]+(?:-[a-z]+)*"
# Compiled on first use: a differ diff, which only builds names, never reads one back.
COMPARISON_NAME = lazy(rf"^(?P<country>{_SLUG})-(?P<old>\d{{4}})-(?P<new>\d{{4}})\.html$")
TREND_NAME = lazy(rf"^(?P<country>{_SLUG})-trend\.html$")
EDITION_NAME = lazy(r"^(?P<old>\d{4})-(?P<new>\d{4})\.html$")


def comparison_stem(country: str, old: int, new: int) -> str:
    """``kazakhstan-2023-2024``: add ``.json`` or ``.html``."""
    return f"{country}-{old}-{new}"


def trend_stem(country: str) -> str:
    return f"{country}-trend"


def edition_stem(old: int, new: int) -> str:
    """``2023-2024``: the cross-country page, its JSON and CSV."""
    return f"{old}-{new}"


# --- where the editions are published ------------------------------------------------------------

STATE_BASE_URL = "https://www.state.gov"
ARCHIVE_BASE_URL = "https://2009-2017.state.gov"
FIRST_STATEGOV_YEAR = 2017  # the 2016 report and earlier live on the archive site
EDITION_PATH = "/reports/{year}-country-reports-on-human-rights-practices/"
ARCHIVE_PATH = "/j/drl/rls/hrrpt/"


def published_url(country: str, year: int) -> str:
    """The page of one country's edition on state.gov (for 2016 and earlier, the archive's
    index of the reports, whose per-country addresses follow no pattern)."""
    if year >= FIRST_STATEGOV_YEAR:
        return f"{STATE_BASE_URL}{EDITION_PATH.format(year=year)}{country}/"
    return f"{ARCHIVE_BASE_URL}{ARCHIVE_PATH}"

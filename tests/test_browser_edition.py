"""The cross-country page in real headless Chromium, at 1280 and at 390 px (a phone).

Built from the real corpus (Kazakhstan, Uzbekistan, Iceland, 2023 → 2024), plus the same
page with markup planted in every kind of report text. `python tests/test_browser_edition.py
docs` rewrites the screenshots in docs/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_browser import ARGS, CHROMIUM, PLANT, Page, browser  # noqa: F401  (browser is a fixture)

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def edition_page(tmp_path_factory):
    from differ.edition import corpus_countries, publish_edition
    from differ.edition_page import render_edition

    reports = tmp_path_factory.mktemp("edition-pages")
    publish_edition(ROOT / "corpus", corpus_countries(ROOT / "corpus"), 2023, 2024, reports, workers=1)
    data = json.loads((reports / "2023-2024.json").read_text(encoding="utf-8"))
    planted = json.loads(json.dumps(data))
    row = planted["countries"][1]
    row["name"] = "Name " + PLANT
    row["abuses"]["dropped"][0] = "Abuse " + PLANT
    row["sections"]["removed"][0]["heading"] = "Heading " + PLANT
    row["laws"]["dropped"] = ["Law " + PLANT]
    planted["topics"]["abuses"][0]["category"] = "Category " + PLANT
    planted["topics"]["sections"][1]["label"] = "Section " + PLANT
    planted["failed"] = [{"country": "brokenland", "reason": "Reason " + PLANT}]
    (reports / "planted.html").write_text(render_edition(planted), encoding="utf-8")
    return {"path": reports / "2023-2024.html", "data": data, "planted": reports / "planted.html"}


def _open(browser, path: Path, width: int) -> Page:
    page = Page(browser, path)
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_load_state("load")
    return page


def _shown_countries(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('#t-countries tbody tr')].filter(r => !r.hidden)"
                         ".map(r => r.id.slice(2))")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_errors_no_network_and_no_horizontal_scrolling(browser, edition_page, width):
    page = _open(browser, edition_page["path"], width)
    # every table fits the screen as it first shows (cards on a phone)
    assert page.evaluate("[...document.querySelectorAll('.tbl-wrap')].every(w => w.scrollWidth <= w.clientWidth)")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.errors == []
    assert all(u.startswith("file://") for u in page.requests), page.requests
    assert page.evaluate("document.querySelectorAll('script[src], link[rel=stylesheet], img[src]').length") == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # a table wider than the screen scrolls inside its own box, never the page
    assert page.evaluate("[...document.querySelectorAll('.tbl-wrap')].every(w => getComputedStyle(w).overflowX"
                         " === 'auto')")
    page.close()


def test_figures_shown_are_the_json_figures(browser, edition_page):
    page = _open(browser, edition_page["path"], 1280)
    totals = edition_page["data"]["totals"]
    cards = page.evaluate("Object.fromEntries([...document.querySelectorAll('[data-total]')]"
                          ".map(c => [c.dataset.total, c.querySelector('.card-n').textContent.trim()]))")
    assert cards["compared"] == "3" and cards["sections_removed"] == str(totals["sections_removed"])
    assert cards["abuses"] == f"{totals['abuses_old']} → {totals['abuses_new']}" == "40 → 15"
    assert cards["median_ratio"] == f"{totals['median_ratio'] * 100:.0f}%"
    kz = page.evaluate("[...document.querySelectorAll('#c-kazakhstan td')].map(td => td.dataset.sort)")
    row = next(r for r in edition_page["data"]["countries"] if r["country"] == "kazakhstan")
    assert kz[:3] == [str(row["size"]["ratio"]), str(len(row["sections"]["removed"])), "-11"]
    assert kz[4] == str(len(row["abuses"]["dropped"]))
    page.close()


def test_sorting_by_a_column_and_back(browser, edition_page):
    page = _open(browser, edition_page["path"], 1280)
    assert _shown_countries(page) == ["iceland", "kazakhstan", "uzbekistan"]
    length = page.locator("#t-countries thead th").nth(1)
    length.locator("button").click()
    assert _shown_countries(page) == ["iceland", "kazakhstan", "uzbekistan"]  # longest kept share first
    assert length.get_attribute("aria-sort") == "descending"
    length.locator("button").click()
    assert _shown_countries(page) == ["uzbekistan", "kazakhstan", "iceland"]
    assert length.get_attribute("aria-sort") == "ascending"
    page.locator("#t-countries thead th").nth(5).locator("button").click()  # abuses dropped, most first
    assert _shown_countries(page) == ["uzbekistan", "kazakhstan", "iceland"]
    page.close()


def test_filtering_countries_and_topics(browser, edition_page):
    page = _open(browser, edition_page["path"], 1280)
    page.fill('input[data-filter-table="t-countries"]', "uzb")
    assert _shown_countries(page) == ["uzbekistan"]
    assert page.text_content('[data-count-for="t-countries"]') == "1 of 3 shown"
    page.fill('input[data-filter-table="t-countries"]', "")
    page.check('input[data-flag-table="t-countries"]')
    assert _shown_countries(page) == ["kazakhstan", "uzbekistan"]  # Iceland lists none in either edition
    page.check('input[data-flag-table="t-abuses"]')
    shown = page.evaluate("[...document.querySelectorAll('#t-abuses tbody tr')].filter(r => !r.hidden)"
                          ".map(r => r.querySelector('th').textContent)")
    assert "corruption" in shown and "torture" not in shown
    page.close()


def test_a_phone_sorts_with_the_menu_and_reads_rows_as_cards(browser, edition_page):
    page = _open(browser, edition_page["path"], 390)
    # the header row is out of sight (still there for screen readers): each cell carries its label
    assert page.evaluate("document.querySelector('#t-countries thead').getBoundingClientRect().height") <= 1
    page.select_option('select[data-sort-table="t-countries"]', label="Length: words 2023 → 2024 ↑")
    assert _shown_countries(page) == ["uzbekistan", "kazakhstan", "iceland"]
    label = page.evaluate("getComputedStyle(document.querySelector('#c-kazakhstan td'), '::before').content")
    assert label == '"Length"'
    page.select_option('select[data-sort-table="t-countries"]', label="as listed")
    assert _shown_countries(page) == ["iceland", "kazakhstan", "uzbekistan"]
    page.close()


def test_names_and_links_on_demand(browser, edition_page):
    page = _open(browser, edition_page["path"], 1280)
    row = next(r for r in edition_page["data"]["countries"] if r["country"] == "kazakhstan")
    dropped = page.locator("#c-kazakhstan td").nth(4).locator("details")
    assert not dropped.locator("li").first.is_visible()
    dropped.locator("summary").click()
    assert dropped.locator("li").all_text_contents() == row["abuses"]["dropped"]
    assert row["abuses"]["dropped"][0] == "harsh and life-threatening prison and detention conditions"
    women = page.locator("#t-sections tbody tr", has_text="Rape and Domestic Violence").first
    women.locator("td").nth(3).locator("summary").click()
    hrefs = women.locator("td").nth(3).locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert len(hrefs) == 3 and all(h.split("#")[0].endswith("-2023-2024.html") and "#sec-" in h for h in hrefs)
    page.close()


def test_print_hides_the_controls(browser, edition_page):
    page = _open(browser, edition_page["path"], 1280)
    page.emulate_media(media="print")
    assert page.is_hidden(".ed-filters >> nth=0") and page.is_hidden(".ed-nav")
    page.close()


def test_planted_markup_is_text_and_never_runs(browser, edition_page):
    page = _open(browser, edition_page["planted"], 1280)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("window.__pwned") is None
    body = page.text_content("body")
    for text in ("Name ", "Abuse ", "Heading ", "Law ", "Category ", "Section ", "Reason "):
        assert text + PLANT in body, text
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0
    page.close()


def write_screenshots(dest: Path) -> list[Path]:  # pragma: no cover - a tool, not a test
    """The cross-country page of the real corpus, at 1280 px and on a phone."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from differ.edition import corpus_countries, publish_edition

    reports = Path(tempfile.mkdtemp())
    publish_edition(ROOT / "corpus", corpus_countries(ROOT / "corpus"), 2023, 2024, reports, workers=1)
    dest.mkdir(parents=True, exist_ok=True)
    out = [dest / "edition-2023-2024.png", dest / "edition-2023-2024-phone.png"]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = b.new_page(viewport={"width": 1280, "height": 1500})
        pg.goto((reports / "2023-2024.html").as_uri())
        pg.screenshot(path=str(out[0]))
        pg = b.new_page(viewport={"width": 390, "height": 1600}, device_scale_factor=1)
        pg.goto((reports / "2023-2024.html").as_uri())
        pg.evaluate("document.getElementById('countries').scrollIntoView()")
        pg.locator("#c-kazakhstan td").nth(4).locator("summary").click()
        pg.evaluate("document.getElementById('c-kazakhstan').scrollIntoView()")
        pg.screenshot(path=str(out[1]))
        b.close()
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    for path in write_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs")):
        print(f"wrote {path}")

"""The HTML reports in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

One browser for the module; pages are generated once from the real corpus. Skipped only
when /usr/bin/chromium is absent (CI installs it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PLANT = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'

if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip("/usr/bin/chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, corpus):
    """comparison JSON + HTML for 2016→2023 and 2023→2024, the trend page, and a planted page."""
    from differ.diff import compare_years
    from differ.render import render_comparison, render_trend, report_context
    from differ.trend import trend_corpus

    out = tmp_path_factory.mktemp("pages")
    result = {}
    for old, new in ((2016, 2023), (2023, 2024)):
        data = json.loads(json.dumps(compare_years(corpus, old, new).to_json()))
        html = out / f"kazakhstan-{old}-{new}.html"
        html.write_text(render_comparison(data, **report_context(corpus, old, new)), encoding="utf-8")
        result[(old, new)] = (html, data)
    trend = json.loads(json.dumps(trend_corpus(corpus)))
    (out / "kazakhstan-trend.html").write_text(render_trend(trend), encoding="utf-8")
    result["trend"] = (out / "kazakhstan-trend.html", trend)

    # The same 2023→2024 comparison with markup planted in every kind of report text.
    planted = json.loads(json.dumps(result[(2023, 2024)][1]))
    sec = next(s for s in planted["sections"] if s["changes"])
    sec["new_heading"] = "Heading " + PLANT
    change = sec["changes"][0]
    change.update(kind="added", old_text=None, new_text="Planted " + PLANT)
    change.pop("redline", None)
    sec["changes"].append({**change, "id": "c9999", "kind": "changed", "old_text": "a", "new_text": "b " + PLANT,
                           "redline": [["equal", "x "], ["insert", PLANT], ["delete", PLANT]]})
    planted["abuses"][0]["old_text"] = "Abuse " + PLANT
    planted["laws"][0]["name"] = "Law " + PLANT
    planted["statistics"][0]["section"] = ["S " + PLANT]
    planted["old"]["source"] = "Source " + PLANT
    (out / "planted.html").write_text(render_comparison(planted), encoding="utf-8")
    (out / "planted-trend.html").write_text(render_trend({
        **trend, "abuses": [{"category": "c " + PLANT, "items": [["Abuse " + PLANT]] + [[] for _ in trend["years"][1:]]}],
    }), encoding="utf-8")
    result["planted"] = (out / "planted.html", planted)
    result["planted-trend"] = (out / "planted-trend.html", None)
    return result


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A tab with its console errors and uncaught exceptions collected."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def open_page(browser):
    opened: list[Page] = []

    def _open(path: Path) -> Page:
        page = Page(browser, path)
        opened.append(page)
        return page

    yield _open
    for p in opened:
        p.page.close()


@pytest.mark.parametrize("key", [(2016, 2023), (2023, 2024), "trend"])
def test_no_console_errors_and_no_network(pages, open_page, key):
    path, _ = pages[key]
    page = open_page(path)
    page.wait_for_load_state("load")
    assert page.errors == []
    assert all(u.startswith("file://") for u in page.requests), page.requests
    assert page.evaluate("document.querySelectorAll('script[src], link[rel=stylesheet], img[src]').length") == 0


@pytest.mark.parametrize("key", [(2016, 2023), (2023, 2024)])
def test_summary_counts_match_json(pages, open_page, key):
    path, data = pages[key]
    page = open_page(path)
    shown = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('[data-summary]')]"
        ".map(c => [c.dataset.summary, c.querySelector('.card-n').textContent.trim()]))")
    expected_keys = {"sections.added", "sections.dropped", "sections.changed", "sections.moved", "sections.unchanged",
                     "abuses.added", "abuses.dropped", "statistics.changed", "laws.added", "laws.dropped",
                     "laws.changed"}
    assert set(shown) == expected_keys
    for key_, value in shown.items():
        group, name = key_.split(".")
        assert int(value) == data["summary"][group][name], key_
    # every change in the JSON is one focusable element in the page, with its kind
    kinds = page.evaluate("[...document.querySelectorAll('.chg')].map(e => e.dataset.kind)")
    assert sorted(kinds) == sorted(c["kind"] for s in data["sections"] for c in s["changes"])


def test_n_and_p_move_focus_between_changes(pages, open_page):
    path, _ = pages[(2016, 2023)]
    page = open_page(path)
    ids = page.evaluate("[...document.querySelectorAll('.chg')].filter(e => e.offsetParent).map(e => e.id)")
    assert len(ids) > 3
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == ids[0]
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == ids[1]
    assert page.evaluate("document.getElementById('change-pos').textContent") == f"2 / {len(ids)}"
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.id") == ids[0]
    # the contents column marks the section being read
    sec = page.evaluate("document.activeElement.closest('section.sec').id")
    assert page.get_attribute(f".toc a[href='#{sec}']", "aria-current") == "location"
    # the focused change is on screen
    assert page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })()")


def test_n_after_a_contents_link_starts_at_that_section(pages, open_page):
    path, data = pages[(2016, 2023)]
    page = open_page(path)
    sec = [s for s in data["sections"] if s["changes"]][10]
    page.click(f".toc-secs a[href='#{sec['anchor']}']")
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == sec["changes"][0]["id"]
    page.keyboard.press("p")
    before = page.evaluate("document.activeElement.closest('section.sec').id")
    assert before != sec["anchor"]


def test_unchanged_text_is_folded_in_place(pages, open_page):
    path, _ = pages[(2023, 2024)]
    page = open_page(path)
    folded = page.locator("details.same").first
    body = folded.locator("p").first
    assert not body.is_visible()
    folded.locator("summary").click()
    assert body.is_visible() and len(body.inner_text()) > 20
    # n skips the unchanged runs: it only ever lands on changes
    for _ in range(5):
        page.keyboard.press("n")
        assert "chg" in page.evaluate("document.activeElement.className")


def test_filters_hide_a_kind_and_n_skips_it(pages, open_page):
    path, _ = pages[(2016, 2023)]
    page = open_page(path)
    page.click("input[data-filter=dropped]")
    assert page.evaluate("[...document.querySelectorAll('.chg.k-dropped')].every(e => !e.offsetParent)")
    assert page.evaluate("[...document.querySelectorAll('.chg.k-added')].some(e => e.offsetParent)")
    for _ in range(6):
        page.keyboard.press("n")
        assert page.evaluate("document.activeElement.dataset.kind") != "dropped"


def test_side_by_side_toggle(pages, open_page):
    path, _ = pages[(2016, 2023)]
    page = open_page(path)
    first = "document.querySelector('.chg.k-changed:not(.sc-heading)')"
    assert page.evaluate(f"!!{first}.querySelector('.v-inline').offsetParent")
    assert page.evaluate(f"!{first}.querySelector('.v-sbs').offsetParent")
    page.click("#toggle-view")
    assert page.get_attribute("#toggle-view", "aria-pressed") == "true"
    assert page.evaluate(f"!{first}.querySelector('.v-inline').offsetParent")
    assert page.evaluate(f"!!{first}.querySelector('.v-sbs').offsetParent")
    # two columns: the old side shows deletions only, the new side insertions only
    cols = page.evaluate(f"""(() => {{
        const el = {first};
        const o = el.querySelector('.col-old'), n = el.querySelector('.col-new');
        const a = o.getBoundingClientRect(), b = n.getBoundingClientRect();
        return {{side: a.right <= b.left + 1, oi: o.querySelectorAll('ins').length, nd: n.querySelectorAll('del').length}};
    }})()""")
    assert cols == {"side": True, "oi": 0, "nd": 0}
    page.click("#toggle-view")
    assert page.evaluate(f"!!{first}.querySelector('.v-inline').offsetParent")


@pytest.mark.parametrize("key", ["planted", "planted-trend"])
def test_planted_script_is_text_and_never_runs(pages, open_page, key):
    path, _ = pages[key]
    page = open_page(path)
    page.wait_for_load_state("load")
    page.keyboard.press("n")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert "<script>window.__pwned = 1</script>" in page.inner_text("body")
    assert page.errors == []


def test_trend_page_shows_every_view(pages, open_page):
    path, data = pages["trend"]
    page = open_page(path)
    assert page.evaluate("document.querySelectorAll('.abuse-matrix tbody tr').length") == len(data["abuses"])
    charts = [s for s in data["statistics"] if s["changed"]]
    assert page.evaluate("document.querySelectorAll('.chart svg polyline').length") == len(charts)
    assert page.evaluate("document.querySelectorAll('.heat tbody tr').length") == len(data["sections"]["rows"])
    assert page.evaluate("document.querySelectorAll('.lineage .ly').length") == data["lineage"]["sentences"]
    years = page.evaluate("[...new Set([...document.querySelectorAll('.lineage .ly')].map(e => e.dataset.first))]")
    assert set(years) <= {str(y) for y in data["years"]}


# --- screenshots for the README: python tests/test_browser.py docs/ -----------------------------


def write_screenshots(dest: Path, corpus_dir: Path) -> list[Path]:  # pragma: no cover - a tool, not a test
    """Render the three pages from the corpus and photograph them (1400 px wide)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from differ.corpus import Corpus
    from differ.diff import compare_years
    from differ.render import render_comparison, render_trend, report_context
    from differ.trend import trend_corpus

    corpus = Corpus(corpus_dir, "kazakhstan")
    tmp = Path(tempfile.mkdtemp())
    files = {}
    for old, new in ((2016, 2023), (2023, 2024)):
        page = tmp / f"kazakhstan-{old}-{new}.html"
        page.write_text(render_comparison(compare_years(corpus, old, new).to_json(), **report_context(corpus, old, new)),
                        encoding="utf-8")
        files[(old, new)] = page
    files["trend"] = tmp / "kazakhstan-trend.html"
    files["trend"].write_text(render_trend(trend_corpus(corpus)), encoding="utf-8")
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        # 2016 → 2023: the top of the page (provenance, summary cards, the abuse table)
        pg = b.new_page(viewport={"width": 1400, "height": 1250})
        pg.goto(files[(2016, 2023)].as_uri())
        out.append(dest / "report-2016-2023.png")
        pg.screenshot(path=str(out[-1]))
        # 2023 → 2024: section-by-section redlines, side by side, a change focused with `n`
        pg = b.new_page(viewport={"width": 1400, "height": 1100})
        pg.goto(files[(2023, 2024)].as_uri())
        pg.click("#toggle-view")
        # the section with the most reworded sentences; focus its first one with `n`
        target = pg.evaluate("""(() => {
            const secs = [...document.querySelectorAll('section.sec')];
            const n = s => s.querySelectorAll('.chg.k-changed.sc-sentence').length;
            const best = secs.reduce((a, b) => n(b) > n(a) ? b : a);
            return best.querySelector('.chg.k-changed.sc-sentence').id;
        })()""")
        while pg.evaluate("document.activeElement.id") != target:
            pg.keyboard.press("n")
        pg.evaluate(f"document.getElementById('{target}').scrollIntoView()")
        pg.evaluate("window.scrollBy(0, -160)")
        out.append(dest / "report-2023-2024.png")
        pg.screenshot(path=str(out[-1]))
        # trend: abuse matrix, statistic series, heat map
        pg = b.new_page(viewport={"width": 1400, "height": 2300})
        pg.goto(files["trend"].as_uri())
        pg.evaluate("document.getElementById('abuses').scrollIntoView()")
        out.append(dest / "trend.png")
        pg.screenshot(path=str(out[-1]), full_page=False)
        b.close()
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    root = Path(__file__).resolve().parent.parent
    for path in write_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else root / "docs"), root / "corpus"):
        print(f"wrote {path}")

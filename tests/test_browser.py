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
    """The pages as `differ diff` / `differ trend` write them from the real corpus (2016→2023,
    2023→2024, Iceland 2023→2024 whose reports list no abuses, the trend and the index), and a
    page with markup planted in every kind of report text."""
    from differ.corpus import Corpus
    from differ.diff import compare_years
    from differ.render import render_comparison, render_trend, write_comparison_files, write_index, write_trend
    from differ.trend import trend_corpus

    out = tmp_path_factory.mktemp("pages")
    result = {}
    for key, country, old, new in (((2016, 2023), "kazakhstan", 2016, 2023), ((2023, 2024), "kazakhstan", 2023, 2024),
                                   ("iceland", "iceland", 2023, 2024)):
        source = Corpus(corpus.root, country)
        json_path, html = write_comparison_files(source, compare_years(source, old, new),
                                                 out / f"{country}-{old}-{new}.json")
        result[key] = (html, json.loads(json_path.read_text(encoding="utf-8")))
    trend = json.loads(json.dumps(trend_corpus(corpus)))
    html, _ = write_trend(trend, out / "kazakhstan-trend.html")
    result["trend"] = (html, trend)
    result["index"] = (write_index(out), None)

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
    planted_dir = tmp_path_factory.mktemp("planted")
    (planted_dir / "planted.html").write_text(render_comparison(planted), encoding="utf-8")
    (planted_dir / "planted-trend.html").write_text(render_trend({
        **trend, "abuses": [{"category": "c " + PLANT, "items": [["Abuse " + PLANT]] + [[] for _ in trend["years"][1:]]}],
    }), encoding="utf-8")
    result["planted"] = (planted_dir / "planted.html", planted)
    result["planted-trend"] = (planted_dir / "planted-trend.html", None)
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

    def __init__(self, browser, path: Path, viewport: tuple[int, int] = (1280, 900)):
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
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

    def _open(path: Path, viewport: tuple[int, int] = (1280, 900)) -> Page:
        page = Page(browser, path, viewport)
        opened.append(page)
        return page

    yield _open
    for p in opened:
        p.page.close()


LAPTOP, PHONE = (1280, 800), (390, 844)
EVERY_PAGE = [(2016, 2023), (2023, 2024), "iceland", "trend", "index"]


@pytest.mark.parametrize("key", EVERY_PAGE)
def test_no_console_errors_and_no_network(pages, open_page, key):
    path, _ = pages[key]
    page = open_page(path)
    page.wait_for_load_state("load")
    assert page.errors == []
    assert all(u.startswith("file://") for u in page.requests), page.requests
    assert page.evaluate("document.querySelectorAll('script[src], link[rel=stylesheet], img[src]').length") == 0


OVERFLOW = "document.documentElement.scrollWidth <= innerWidth"


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("key", EVERY_PAGE)
def test_no_horizontal_scrolling(pages, open_page, key, viewport):
    page = open_page(pages[key][0], viewport)
    assert page.evaluate(OVERFLOW), page.evaluate("document.documentElement.scrollWidth")
    if page.query_selector("#filter-menu"):  # the open filter menu stays on screen too
        page.click("#filter-menu > summary")
        assert page.evaluate(OVERFLOW)
        assert page.evaluate("document.querySelector('.menu-body').getBoundingClientRect().right <= innerWidth")
        # the toolbar is one row, and the sections list still fits once everything is open
        assert page.evaluate("document.querySelector('.toolbar').getBoundingClientRect().height") < 50
        page.click("#show-all")
        assert page.evaluate(OVERFLOW)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("key", [(2016, 2023), (2023, 2024), "iceland"])
def test_no_text_runs_out_of_its_table_cell(pages, open_page, key, viewport):
    """A long value ("approximately 300–400") wraps inside its column rather than running
    into the next one: every shown cell of the findings' tables holds its text."""
    page = open_page(pages[key][0], viewport)
    spilled = page.evaluate("""[...document.querySelectorAll('.tbl td')]
        .filter(td => td.checkVisibility() && td.scrollWidth > td.clientWidth + 1)
        .map(td => td.textContent.trim().slice(0, 60))""")
    assert spilled == []


@pytest.mark.parametrize("key", [(2016, 2023), (2023, 2024), "iceland"])
def test_key_findings_fill_the_first_screen(pages, open_page, key):
    page = open_page(pages[key][0], LAPTOP)
    bottoms = page.evaluate("""[...document.querySelectorAll('.kf-headline, .kf, .kf-size')]
        .map(e => e.getBoundingClientRect().bottom)""")
    assert len(bottoms) == 5 and max(bottoms) <= 800, bottoms
    # on a phone the headline line (abuses, figures, laws) is on the first screen
    page = open_page(pages[key][0], PHONE)
    assert page.evaluate("document.querySelector('.kf-headline').getBoundingClientRect().bottom") <= 844


def _landed(page, target_id: str) -> bool:
    return page.evaluate("""id => {
        const t = document.getElementById(id), bar = document.querySelector('.toolbar');
        if (!t || !t.checkVisibility()) return false;
        const r = t.getBoundingClientRect();
        return r.height > 0 && r.top >= bar.getBoundingClientRect().bottom - 2 && r.top < innerHeight;
    }""", target_id)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("key", [(2016, 2023), (2023, 2024)])
def test_every_finding_link_lands_on_its_evidence_and_back(pages, open_page, key, viewport):
    page = open_page(pages[key][0], viewport)
    assert page.evaluate("document.querySelectorAll('#findings a[href^=\"#\"]').length") > 10
    # every piece of evidence links back to something that is there (its finding, or the findings)
    assert page.evaluate("[...document.querySelectorAll('a.back')]"
                         ".every(a => document.getElementById(a.getAttribute('href').slice(1)))")
    # Every link clicked in turn inside the page (one round trip, not three per link: the
    # links number in the dozens): a count in words filters and shows its list; any other
    # link lands on its evidence below the toolbar, and that evidence links back.
    failures = page.evaluate("""() => {
        const bar = document.querySelector('.toolbar'), failures = [];
        const landed = id => {
            const t = document.getElementById(id);
            if (!t || !t.checkVisibility()) return false;
            const r = t.getBoundingClientRect();
            return r.height > 0 && r.top >= bar.getBoundingClientRect().bottom - 2 && r.top < innerHeight;
        };
        const links = [...document.querySelectorAll('#findings a[href^="#"]')];
        for (const a of links) {
            const href = a.getAttribute('href').slice(1), show = a.dataset.show || null;
            a.scrollIntoView();
            a.click();
            if (show) {
                const shown = [...document.querySelectorAll('.chg')].filter(e => e.checkVisibility()).map(e => e.dataset.f);
                if (!show.startsWith('sec:') && !(shown.length && shown.every(f => f === show)))
                    failures.push(['filter', show, [...new Set(shown)]]);
                document.getElementById('clear-filter').click();
                continue;
            }
            if (!landed(href)) failures.push(['landing', href]);
            if (a.id) {
                const back = [...document.getElementById(href).querySelectorAll('a.back')].map(b => b.getAttribute('href'));
                if (back.length !== 1 || back[0] !== '#' + a.id) failures.push(['back', href, back]);
            }
        }
        return failures;
    }""")
    assert failures == []


def test_clicking_a_count_shows_only_that(pages, open_page):
    path, data = pages[(2023, 2024)]
    page = open_page(path, LAPTOP)
    counts = page.evaluate("""[...document.querySelectorAll('button.count')]
        .map(b => ({show: b.dataset.show, key: b.dataset.summary || null, n: +b.querySelector('.count-n').textContent}))""")
    summary = data["summary"]
    for c in counts:  # the numbers are the JSON's (where the JSON has them)
        if c["key"] and c["key"].split(".")[1] in summary[c["key"].split(".")[0]]:
            group, name = c["key"].split(".")
            assert c["n"] == summary[group][name], c
    assert sum(c["n"] for c in counts if not c["show"].startswith("sec:")) == sum(len(s["changes"]) for s in data["sections"])
    for c in counts:
        if not c["n"]:
            continue
        page.click(f"button.count[data-show='{c['show']}']")
        if c["show"].startswith("sec:"):
            status = c["show"][4:]
            shown = page.evaluate("[...document.querySelectorAll('section.sec')].filter(s => s.checkVisibility())"
                                  ".map(s => [s.dataset.status, s.classList.contains('grp')])")
            # only sections of that status, under their group headings for context
            assert sum(st == status for st, _ in shown) == c["n"], c
            assert all(st == status or grp for st, grp in shown), c
        else:
            shown = page.evaluate("[...document.querySelectorAll('.chg')].filter(e => e.checkVisibility()).map(e => e.dataset.f)")
            assert len(shown) == c["n"] and set(shown) == {c["show"]}, c
            # sections with none of them are out of the way
            assert page.evaluate("[...document.querySelectorAll('section.sec:not(.grp)')].filter(s => s.checkVisibility())"
                                 ".every(s => s.querySelector('.chg:not(.off)'))")
        assert page.is_visible("#clear-filter")
        page.click("#clear-filter")
        assert not page.is_visible("#clear-filter")
    assert page.evaluate("[...document.querySelectorAll('.chg.off')].length") == 0


def test_anchors_land_below_the_toolbar_on_a_phone(pages, open_page):
    page = open_page(pages[(2023, 2024)][0], PHONE)
    for target in ("statistics", "laws", "sections"):
        page.click(f".toc-top a[href='#{target}']")
        assert _landed(page, target), target


def test_summary_counts_match_json(pages, open_page):
    path, data = pages[(2016, 2023)]
    page = open_page(path)
    # every change in the JSON is one focusable element in the page, with its kind
    kinds = page.evaluate("[...document.querySelectorAll('.chg')].map(e => e.dataset.kind)")
    assert sorted(kinds) == sorted(c["kind"] for s in data["sections"] for c in s["changes"])
    headline = page.inner_text(".kf-headline")
    abuses = data["summary"]["abuses"]
    assert f"{abuses['added']} abuses newly listed, {abuses['dropped']} no longer listed" in headline
    assert f"{data['summary']['statistics']['changed']} figures changed" in headline


def test_print_fits_in_twenty_pages(pages, browser):
    """Chromium's print of the 2023 → 2024 comparison (Letter, default margins): key findings and
    the changes, without navigation or folded text."""
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(pages[(2023, 2024)][0].as_uri())
    pdf = page.pdf(format="Letter", margin={k: "0.4in" for k in ("top", "bottom", "left", "right")})
    page.close()
    import io

    n = len(PdfReader(io.BytesIO(pdf)).pages)
    assert n <= 20, n


def test_n_and_p_move_focus_between_changes(pages, open_page):
    path, _ = pages[(2016, 2023)]
    page = open_page(path)
    ids = page.evaluate("[...document.querySelectorAll('.chg')].filter(e => e.checkVisibility()).map(e => e.id)")
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
    sec = [s for s in data["sections"] if s["changes"] and s["new_path"]][10]
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


def test_removed_and_unchanged_sections_fold_to_one_line_and_open_on_demand(pages, open_page):
    path, data = pages[(2016, 2023)]
    page = open_page(path)
    removed = [s for s in data["sections"] if s["status"] == "dropped"]
    heights = page.evaluate("[...document.querySelectorAll('#removed section.sec')].map(s => s.getBoundingClientRect().height)")
    assert len(heights) == len(removed) and max(heights) < 60
    first = removed[0]["changes"][0]["id"]
    shown = f"document.getElementById('{first}').checkVisibility()"
    assert not page.evaluate(shown)
    page.click("#filter-menu > summary")
    page.click("#show-all")
    assert page.evaluate(shown)
    assert page.evaluate("[...document.querySelectorAll('details.sec-fold')].every(d => d.open)")


def test_filters_hide_a_kind_and_n_skips_it(pages, open_page):
    path, _ = pages[(2016, 2023)]
    page = open_page(path)
    page.click("#filter-menu > summary")
    page.click("input[data-filter=dropped-within]")
    assert page.evaluate("[...document.querySelectorAll('.chg.f-dropped-within')].every(e => !e.checkVisibility())")
    assert page.evaluate("[...document.querySelectorAll('.chg.k-added')].some(e => e.checkVisibility())")
    page.keyboard.press("Escape")
    for _ in range(6):
        page.keyboard.press("n")
        assert page.evaluate("document.activeElement.dataset.f") != "dropped-within"


def test_side_by_side_toggle(pages, open_page):
    path, _ = pages[(2016, 2023)]
    page = open_page(path)
    first = "document.querySelector('.chg.k-changed:not(.sc-heading)')"
    assert page.evaluate(f"!!{first}.querySelector('.v-inline').offsetParent")
    assert page.evaluate(f"!{first}.querySelector('.v-sbs')")  # made when first asked for
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
    """Write the pages from the corpus as `differ diff` / `differ trend` do and photograph them
    at a laptop's 1280×800 and a phone's 390×844."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from differ.corpus import Corpus
    from differ.diff import compare_years
    from differ.render import write_comparison_files, write_trend
    from differ.trend import trend_corpus

    corpus = Corpus(corpus_dir, "kazakhstan")
    tmp = Path(tempfile.mkdtemp())
    files = {}
    for old, new in ((2016, 2023), (2023, 2024)):
        _, files[(old, new)] = write_comparison_files(corpus, compare_years(corpus, old, new),
                                                      tmp / f"kazakhstan-{old}-{new}.json")
    files["trend"], _ = write_trend(trend_corpus(corpus), tmp / "kazakhstan-trend.html")
    dest.mkdir(parents=True, exist_ok=True)
    out = []

    def shot(b, key, name, viewport, setup=None):
        pg = b.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        pg.goto(files[key].as_uri())
        if setup:
            setup(pg)
            pg.wait_for_timeout(200)
        out.append(dest / name)
        pg.screenshot(path=str(out[-1]))
        pg.close()

    def redlines(pg):  # the section with the most reworded sentences, its first one focused with `n`
        target = pg.evaluate("""(() => {
            const secs = [...document.querySelectorAll('section.sec')];
            const n = s => s.querySelectorAll('.chg.f-changed').length;
            return secs.reduce((a, b) => n(b) > n(a) ? b : a).querySelector('.chg.f-changed').id;
        })()""")
        while pg.evaluate("document.activeElement.id") != target:
            pg.keyboard.press("n")
        pg.evaluate(f"document.getElementById('{target}').scrollIntoView()")
        pg.evaluate("window.scrollBy(0, -120)")

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        shot(b, (2023, 2024), "report-2023-2024.png", LAPTOP)  # the first screen: key findings
        shot(b, (2023, 2024), "report-2023-2024-phone.png", PHONE)
        shot(b, (2016, 2023), "report-2016-2023.png", LAPTOP, redlines)  # redlines in place
        shot(b, (2016, 2023), "report-2016-2023-phone.png", PHONE, redlines)
        shot(b, "trend", "trend.png", LAPTOP, lambda pg: pg.evaluate("document.getElementById('statistics').scrollIntoView()"))
        b.close()
    return out


if __name__ == "__main__":  # pragma: no cover
    import sys

    root = Path(__file__).resolve().parent.parent
    for path in write_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else root / "docs"), root / "corpus"):
        print(f"wrote {path}")

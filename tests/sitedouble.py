"""A state.gov + archive-site double: a real HTTP server on 127.0.0.1 (pytest-httpserver)
serving pages built from the real corpus text. Shared by the fetch and update tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from statepages import (ARCHIVE, ARCHIVE_ID, EDITION, access_denied_page, archive_page, archive_region_page,
                        archive_year_index, corpus_pdf, corpus_report, edition_index, pdf_stub_page, stategov_page)

COUNTRY = "kazakhstan"
REAL = ("iceland", "kazakhstan", "uzbekistan")  # the countries whose real texts the corpus holds
PDF_2024 = "/wp-content/uploads/2025/07/62451_KAZAKHSTAN-2024-HUMAN-RIGHTS-REPORT.pdf"
PDF_2023 = "/wp-content/uploads/2024/03/528267_KAZAKHSTAN-2023-HUMAN-RIGHTS-REPORT.pdf"
REGIONS = {"af": "Africa", "eap": "East Asia and the Pacific", "eur": "Europe and Eurasia",
           "nea": "Near East and North Africa", "sca": "South and Central Asia", "wha": "Western Hemisphere"}
FAST = ["--delay", "0", "--retries", "3", "--backoff", "0.01"]


def edition_pdf(country: str, year: int) -> str:
    """Where the double serves a country's report PDF of a whole-edition test."""
    return f"/wp-content/uploads/{year + 1}/04/{country.upper()}-{year}-HUMAN-RIGHTS-REPORT.pdf"


def direct(year: int, slash: bool = True) -> str:
    return EDITION.format(year=year) + COUNTRY + ("/" if slash else "")


@pytest.fixture(scope="module")
def server():
    s = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    s.no_handler_status_code = 404  # an unknown page is a 404, as on the real site
    s.start()
    yield s
    s.clear()
    if s.is_running():
        s.stop()


@pytest.fixture(scope="module")
def pages():
    """Everything served, built once from the real corpus text."""
    r16, r23 = corpus_report(2016), corpus_report(2023)
    return {
        "2016": archive_page(r16).encode(),
        "2023": stategov_page(r23, pdf_url=PDF_2023).encode(),
        "2024pdf": corpus_pdf(2024),
        "2023uz": stategov_page(r23, country_name="Uzbekistan").encode(),
    }


class Site:
    """A state.gov + archive-site double on one local server."""

    def __init__(self, server: HTTPServer, pages: dict[str, bytes]):
        self.server = server
        self.pages = pages
        root = server.url_for("/").rstrip("/")
        self.base = root
        self.archive_prefix = "/archive"
        self.archive = root + self.archive_prefix

    def serve(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", *,
              etag: str | None = None, last_modified: str | None = "Tue, 19 Mar 2024 10:00:00 GMT",
              oneshot: bool = False) -> None:
        data = body.encode() if isinstance(body, str) else body

        def handler(request: Request) -> Response:
            if etag and request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            headers = {"Content-Type": content_type}
            if etag:
                headers["ETag"] = etag
            if last_modified:
                headers["Last-Modified"] = last_modified
            return Response(data, status=200, headers=headers)

        target = self.server.expect_oneshot_request(path) if oneshot else self.server.expect_request(path)
        target.respond_with_handler(handler)

    def status(self, path: str, status: int, headers: dict | None = None, body: bytes = b"", oneshot=True):
        target = self.server.expect_oneshot_request(path) if oneshot else self.server.expect_request(path)
        target.respond_with_response(Response(body, status=status, headers=headers or {}))

    # the three editions of the clean fetch ---------------------------------------------------

    def year_2023(self) -> None:
        self.serve(direct(2023), self.pages["2023"], etag='"v2023"')
        self.serve(PDF_2023, corpus_pdf(2023), "application/pdf", etag='"p2023"')

    def year_2024(self) -> None:
        """The direct URL 404s; the index links the page without a trailing slash; the page
        holds only a link to the PDF."""
        self.serve(EDITION.format(year=2024), edition_index(self.base, 2024, ["kazakhstan", "kenya", "kosovo"]))
        self.serve(direct(2024, slash=False), pdf_stub_page(2024, COUNTRY, self.base + PDF_2024))
        self.serve(PDF_2024, self.pages["2024pdf"], "application/pdf", etag='"p2024"')

    def year_2016(self) -> None:
        a = self.archive_prefix + ARCHIVE
        self.serve(f"{a}2016/index.htm", archive_year_index(2016, REGIONS).replace(
            f'href="{ARCHIVE}', f'href="{a}'))
        for code, name in REGIONS.items():
            countries = {"Afghanistan": 1, "Bangladesh": 2, "Kazakhstan": ARCHIVE_ID[2016], "Uzbekistan": 4} \
                if code == "sca" else {f"{name} Country": 9}
            self.serve(f"{a}2016/{code}/index.htm",
                       archive_region_page(2016, code, name, countries).replace(f'href="{ARCHIVE}', f'href="{a}'))
        self.serve(f"{a}2016/sca/{ARCHIVE_ID[2016]}.htm", self.pages["2016"], "text/html", etag='"a2016"')

    # a whole edition of several countries ----------------------------------------------------------

    def edition(self, year: int, listed: list[str], *, serve: tuple[str, ...] = REAL, denied: tuple[str, ...] = ()
                ) -> None:
        """An edition index listing ``listed``; the real countries in ``serve`` built from the
        corpus text (2023 and earlier as HTML pages, 2024 on as PDFs linked from a stub page, as
        state.gov does), those in ``denied`` an access-denied page served with 200, any other
        listed country not served at all (404)."""
        edition = EDITION.format(year=year)
        self.serve(edition, edition_index(self.base, year, listed))
        for country in serve:
            if year <= 2023:
                self.serve(edition + country, stategov_page(corpus_report(year, country)))
            else:
                self.serve(edition + country, pdf_stub_page(year, country, self.base + edition_pdf(country, year)))
                self.serve(edition_pdf(country, year), corpus_pdf(year, country), "application/pdf")
        for country in denied:
            self.serve(edition + country, access_denied_page())

    def all_years(self) -> None:
        self.year_2016()
        self.year_2023()
        self.year_2024()

    def args(self, years: str, corpus: Path, *extra: str) -> list[str]:
        return ["fetch", "--years", years, "--corpus", str(corpus), "--base-url", self.base,
                "--archive-base-url", self.archive, *FAST, *extra]

    def requests(self) -> list[Request]:
        return [req for req, _resp in self.server.log]


@pytest.fixture
def site(server, pages):
    server.clear()
    server.no_handler_status_code = 404  # clear() resets it
    yield Site(server, pages)
    server.clear()

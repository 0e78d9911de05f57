"""Fetch the reports from state.gov (2017 onward) and the 2009–2017 archive site.

Python API: :func:`fetch_years` takes a :class:`~differ.corpus.Corpus`, the years and a
:class:`FetchConfig` and returns one :class:`YearResult` per year. The ``differ fetch``
command is a thin layer over it.

* **Discovery** – 2017 onward: the country page
  ``/reports/<YEAR>-country-reports-on-human-rights-practices/<country>/``, else the
  edition index's link to it; the report PDF linked from the page when the page itself
  does not hold the report. 2016 and earlier: the archive site's year index → region
  page → country page.
* **Politeness** – a descriptive User-Agent, one request at a time, ``delay`` seconds
  between requests to a host, retries with exponential backoff on connection errors,
  429 and 5xx honouring ``Retry-After`` (urllib3 ``Retry`` on an ``HTTPAdapter``; a
  connection lost mid-body is retried with the same ``Retry`` object's bookkeeping).
* **Validation before storage** – status, content type, size cap, PDF magic and
  parse, the HTML/PDF parses into a report with the expected outline, and the report is
  for the requested country and year.
* **Storage** – :meth:`Corpus.store` (file, then manifest, both atomic).
* **Security** – only http(s) to the two configured hosts; redirects elsewhere refused.
"""

from __future__ import annotations

import math
import re
import socket
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import urljoin, urlsplit, urlunsplit

from differ.corpus import Corpus, sha256_bytes, validate_slug, validate_year
from differ.errors import DifferError, ParseError, UsageError, failure_reason
from differ.parse import letters_only
from differ.parse.checks import MAX_BYTES, format_size, report_chars

from differ.names import (ARCHIVE_BASE_URL, ARCHIVE_PATH, EDITION_PATH,  # noqa: E402,F401  (the published scheme)
                          FIRST_STATEGOV_YEAR, STATE_BASE_URL)

# www.state.gov redirects older editions to these archive hosts of its own
STATE_ARCHIVE_HOSTS = ("2017-2021.state.gov", "2021-2025.state.gov")

FETCHED, UNCHANGED, SKIPPED, NOT_PUBLISHED, FAILED = "fetched", "unchanged", "skipped", "not published", "failed"
OK_STATUSES = frozenset({FETCHED, UNCHANGED, SKIPPED, NOT_PUBLISHED})

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream",
                       "application/force-download", "application/download"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
GONE_STATUSES = frozenset({404, 410})


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("differ")
    except Exception:  # pragma: no cover - not installed
        return "0"


USER_AGENT = (f"differ/{_version()} (year-to-year diffs of the U.S. State Department human rights reports; "
              "one request at a time; python-requests)")


# FetchConfig's numbers: (field, command-line option, bound)
_NUMBERS = (("timeout", "--timeout", "positive"), ("deadline", "--deadline", "positive"),
            ("max_bytes", "--max-bytes", "positive"), ("retries", "--retries", "non-negative"),
            ("delay", "--delay", "non-negative"), ("backoff_factor", "--backoff", "non-negative"),
            ("backoff_max", "backoff_max", "non-negative"), ("retry_after_max", "retry_after_max", "non-negative"))


@dataclass
class FetchConfig:
    """Everything the fetcher can be told. Defaults are polite for the real site."""

    base_url: str = STATE_BASE_URL
    archive_base_url: str = ARCHIVE_BASE_URL
    force: bool = False
    user_agent: str = USER_AGENT
    timeout: float = 30.0  # seconds, for connecting and between bytes
    deadline: float = 300.0  # seconds for one download, redirects and retries included
    max_bytes: int = max(MAX_BYTES.values())  # the largest file any format may be
    retries: int = 4  # per request, for connection errors, 429 and 5xx
    backoff_factor: float = 1.0  # 0, 2, 4, 8 … seconds between retries (urllib3 semantics)
    backoff_max: float = 60.0
    retry_after_max: float = 120.0  # a longer Retry-After is waited for this long at most
    delay: float = 1.0  # seconds between two requests to the same host
    max_redirects: int = 5
    max_region_pages: int = 12  # archive site: region pages tried when looking for the country
    # Hosts a redirect may lead to besides the two bases. None: the State Department's own
    # archive hosts when base_url is www.state.gov (it redirects older editions there), else none.
    extra_hosts: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        self.base_url = normalize_base_url(self.base_url, "--base-url")
        self.archive_base_url = normalize_base_url(self.archive_base_url, "--archive-base-url")
        for field, option, minimum in _NUMBERS:
            value = getattr(self, field)
            ok = isinstance(value, (int, float)) and math.isfinite(value)
            if not ok or (value <= 0 if minimum == "positive" else value < 0):
                what = "above 0" if minimum == "positive" else "0 or more"
                raise UsageError(f"{option} {value}: expected a finite number {what}")

    @property
    def hosts(self) -> frozenset[str]:
        extra = self.extra_hosts
        if extra is None:
            extra = STATE_ARCHIVE_HOSTS if self.base_url == STATE_BASE_URL else ()
        bases = [self.base_url, self.archive_base_url] + [f"https://{h}" for h in extra]
        return frozenset(_host_key(u) for u in bases)


@dataclass(frozen=True)
class YearResult:
    year: int
    status: str  # fetched / unchanged / skipped / not published / failed
    reason: str = ""
    bytes: int | None = None
    path: Path | None = None
    url: str | None = None
    format: str | None = None
    country: str = ""  # "" when fetching one country, or for a whole edition's index (every country)

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES

    @property
    def label(self) -> str:
        """``2024`` for one country's year, ``kazakhstan 2024`` in a run over many countries."""
        return f"{self.country} {self.year}" if self.country else str(self.year)


# --- arguments ---------------------------------------------------------------------------


def normalize_base_url(url: str, option: str = "base URL") -> str:
    url = str(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise UsageError(f"{option} {url!r}: malformed URL ({e})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{option} {url!r}: expected an http(s) URL such as https://www.state.gov")
    try:
        resolve_url(url)
    except _RefusedURL as e:
        raise UsageError(f"{option} {url!r}: {e}") from None
    if parts.query or parts.fragment:
        raise UsageError(f"{option} {url!r}: must not carry a query or a fragment")
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path.rstrip("/"), "", ""))


def parse_years(spec: str) -> list[int]:
    """``2015-2024``, ``2016``, ``2016,2023-2024`` → sorted distinct years."""
    years: set[int] = set()
    if not spec or not spec.strip():
        raise UsageError("--years: give a year or a range, e.g. 2015-2024")
    for part in spec.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d{4})\s*[-–:]\s*(\d{4})", part)
        if m:
            lo, hi = validate_year(m.group(1)), validate_year(m.group(2))
            if lo > hi:
                raise UsageError(f"--years {spec}: range {part} runs backwards (did you mean {hi}-{lo}?)")
            years.update(range(lo, hi + 1))
        elif re.fullmatch(r"\d{4}", part):
            years.add(validate_year(part))
        else:
            raise UsageError(f"--years {spec}: {part!r} is not a year or a range like 2015-2024")
    return sorted(years)


# --- HTTP ---------------------------------------------------------------------------------


class FetchFailure(DifferError):
    """One year could not be fetched; the message is the reason."""


class _BodyInterrupted(Exception):
    def __init__(self, cause: Exception):
        super().__init__(str(cause))
        self.cause = cause


class _RefusedURL(ValueError):
    """A URL that is not fetched; the message says why."""


_DEFAULT_PORTS = {"http": 80, "https": 443}


def resolve_url(url: str) -> tuple[str, str]:
    """(the URL requests will send, ``host:port`` it will connect to), or :class:`_RefusedURL`.

    The host is decided by the parser that connects: requests prepares the URL with
    urllib3's ``parse_url`` and urllib3 connects to that host. ``urllib.parse.urlsplit``
    reads some URLs differently (``http://a:1\\@b:2/`` is host ``b`` to it, ``a`` to
    urllib3), so a URL on which the two disagree, or one with a backslash, control
    characters or credentials, is refused rather than guessed at.
    """
    from requests.exceptions import RequestException
    from requests.models import PreparedRequest
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    if "\\" in url:
        raise _RefusedURL("a backslash in a URL is read differently by different parsers")
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        raise _RefusedURL("control characters or spaces in the URL")
    try:
        split = urlsplit(url)
        split_host, split_port = split.hostname, split.port
        prepared = PreparedRequest()
        prepared.prepare_url(url, None)
        sent = parse_url(prepared.url)
    except (ValueError, LocationParseError, RequestException) as e:
        raise _RefusedURL(f"malformed URL ({_short(e)})") from None
    scheme = (sent.scheme or "").lower()
    if scheme not in _DEFAULT_PORTS or split.scheme.lower() != scheme:
        raise _RefusedURL("only http(s) URLs are fetched")
    if split.username is not None or split.password is not None or sent.auth:
        raise _RefusedURL("URLs with credentials (user@host) are not fetched")
    host = (sent.host or "").lower().strip("[]").rstrip(".")
    port = sent.port or _DEFAULT_PORTS[scheme]
    if not host:
        raise _RefusedURL("no host in the URL")
    if (split_host or "").lower().rstrip(".") != host or (split_port or _DEFAULT_PORTS[scheme]) != port:
        raise _RefusedURL(f"URL parsers disagree on its host ({split_host}:{split_port} vs {host}:{port})")
    return prepared.url, f"{host}:{port}"


def _host_key(url: str) -> str:
    """``host:port`` a URL connects to (as urllib3 reads it); "" for a URL that is refused."""
    try:
        return resolve_url(url)[1]
    except _RefusedURL:
        return ""


def _causes(e: BaseException) -> list[BaseException]:
    """A requests/urllib3 error and the reasons nested inside it, outermost first."""
    chain, seen = [e], {id(e)}
    while True:
        inner = getattr(e, "reason", None)
        if inner is None and e.args and isinstance(e.args[0], BaseException):
            inner = e.args[0]
        if inner is None or not isinstance(inner, BaseException) or id(inner) in seen:
            return chain
        seen.add(id(inner))
        chain.append(inner)
        e = inner


def _short(e: BaseException) -> str:
    """The innermost reason of a requests/urllib3 error, on one line."""
    e = _causes(e)[-1]
    if len(e.args) >= 2 and isinstance(e.args[0], str):  # ProtocolError("Connection broken: …", cause)
        return " ".join(e.args[0].split())[:200]
    msg = " ".join(str(e).split())
    # "<urllib3.connection.HTTPConnection object at 0x…>: ", or urllib3 2's "HTTPConnection(host=…, port=…): "
    msg = re.sub(r"^(?:<[^>]+>|\w+\(host=[^)]*\)):\s*", "", msg)
    return (msg or type(e).__name__)[:200]


def _unreachable(url: str, e: BaseException) -> str:
    from urllib3.exceptions import NameResolutionError

    if any(isinstance(c, NameResolutionError) for c in _causes(e)):
        gai = next((c for c in _causes(e) if isinstance(c, socket.gaierror)), None)
        why = f" ({gai.strerror})" if gai is not None and gai.strerror else ""
        return f"cannot resolve the host name {_host_key(url).rsplit(':', 1)[0]}{why} (for {url})"
    return f"cannot reach {url}: {_short(e)}"


class _DeadlinePassed(Exception):
    """A download outlived its deadline (not an OSError, so urllib3 does not retry it)."""


class _Watch:
    """A download's deadline. When it passes, the sockets the download uses are shut down,
    which wakes a read blocked on a server that sends a byte at a time (the socket timeout
    only bounds the wait between bytes); new connections and retry waits are refused."""

    def __init__(self) -> None:
        import weakref

        self._sockets: weakref.WeakSet = weakref.WeakSet()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._end = math.inf
        self.expired = False

    def start(self, seconds: float) -> None:
        self.expired = False
        self._end = time.monotonic() + seconds
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._end = math.inf

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def check(self) -> None:
        if self.expired:
            raise _DeadlinePassed()

    def add(self, sock) -> None:
        with self._lock:
            self._sockets.add(sock)
            expired = self.expired
        if expired:
            _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown(sock)


def _shutdown(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _watched_pools(watch: _Watch) -> dict:
    """urllib3 connection pools whose connections register their sockets with ``watch``."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def watched(base):
        class Watched(base):
            def connect(self):
                watch.check()
                super().connect()
                watch.add(self.sock)

        return Watched

    class Pool(HTTPConnectionPool):
        ConnectionCls = watched(HTTPConnection)

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = watched(HTTPSConnection)

    return {"http": Pool, "https": SecurePool}


@dataclass
class Response:
    status: int
    url: str  # the URL asked for
    final_url: str  # after redirects
    headers: dict[str, str]
    data: bytes = b""
    moved: bool = False  # a redirect took us to another path
    checked: tuple | None = None  # the result of validate(), once done

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def _same_path(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return pa.path.rstrip("/").lower() == pb.path.rstrip("/").lower()


class Http:
    """requests + urllib3 Retry, one request at a time, a pause between requests per host."""

    def __init__(self, config: FetchConfig):
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        from urllib3.exceptions import MaxRetryError, NameResolutionError

        self.config = config
        cap = config.retry_after_max
        self.watch = watch = _Watch()

        class _Retry(Retry):
            def parse_retry_after(self, retry_after: str) -> float:
                return min(super().parse_retry_after(retry_after), cap)

            def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
                watch.check()
                if isinstance(error, NameResolutionError):  # a name that does not resolve will not soon
                    raise MaxRetryError(_pool, url, error) from error
                return super().increment(method, url, response, error, _pool, _stacktrace)

            def sleep(self, response=None) -> None:
                wait = self.get_retry_after(response) if response is not None else None
                if wait is None:
                    wait = self.get_backoff_time()
                if wait >= watch.remaining():
                    raise _DeadlinePassed()
                super().sleep(response)

        self.retry = _Retry(
            total=config.retries,
            connect=config.retries,
            read=config.retries,
            status=config.retries,
            other=0,
            redirect=False,  # redirects are followed (and checked) here, hop by hop
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            backoff_factor=config.backoff_factor,
            backoff_max=config.backoff_max,
            respect_retry_after_header=True,
            raise_on_status=False,
            raise_on_redirect=False,
        )
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies or .netrc picked up behind the user's back
        pools = _watched_pools(watch)

        class _Adapter(HTTPAdapter):
            def init_poolmanager(self, *args, **kwargs):
                super().init_poolmanager(*args, **kwargs)
                self.poolmanager.pool_classes_by_scheme = pools

        adapter = _Adapter(max_retries=self.retry, pool_connections=2, pool_maxsize=1)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({
            "User-Agent": config.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5",
            "Accept-Language": "en",
        })
        self._last: dict[str, float] = {}
        self.requests_made = 0

    def close(self) -> None:
        self.session.close()

    def check_url(self, url: str, redirected_from: str | None = None) -> str:
        """The URL to send, if it goes to a configured host; else a :class:`FetchFailure`
        (saying which URL redirected to it, when one did)."""
        try:
            sent, key = resolve_url(url)
        except _RefusedURL as e:
            raise FetchFailure(f"{redirected_from} redirects to {url}; refused: {e}" if redirected_from
                               else f"refused {url}: {e}") from None
        if key not in self.config.hosts:
            host = key.rsplit(":", 1)[0]
            raise FetchFailure(f"{redirected_from} redirects to another host ({host}); refused" if redirected_from
                               else f"refused {url}: host {host} is not a configured host")
        return sent.split("#", 1)[0]

    def _pause(self, url: str) -> None:
        key = _host_key(url)
        last = self._last.get(key)
        if last is not None and self.config.delay > 0:
            wait = last + self.config.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)

    def get(self, url: str, *, headers: dict[str, str] | None = None) -> Response:
        """GET with checked redirects and a capped, retried body, all within the deadline.
        2xx/304/404/410 return; anything else is a :class:`FetchFailure`."""
        self.watch.start(self.config.deadline)
        try:
            response = self._get_retried(url, headers or {})
            self.watch.check()  # a body cut short by the deadline is not a body
            return response
        except _DeadlinePassed:
            raise FetchFailure(f"{url}: no complete answer within the {self.config.deadline:g} s deadline "
                               "(--deadline); download stopped") from None
        finally:
            self.watch.stop()

    def _get_retried(self, url: str, headers: dict[str, str]) -> Response:
        from urllib3.exceptions import MaxRetryError, ProtocolError

        retry = self.retry.new()
        while True:
            try:
                return self._get_once(url, headers)
            except _BodyInterrupted as e:
                self.watch.check()
                try:
                    retry = retry.increment(method="GET", url=url, error=ProtocolError(str(e.cause)))
                except MaxRetryError:
                    raise FetchFailure(
                        f"connection lost while downloading {url} ({_short(e.cause)}), "
                        f"{self.config.retries} retries used"
                    ) from None
                retry.sleep()

    def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        import requests

        asked = url = self.check_url(url)
        for _ in range(self.config.max_redirects + 1):
            self._pause(url)
            try:
                resp = self.session.get(url, headers=headers, stream=True, allow_redirects=False,
                                        timeout=self.config.timeout)
            except requests.exceptions.RequestException as e:
                self.watch.check()
                raise FetchFailure(_unreachable(url, e)) from None
            finally:
                self._last[_host_key(url)] = time.monotonic()
                self.requests_made += 1
            status = resp.status_code
            if status in REDIRECT_STATUSES:
                location = resp.headers.get("Location", "").strip()
                resp.close()
                if not location:
                    raise FetchFailure(f"HTTP {status} from {url} without a Location header")
                url = self.check_url(urljoin(url, location), redirected_from=url)
                continue
            hdrs = {k.lower(): v for k, v in resp.headers.items()}
            moved = not _same_path(asked, url)
            if status == 304 and not ({"If-None-Match", "If-Modified-Since"} & set(headers)):
                resp.close()
                raise FetchFailure(f"HTTP 304 from {url} to a request that was not conditional")
            if status == 304 or status in GONE_STATUSES:
                resp.close()
                return Response(status, asked, url, hdrs, b"", moved)
            if status not in (200, 203):  # 206 partial content, 204 no content … are not a report
                resp.close()
                extra = ""
                if status in RETRY_STATUSES and self.config.retries:
                    extra = f" after {self.config.retries} retries"
                elif status == 403:
                    extra = " (blocked by the server)"
                reason = resp.reason or ""
                raise FetchFailure(f"HTTP {status} {reason}".rstrip() + f" from {url}{extra}")
            data = self._read_body(resp, url)
            return Response(status, asked, url, hdrs, data, moved)
        raise FetchFailure(f"more than {self.config.max_redirects} redirects from {asked}")

    def _read_body(self, resp, url: str) -> bytes:
        import requests

        cap = self.config.max_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > cap:
            resp.close()
            raise FetchFailure(f"{url} is {_size(int(declared))}, over the {_size(cap)} size cap")
        buf = bytearray()
        try:
            for chunk in resp.iter_content(64 * 1024):
                buf += chunk
                if len(buf) > cap:
                    raise FetchFailure(f"{url} sent more than the {_size(cap)} size cap; download stopped")
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError,
                requests.exceptions.ContentDecodingError) as e:
            raise _BodyInterrupted(e) from None
        finally:
            resp.close()
        return bytes(buf)


_size = format_size


# --- finding links ----------------------------------------------------------------------------


def _links(data: bytes, page_url: str) -> list[tuple[str, str]]:
    """(absolute URL, link text) for every ``<a href>`` on a page; none on a page with more
    markup than any real one (parsing it would take minutes)."""
    from bs4 import BeautifulSoup

    from differ.parse.checks import check_html_markup

    try:
        check_html_markup(data.decode("utf-8", "replace"), page_url)
    except ParseError:
        return []
    soup = BeautifulSoup(data, "html.parser")
    out = []
    for a in soup.find_all("a", href=True):
        href = str(a["href"]).strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        out.append((urljoin(page_url, href), " ".join(a.get_text(" ").split())))
    return out


def _country_link(data: bytes, page_url: str, country: str, path_prefix: str | None = None) -> str | None:
    """The link to the country's page: by URL (``…/<slug>`` with or without a slash) or by text."""
    want = letters_only(country)
    by_text = None
    for url, text in _links(data, page_url):
        path = urlsplit(url).path
        if path_prefix and path.rstrip("/").lower() == (path_prefix + country).lower():
            return url
        if letters_only(text) == want and by_text is None and not path.lower().endswith(".pdf"):
            by_text = url
    return by_text


def archive_year_index(http: "Http", config: FetchConfig, year: int) -> "Response":
    """The archive site's index page of ``year`` (through the site's list of years when the usual
    address is gone); :class:`_Outcome` ``not published`` when there is none."""
    base = config.archive_base_url
    prefix = urlsplit(base).path + ARCHIVE_PATH
    index = http.get(f"{base}{ARCHIVE_PATH}{year}/index.htm")
    if index.status in GONE_STATUSES or index.moved:
        top = http.get(f"{base}{ARCHIVE_PATH}")
        if top.status in GONE_STATUSES:
            raise _Outcome(NOT_PUBLISHED, f"no {year} report on the archive site {base} (HTTP {index.status})")
        link = next((u for u, t in _links(top.data, top.final_url)
                     if str(year) in t + " " + urlsplit(u).path and urlsplit(u).path.startswith(prefix)), None)
        if not link:
            raise _Outcome(NOT_PUBLISHED, f"the archive site's report index lists no {year} report")
        index = http.get(link)
        if index.status in GONE_STATUSES:
            raise _Outcome(NOT_PUBLISHED, f"the {year} archive index answered HTTP {index.status}: {link}")
    return index


def _archive_folder(index: "Response") -> tuple[str, str]:
    here = urlsplit(index.final_url).path
    return here, here.rsplit("/", 1)[0] + "/"


def _is_index_path(path: str) -> bool:
    return path.endswith("/index.htm") or path.endswith("/")


def archive_regions(index: "Response", config: FetchConfig) -> list[str]:
    """The region pages a year index links to (``…/2016/sca/index.htm``), at most ``max_region_pages``."""
    here, folder = _archive_folder(index)
    regions: list[str] = []
    for u, _t in _links(index.data, index.final_url):
        p = urlsplit(u).path
        if p.startswith(folder) and p != here and _is_index_path(p) and _host_key(u) in config.hosts \
                and u not in regions:
            regions.append(u)
    return regions[: config.max_region_pages]


def country_slug(name: str) -> str | None:
    """The slug for a country name as a page writes it: "Côte d’Ivoire" → ``cote-divoire``,
    "Kyrgyz Republic" → ``kyrgyz-republic`` (state.gov's spelling); None for no letters."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z]+", "-", re.sub(r"['’`]", "", ascii_name.lower())).strip("-")
    return slug or None


def _archive_countries(page: "Response", folder: str, config: FetchConfig) -> dict[str, str]:
    """Country pages linked from an archive index or region page: pages under the year's folder
    that are not index pages, named by their link text."""
    out: dict[str, str] = {}
    for u, text in _links(page.data, page.final_url):
        p = urlsplit(u).path
        if not p.startswith(folder) or _is_index_path(p) or _host_key(u) not in config.hosts:
            continue
        slug = country_slug(text)
        if slug and slug not in out:
            out[slug] = u
    return out


def _stategov_countries(index: "Response", edition_path: str, config: FetchConfig) -> dict[str, str]:
    """Country pages an edition index links to: ``…/<YEAR>-country-reports-…/<slug>/``, with or
    without the slash, one path segment below the edition (deeper pages are not reports)."""
    tail = re.compile(re.escape(edition_path) + r"([A-Za-z]+(?:-[A-Za-z]+)*)/?$")
    out: dict[str, str] = {}
    for u, _text in _links(index.data, index.final_url):
        m = tail.search(urlsplit(u).path)
        if m and _host_key(u) in config.hosts:
            out.setdefault(m.group(1).lower(), u)
    return out


def _pdf_link(data: bytes, page_url: str, country: str, year: int) -> str | None:
    """The report PDF linked from a country page (``…KAZAKHSTAN-2023-HUMAN-RIGHTS-REPORT.pdf``)."""
    want = letters_only(country)
    best = None
    for url, text in _links(data, page_url):
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        if not name.lower().endswith(".pdf"):
            continue
        letters = letters_only(name + " " + text)
        if want in letters and str(year) in name + text:
            return url
        if want in letters and best is None:
            best = url
    return best


# --- validation -------------------------------------------------------------------------------


def _to_utf8(resp: Response) -> tuple[bytes, str | None]:
    """HTML is stored as UTF-8 (the corpus reads UTF-8); other encodings are transcoded."""
    data = resp.data
    try:
        data.decode("utf-8")
        return data, None
    except UnicodeDecodeError:
        pass
    import requests.utils
    from bs4.dammit import EncodingDetector

    declared = requests.utils.get_encoding_from_headers(resp.headers)
    detector = EncodingDetector(data, known_definite_encodings=[declared] if declared else [])
    for enc in [*detector.encodings, "cp1252"]:
        try:
            return data.decode(enc).encode("utf-8"), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace").encode("utf-8"), "cp1252"


def _kind(resp: Response) -> str:
    """``html`` or ``pdf`` from the content type and the first bytes; anything else fails."""
    ctype = resp.content_type
    head = resp.data[:1024].lstrip()
    if not resp.data.strip():
        raise FetchFailure(f"{resp.final_url} answered {resp.status} with an empty body")
    if head.startswith(b"%PDF"):
        if ctype and ctype not in PDF_TYPES:
            raise FetchFailure(f"{resp.final_url}: PDF bytes served as {ctype}")
        return "pdf"
    if ctype in PDF_TYPES:
        looks_html = head[:200].lower().startswith((b"<!doctype", b"<html")) or b"<html" in head.lower()
        hint = " (an HTML page, probably an access-denied page)" if looks_html else ""
        raise FetchFailure(f"{resp.final_url}: served as {ctype} but is not a PDF (does not start with %PDF){hint}")
    if ctype in HTML_TYPES or (not ctype and b"<" in head[:1]):
        return "html"
    raise FetchFailure(f"{resp.final_url}: unexpected content type {ctype or '(none)'}")


def validate(resp: Response, *, country: str, year: int,
             previous_chars: int | None = None) -> tuple[bytes, str, Any, str | None]:
    """(bytes to store, format, parsed report, transcoded-from) or :class:`FetchFailure`/:class:`ParseError`.

    The report must name the requested country and year and be complete; ``previous_chars``
    is the length of the stored copy a re-fetch would replace."""
    from differ.parse import parse_bytes

    kind = _kind(resp)
    data, transcoded = (resp.data, None) if kind == "pdf" else _to_utf8(resp)
    report = parse_bytes(data, kind, country=country, year=year, source=resp.final_url, strict=True,
                         previous_chars=previous_chars)
    return data, kind, report, transcoded


# --- the fetcher --------------------------------------------------------------------------------


class _Outcome(Exception):
    """A final state reached during discovery (not published / unchanged)."""

    def __init__(self, status: str, reason: str, url: str | None = None):
        super().__init__(reason)
        self.status, self.reason, self.url = status, reason, url


_NOT_YET = object()  # a value not computed yet (None is an answer)


class Fetcher:
    """Fetches one country's editions. ``http``: a session shared with other countries' fetchers
    (one request at a time and the pause between requests hold across all of them); it is then
    the caller's to close."""

    def __init__(self, corpus: Corpus, config: FetchConfig | None = None, http: "Http | None" = None):
        self.corpus = corpus
        self.config = config or FetchConfig()
        self._own_http = http is None
        self.http = Http(self.config) if http is None else http

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- one year --------------------------------------------------------------------------

    def fetch_year(self, year: int, page_url: str | None = None) -> YearResult:
        """One edition; ``page_url``: the country's page as the edition index links it (a whole
        edition's run has read the index already, so the page is asked for directly)."""
        year = validate_year(year)
        try:
            self.corpus.years()  # an inconsistent corpus (files without a manifest) is an error
            entry = self.corpus.load_manifest()["editions"].get(str(year))
            if entry is not None and not self.config.force:
                return YearResult(year, SKIPPED, "already in the corpus (use --force to fetch again)",
                                  entry.get("bytes"), self.corpus.dir / str(entry.get("file", "")), entry.get("final_url"),
                                  entry.get("format"))
            self._entry = entry or {}
            self._stored_year = None  # the year of an intact stored copy, which a 304 may keep
            self._stored_chars = _NOT_YET
            if entry:
                # Ask for a 304 only when the stored copy is intact; a damaged one is replaced.
                try:
                    self.corpus.read_bytes(year)
                    self._stored_year = year
                except DifferError:
                    pass
            if year >= FIRST_STATEGOV_YEAR:
                resp, page_url, pdf_url = self._discover_stategov(year, page_url)
            else:
                resp, page_url, pdf_url = self._discover_archive(year, page_url)
            return self._store(year, resp, page_url, pdf_url)
        except _Outcome as o:
            if o.status == UNCHANGED:
                e = self._entry
                return YearResult(year, o.status, o.reason, e.get("bytes"), self.corpus.dir / str(e.get("file", "")),
                                  o.url, e.get("format"))
            return YearResult(year, o.status, o.reason, url=o.url)
        except Exception as e:  # FetchFailure, ParseError, a corpus write error; a bug or an odd
            # answer too, which must not cost the other years
            return YearResult(year, FAILED, _one_line(failure_reason(e)))

    def _previous_chars(self) -> int | None:
        """The stored copy's length, which a new copy must reach: parsed only once a new copy
        has come (a 304 needs none), and None if the stored copy no longer parses."""
        if self._stored_chars is _NOT_YET:
            self._stored_chars = None
            if self._stored_year is not None:
                try:
                    self._stored_chars = report_chars(self.corpus.load(self._stored_year))
                except DifferError:
                    pass
        return self._stored_chars

    def _conditional(self, url: str) -> dict[str, str]:
        entry = self._entry
        if not self.config.force or not entry or self._stored_year is None:
            return {}
        if url not in {entry.get("source_url"), entry.get("final_url")}:
            return {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = str(entry["etag"])
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = str(entry["last_modified"])
        return headers

    def _get_document(self, url: str) -> Response:
        resp = self.http.get(url, headers=self._conditional(url))
        if resp.status == 304:
            raise _Outcome(UNCHANGED, "not modified since the last fetch (HTTP 304)", url)
        return resp

    def _discover_stategov(self, year: int, listed: str | None = None) -> tuple[Response, str, str | None]:
        base = self.config.base_url
        country = self.corpus.country
        edition = EDITION_PATH.format(year=year)
        if listed:
            resp = self._get_document(listed)
            if resp.status in GONE_STATUSES:
                raise FetchFailure(f"the {country} page linked from the {year} edition index answered HTTP "
                                   f"{resp.status}: {listed}")
            return self._report_from_page(resp, year)
        direct = f"{base}{edition}{country}/"
        resp = self._get_document(direct)
        if resp.status in GONE_STATUSES or resp.moved:
            index_url = f"{base}{edition}"
            index = self.http.get(index_url)
            if index.status in GONE_STATUSES:
                why = "moved" if resp.status not in GONE_STATUSES else f"HTTP {resp.status}"
                raise _Outcome(NOT_PUBLISHED, f"no {year} edition on {base} (country page {why}, index HTTP {index.status})")
            link = _country_link(index.data, index.final_url, country, urlsplit(base).path + edition)
            if not link:
                raise FetchFailure(f"the {year} edition index {index.final_url} has no link to the {country} page")
            resp = self._get_document(link)
            if resp.status in GONE_STATUSES:
                raise FetchFailure(f"the {country} page linked from the {year} edition index answered HTTP {resp.status}: {link}")
        return self._report_from_page(resp, year)

    def _report_from_page(self, page: Response, year: int) -> tuple[Response, str, str | None]:
        country = self.corpus.country
        # The page itself when it holds the report; else the report PDF it links to.
        try:
            if _kind(page) == "pdf":
                return page, page.final_url, None
            page.checked = validate(page, country=country, year=year, previous_chars=self._previous_chars())
            pdf = _pdf_link(page.data, page.final_url, country, year)
            return page, page.final_url, pdf
        except (FetchFailure, ParseError) as page_error:
            pdf = _pdf_link(page.data, page.final_url, country, year) if page.data.strip() else None
            if not pdf:
                raise
            try:
                self.http.check_url(pdf)
            except FetchFailure as e:
                raise FetchFailure(f"{e} (linked from {page.final_url})") from None
            doc = self._get_document(pdf)
            if doc.status in GONE_STATUSES:
                raise FetchFailure(f"the report PDF answered HTTP {doc.status}: {pdf} (and the page: {page_error})")
            return doc, page.final_url, pdf

    def _discover_archive(self, year: int, listed: str | None = None) -> tuple[Response, str, str | None]:
        country = self.corpus.country
        if listed:
            resp = self._get_document(listed)
            if resp.status in GONE_STATUSES:
                raise FetchFailure(f"the {country} page on the archive site answered HTTP {resp.status}: {listed}")
            return resp, resp.final_url, None
        index = archive_year_index(self.http, self.config, year)
        link = _country_link(index.data, index.final_url, country)
        if not link:
            for region in archive_regions(index, self.config):
                page = self.http.get(region)
                if page.status in GONE_STATUSES:
                    continue
                link = _country_link(page.data, page.final_url, country)
                if link:
                    break
        if not link:
            raise FetchFailure(f"no link to the {country} page on the {year} archive index {index.final_url} "
                               "or its region pages")
        resp = self._get_document(link)
        if resp.status in GONE_STATUSES:
            raise FetchFailure(f"the {country} page on the archive site answered HTTP {resp.status}: {link}")
        return resp, resp.final_url, None

    def _store(self, year: int, resp: Response, page_url: str, pdf_url: str | None) -> YearResult:
        country = self.corpus.country
        data, fmt, _report, transcoded = resp.checked or validate(resp, country=country, year=year,
                                                                  previous_chars=self._previous_chars())
        entry: dict[str, Any] = {
            "source": f"fetched from {resp.final_url}",
            "source_url": resp.url,
            "final_url": resp.final_url,
            "content_type": resp.headers.get("content-type", ""),
            "etag": resp.headers.get("etag"),
            "last_modified": resp.headers.get("last-modified"),
            "fetched_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        }
        if page_url != resp.final_url:
            entry["page_url"] = page_url
        if pdf_url and pdf_url != resp.final_url:
            entry["pdf_url"] = pdf_url
        if transcoded:
            entry["transcoded_from"] = transcoded
        entry = {k: v for k, v in entry.items() if v is not None}
        old = self._entry
        if (old and self._stored_year is not None and old.get("sha256") == sha256_bytes(data)
                and old.get("format") == fmt):
            path = self.corpus.dir / str(old.get("file"))
            if all(old.get(k) == entry.get(k) for k in ("etag", "last_modified", "final_url")):
                return YearResult(year, UNCHANGED, "same bytes as the stored copy", len(data), path, resp.final_url, fmt)
            # same report, new validators: record them so the next run can ask for a 304
            path = self.corpus.store(year, data, fmt, entry)
            return YearResult(year, UNCHANGED, "same bytes as the stored copy", len(data), path, resp.final_url, fmt)
        path = self.corpus.store(year, data, fmt, entry)
        return YearResult(year, FETCHED, f"{fmt} from {resp.final_url}", len(data), path, resp.final_url, fmt)


def _one_line(msg: str) -> str:
    return " ".join(msg.split())


def fetch_years(
    corpus: Corpus,
    years: Iterable[int],
    config: FetchConfig | None = None,
    *,
    progress: Callable[[YearResult], None] | None = None,
) -> list[YearResult]:
    """Fetch each year in turn; a failed year is a result, never an exception."""
    with Fetcher(corpus, config) as fetcher:
        return _one_by_one(years, fetcher.fetch_year, progress)


def _one_by_one(items: Iterable, fetch: Callable[..., YearResult],
                progress: Callable[[YearResult], None] | None) -> list[YearResult]:
    results = []
    for item in items:
        result = fetch(item)
        results.append(result)
        if progress:
            progress(result)
    return results


# --- many countries: whole editions ------------------------------------------------------------

LISTED = "listed"


@dataclass(frozen=True)
class EditionListing:
    """The countries an edition's index page links to (slug → page URL, in the index's order),
    or why there is no list: ``not published`` or ``failed``."""

    year: int
    status: str  # listed | not published | failed
    countries: dict[str, str]
    reason: str = ""
    url: str | None = None


@dataclass(frozen=True)
class FetchJob:
    """One report to fetch: a country's edition, with its page as the index links it when known."""

    country: str
    year: int
    page_url: str | None = None


class EditionFetcher:
    """Reports of many countries over one HTTP session, so the fetcher's politeness (one
    request at a time, a pause between requests to a host) holds for the whole run.

    :meth:`plan` reads each edition's index page once (state.gov's edition index; for 2016 and
    earlier the archive site's year index and its region pages) and turns it into
    :class:`FetchJob` s; :meth:`run` fetches them one by one with :meth:`Fetcher.fetch_year`,
    each checked and stored exactly as for one country. Failures are results, never exceptions.
    """

    def __init__(self, corpus_dir: str | Path | None, config: FetchConfig | None = None):
        self.corpus_dir = corpus_dir
        self.config = config or FetchConfig()
        self.http = Http(self.config)
        self._listings: dict[int, EditionListing] = {}

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> "EditionFetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def listing(self, year: int) -> EditionListing:
        year = validate_year(year)
        if year not in self._listings:
            try:
                self._listings[year] = (self._list_stategov(year) if year >= FIRST_STATEGOV_YEAR
                                        else self._list_archive(year))
            except _Outcome as o:
                self._listings[year] = EditionListing(year, o.status, {}, o.reason, o.url)
            except Exception as e:  # a DifferError, or an odd index page, which must not cost the other editions
                self._listings[year] = EditionListing(
                    year, FAILED, {}, _one_line(failure_reason(e, f"reading the {year} index")))
        return self._listings[year]

    def _list_stategov(self, year: int) -> EditionListing:
        base = self.config.base_url
        edition = EDITION_PATH.format(year=year)
        index = self.http.get(f"{base}{edition}")
        if index.status in GONE_STATUSES:
            return EditionListing(year, NOT_PUBLISHED, {}, f"no {year} edition index on {base} (HTTP {index.status})",
                                  index.url)
        countries = _stategov_countries(index, edition, self.config)
        if not countries:
            raise FetchFailure(f"the {year} edition index {index.final_url} links to no country page")
        return EditionListing(year, LISTED, countries, url=index.final_url)

    def _list_archive(self, year: int) -> EditionListing:
        index = archive_year_index(self.http, self.config, year)
        _here, folder = _archive_folder(index)
        countries: dict[str, str] = {}
        regions = archive_regions(index, self.config)
        for region in regions:
            page = self.http.get(region)
            if page.status in GONE_STATUSES:
                raise FetchFailure(f"the {year} archive region page answered HTTP {page.status}: {region}")
            for slug, url in _archive_countries(page, folder, self.config).items():
                countries.setdefault(slug, url)
        if not regions:  # a year whose index lists the countries itself
            countries = _archive_countries(index, folder, self.config)
        if not countries:
            raise FetchFailure(f"the {year} archive index {index.final_url} and its region pages link to no country page")
        return EditionListing(year, LISTED, countries, url=index.final_url)

    def plan(self, wanted: dict[int, Sequence[str] | None], *, by_index: bool = True
             ) -> tuple[list[FetchJob], list[YearResult]]:
        """``wanted``: year → the countries to fetch (None: every country on that edition's index).

        With ``by_index`` each edition's index is read once: a country it does not list is ``not
        published`` for that year, and an edition with no index is one ``not published`` (or
        ``failed``) result for every country (``country=""``). Without it (a list of countries
        named by the user) each country's page is found on its own, as for one country.
        Returns (jobs sorted by country and year, results already decided)."""
        jobs: list[FetchJob] = []
        decided: list[YearResult] = []
        for year, countries in sorted(wanted.items()):
            if countries is not None and not by_index:
                jobs += [FetchJob(validate_slug(c), year) for c in countries]
                continue
            listing = self.listing(year)
            if listing.status != LISTED:
                decided.append(YearResult(year, listing.status, listing.reason, url=listing.url))
                continue
            for country in (listing.countries if countries is None else countries):
                url = listing.countries.get(country)
                if url is None:
                    decided.append(YearResult(year, NOT_PUBLISHED, f"not on the {year} edition index {listing.url}",
                                              country=country))
                else:
                    jobs.append(FetchJob(validate_slug(country), year, url))
        jobs.sort(key=lambda j: (j.country, j.year))
        return jobs, decided

    def run(self, job: FetchJob) -> YearResult:
        """Fetch one report (a country already holding that edition is skipped without a request)."""
        try:
            corpus = Corpus(self.corpus_dir, job.country)
        except DifferError as e:
            return YearResult(job.year, FAILED, _one_line(str(e)), country=job.country)
        result = Fetcher(corpus, self.config, http=self.http).fetch_year(job.year, page_url=job.page_url)
        return replace(result, country=job.country)

    def run_all(self, jobs: Iterable[FetchJob], progress: Callable[[YearResult], None] | None = None
                ) -> list[YearResult]:
        return _one_by_one(jobs, self.run, progress)


def sort_results(results: Iterable[YearResult]) -> list[YearResult]:
    return sorted(results, key=lambda r: (r.country, r.year))


def status_counts(results: Iterable[YearResult]) -> str:
    """"4 reports: 2 fetched, 1 not published, 1 failed", then the editions whose index gave no
    country list ("1 edition without a country list: 1 not published")."""
    def counted(rows: list[YearResult], one: str, many: str) -> str:
        counts = {status: sum(1 for r in rows if r.status == status)
                  for status in (FETCHED, UNCHANGED, SKIPPED, NOT_PUBLISHED, FAILED)}
        parts = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        return f"{len(rows)} {one if len(rows) == 1 else many}: {parts or 'none'}"

    results = list(results)
    reports = [r for r in results if r.country]
    editions = [r for r in results if not r.country]
    parts = [counted(reports, "report", "reports")] if reports or not editions else []
    if editions:
        parts.append(counted(editions, "edition without a country list", "editions without a country list"))
    return "; ".join(parts)


def results_table(results: list[YearResult], many: bool = False) -> str:
    """The table ``fetch`` ends with. One country: YEAR STATUS SIZE DETAIL, a failure's reason left
    to its ``Error:`` line. Many countries: a COUNTRY column first (``all`` for an edition whose
    index gave no country list), and the reason in DETAIL."""
    rows = [("COUNTRY", "YEAR", "STATUS", "SIZE", "DETAIL")]
    for r in results:
        # one country: a failure's reason is printed once, as the command's `Error: YEAR: …` line
        detail = "" if r.status == FAILED and not many else r.reason
        rows.append((r.country or ("all" if many else ""), str(r.year), r.status,
                     _size(r.bytes) if r.status in (FETCHED, UNCHANGED, SKIPPED) else "-", detail))
    if not many:
        rows = [row[1:] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [f"{c:>{w}}" if i == len(widths) - 1 else f"{c:<{w}}" for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells + [row[-1]]).rstrip())
    return "\n".join(lines)

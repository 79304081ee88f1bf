"""The report against hostile document text and URLs, its Content-Security-Policy, the expiry
chart, the table's columns, links that survive moving the report, and the file's mode.

Pages are rendered in headless Chromium with the helpers of `test_report`."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import stat
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pandas as pd
import pytest

from foi_extract.analysis.consolidate import TABLE
from foi_extract.analysis.report import build_report, expiries, http_url
from foi_extract.pipeline import run_pipeline
from tests.analysis.test_report import SAMPLE, _open, _visible_rows

TODAY = date(2026, 11, 23)
HOSTILE_TEXT = [  # a '-->' after the '<!--<script>' would undo it: it comes first
    "a --> b",
    "x<!--<script>y",
    "</script><script>document.body.dataset.pwned = 'text'</script>",
    "<img src=x onerror=\"document.body.dataset.pwned = 'img'\"> & ]]> \u2028 \u2029 end",
]
HOSTILE_URLS = [
    "javascript:document.body.dataset.pwned = 'url'",
    " JaVaScRiPt:document.body.dataset.pwned = 'url'",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
]


class _Dom(HTMLParser):
    """The table's header and cell texts and every link's href, from a dumped DOM."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.hrefs: list[str] = []
        self.link_texts: list[str] = []
        self._text: list[str] | None = None
        self._in_body = False
        self.feed(dom)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("th", "td"):
            self._text = []
        elif tag == "a" and (href := dict(attrs).get("href")) is not None:
            self.hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag in ("th", "td") and self._text is not None:
            text = "".join(self._text).strip()
            if tag == "th":
                self.headers.append(text)
            elif self.rows:
                self.rows[-1].append(text)
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-out")
    run_pipeline([SAMPLE], out)
    return out


def _copy_tables(sample_out: Path, out: Path) -> Path:
    """The sample run's tables in `out`, to be edited by a test."""
    shutil.copytree(sample_out, out, ignore=shutil.ignore_patterns(".work", "*.html"))
    return out


def _hostile_text_out(sample_out: Path, out: Path) -> Path:
    """The sample tables with hostile evidence sentences, system name and supplier."""
    _copy_tables(sample_out, out)
    council_systems = pd.read_parquet(out / TABLE)
    council_systems.at[0, "evidence"] = [*council_systems.at[0, "evidence"], *HOSTILE_TEXT]
    council_systems.at[1, "system"] = "Evil</script><!--<script>"
    council_systems.at[1, "supplier"] = HOSTILE_TEXT[3]
    council_systems.to_parquet(out / TABLE)
    return out


def _hostile_url_out(sample_out: Path, out: Path) -> Path:
    """The sample tables with non-http source URLs on the documents of the first rows."""
    _copy_tables(sample_out, out)
    council_systems = pd.read_parquet(out / TABLE)
    documents = pd.read_parquet(out / "documents.parquet")
    for row, url in enumerate(HOSTILE_URLS):
        doc_ids = set(council_systems.at[row, "doc_ids"])
        documents.loc[documents.doc_id.isin(doc_ids), "source_url"] = url
    documents.to_parquet(out / "documents.parquet")
    return out


def _data_block(html: str) -> str:
    match = re.search(r'<script id="data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no data block"
    return match.group(1)


def _executable_scripts(html: str) -> list[str]:
    """The text of every inline script that a browser runs (not the JSON data block)."""
    return re.findall(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)


# 1. Document text cannot change the page.


def test_data_block_escapes_markup_characters(sample_out: Path, tmp_path: Path) -> None:
    out = _hostile_text_out(sample_out, tmp_path / "out")
    html = build_report(out, out / "report.html", today=TODAY).read_text(encoding="utf-8")
    block = _data_block(html)
    assert not set(block) & {"<", ">", "&", "\u2028", "\u2029"}
    rows = json.loads(block)
    assert rows[0]["evidence"][-4:] == HOSTILE_TEXT


def test_hostile_text_shows_as_text_and_every_row_renders(sample_out: Path, tmp_path: Path) -> None:
    out = _hostile_text_out(sample_out, tmp_path / "out")
    report = build_report(out, out / "report.html", today=TODAY)
    dom, log = _open(report.as_uri(), tmp_path, "--dump-dom")
    assert _visible_rows(dom) == len(pd.read_parquet(out / TABLE))
    assert "data-pwned" not in dom
    assert "x&lt;!--&lt;script&gt;y" in dom
    texts = [cell for row in _Dom(dom).rows for cell in row]
    assert "Evil</script><!--<script>" in texts
    assert HOSTILE_TEXT[3] in texts
    assert not [line for line in log.splitlines() if "CONSOLE" in line]


# 2. Only http(s) URLs become links.


def test_only_http_source_urls_become_links(sample_out: Path, tmp_path: Path) -> None:
    out = _hostile_url_out(sample_out, tmp_path / "out")
    report = build_report(out, out / "report.html", today=TODAY)
    dom, _ = _open(report.as_uri(), tmp_path, "--dump-dom")
    assert _visible_rows(dom) > 0
    page = _Dom(dom)
    assert page.hrefs
    for href in page.hrefs:
        scheme = urlsplit(href.strip()).scheme.lower()
        assert scheme in ("", "http", "https"), href
    assert "javascript:document.body.dataset.pwned" in dom  # shown, as text
    assert "data-pwned" not in dom


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.hull.gov.uk/foi/1", "https://www.hull.gov.uk/foi/1"),
        ("  HTTP://example.org/a b ", "HTTP://example.org/a b"),
        ("javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("file:///etc/passwd", None),
        ("//example.org/x", None),
        ("https:/no-host", None),
        (None, None),
    ],
)
def test_http_url_keeps_only_http_and_https(url: str | None, expected: str | None) -> None:
    assert http_url(url) == expected


def test_script_refuses_a_javascript_href_even_in_its_data(
    sample_out: Path, tmp_path: Path
) -> None:
    """The script's own check, should the data ever carry such an href."""
    report = build_report(sample_out, tmp_path / "report.html", today=TODAY)
    html = report.read_text("utf-8")
    rows = json.loads(_data_block(html))
    for row in rows:
        for source in row["sources"]:
            source["href"] = "javascript:document.body.dataset.pwned = 'href'"
    report.write_text(html.replace(_data_block(html), json.dumps(rows)), "utf-8")
    dom, _ = _open(report.as_uri(), tmp_path, "--dump-dom")
    assert _visible_rows(dom) == len(rows)
    assert not [href for href in _Dom(dom).hrefs if "javascript" in href.lower()]


# 3. A Content-Security-Policy that allows only the report's own script.


def _csp(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert match, "no Content-Security-Policy meta tag"
    return match.group(1)


def test_csp_hash_matches_the_reports_script(sample_out: Path, tmp_path: Path) -> None:
    html = build_report(sample_out, tmp_path / "report.html", today=TODAY).read_text("utf-8")
    policy = {part.split()[0]: part.split()[1:] for part in _csp(html).split(";") if part.strip()}
    assert policy["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    scripts = _executable_scripts(html)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    assert policy["script-src"] == [f"'sha256-{digest}'"]
    assert html.index("Content-Security-Policy") < html.index("<script")


def test_csp_lets_the_reports_script_fill_the_table(sample_out: Path, tmp_path: Path) -> None:
    report = build_report(sample_out, tmp_path / "report.html", today=TODAY)
    dom, log = _open(report.as_uri(), tmp_path, "--dump-dom")
    assert "Content-Security-Policy" in dom
    assert _visible_rows(dom) == len(pd.read_parquet(sample_out / TABLE))
    assert not [line for line in log.splitlines() if "CONSOLE" in line]


def test_csp_blocks_an_injected_inline_script(sample_out: Path, tmp_path: Path) -> None:
    report = build_report(sample_out, tmp_path / "report.html", today=TODAY)
    injected = "<script>document.body.dataset.injected = 'yes'</script></body>"
    report.write_text(report.read_text("utf-8").replace("</body>", injected), "utf-8")
    dom, log = _open(report.as_uri(), tmp_path, "--dump-dom")
    assert _visible_rows(dom) > 0
    assert "data-injected" not in dom
    assert "Content Security Policy" in log


# 4. The expiry chart: quarters in time order, empty quarters, extension options.


def test_expiries_count_every_quarter_in_order_and_split_extensions() -> None:
    council_systems = pd.DataFrame(
        {
            "contract_end": ["2027-02-10", "2027-03-31", "2027-09", "2025-01-01", None, "2031"],
            "extension_until": [None, "2029-03-31", None, None, None, None],
        }
    )
    counts = expiries(council_systems, date(2026, 11, 23))
    assert list(counts.columns) == ["no extension option", "extension option"]
    assert list(counts.index) == [
        f"{year} Q{quarter}"
        for year, quarter in [(2026, 4)]
        + [(y, q) for y in (2027, 2028) for q in (1, 2, 3, 4)]
        + [(2029, 1), (2029, 2), (2029, 3), (2029, 4)]
    ]
    assert counts.loc["2027 Q1"].tolist() == [1, 1]
    assert counts.loc["2027 Q2"].tolist() == [0, 0]
    assert counts.loc["2027 Q3"].tolist() == [1, 0]
    assert int(counts.to_numpy().sum()) == 3


def _svg_texts(svg: str) -> list[str]:
    """The texts matplotlib drew (it keeps each as a comment before the glyph paths)."""
    return [text.strip() for text in re.findall(r"<!-- (.*?) -->", svg)]


def test_expiry_chart_is_in_time_order_with_labels_and_legend(
    sample_out: Path, tmp_path: Path
) -> None:
    out = _copy_tables(sample_out, tmp_path / "out")
    council_systems = pd.read_parquet(out / TABLE)
    leeds_las = (council_systems.authority_name == "Leeds City Council") & (
        council_systems.system == "Liquidlogic LAS"
    )
    council_systems.loc[leeds_las, "extension_until"] = "2029-03-31"
    council_systems.to_parquet(out / TABLE)
    html = build_report(out, out / "report.html", today=TODAY).read_text("utf-8")
    figure = re.search(r'<figure id="plot-expiries">(.*?)</figure>', html, re.S)
    assert figure
    texts = _svg_texts(figure.group(1))
    quarters = [text for text in texts if re.fullmatch(r"\d{4} Q[1-4]", text)]
    assert quarters[0] == "2026 Q4" and quarters[-1] == "2029 Q4" and len(quarters) == 13
    assert quarters == sorted(quarters)
    assert "Quarter" in texts and "Contracts ending" in texts
    assert "extension option" in texts and "no extension option" in texts
    assert "contract_end" not in figure.group(1)


# 5. The table's start, extension, purpose and host columns.


def test_table_shows_start_extension_purpose_and_host(sample_out: Path, tmp_path: Path) -> None:
    out = _copy_tables(sample_out, tmp_path / "out")
    council_systems = pd.read_parquet(out / TABLE)
    council_systems.loc[council_systems.system == "Eclipse", "host_organisation"] = "Hosted Co"
    council_systems.to_parquet(out / TABLE)
    report = build_report(out, out / "report.html", today=TODAY)
    dom, _ = _open(report.as_uri(), tmp_path, "--dump-dom")
    page = _Dom(dom)
    for header in ("Contract start", "Extension until", "Purpose", "Host"):
        assert header in page.headers
    column = {header: page.headers.index(header) for header in page.headers}
    by_system = {(row[column["Council"]], row[column["System"]]): row for row in page.rows}
    sheffield = by_system[("Sheffield City Council", "Mosaic")]
    assert sheffield[column["Contract start"]] == "2019-04-01"
    assert sheffield[column["Purpose"]] == "case management"
    wiltshire = by_system[("Wiltshire Council", "Eclipse")]
    assert wiltshire[column["Extension until"]] == "2027-03-31"
    assert wiltshire[column["Host"]] == "Hosted Co"
    cells = [cell for row in page.rows for cell in row]
    assert not {"None", "null", "undefined", "nan", "NaN"} & set(cells)


# 6. Source links that work when the report is moved.


def _link_targets(report: Path, tmp_path: Path) -> list[Path]:
    """The local files the report's non-http links point to, as Chromium resolves them."""
    dom, _ = _open(report.as_uri(), tmp_path, "--dump-dom")
    hrefs = [href for href in _Dom(dom).hrefs if urlsplit(href).scheme not in ("http", "https")]
    assert hrefs, "the report has no local source links"
    return [Path(unquote(urlsplit(urljoin(report.as_uri(), href)).path)) for href in hrefs]


def test_source_links_resolve_after_the_folder_is_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project / "raw" / "FOI #1 replies")  # a space and a '#' in the path
    monkeypatch.chdir(project)
    run_pipeline([Path("raw")], Path("out"))  # relative source paths, as from the command line
    report = build_report(Path("out"), Path("out") / "report.html", today=TODAY)
    monkeypatch.chdir(tmp_path)
    moved = tmp_path / "elsewhere" / "moved-project"
    moved.parent.mkdir()
    shutil.move(project, moved)
    targets = _link_targets(moved / "out" / report.name, tmp_path)
    missing = [target for target in targets if not target.is_file()]
    assert not missing
    assert all(target.is_relative_to(moved / "raw") for target in targets)


def test_source_links_are_relative_to_the_report_not_the_working_directory(
    sample_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = build_report(sample_out, tmp_path / "reports" / "report.html", today=TODAY)
    dom, _ = _open(report.as_uri(), tmp_path, "--dump-dom")
    local = [href for href in _Dom(dom).hrefs if urlsplit(href).scheme not in ("http", "https")]
    assert local and not [href for href in local if href.startswith(("/", "file:"))]
    for target in _link_targets(report, tmp_path):
        assert target.is_file(), target


# 7. The report is readable by others, like any file a user writes.


def test_report_is_mode_0644(sample_out: Path, tmp_path: Path) -> None:
    report = build_report(sample_out, tmp_path / "report.html", today=TODAY)
    assert stat.S_IMODE(report.stat().st_mode) == 0o644

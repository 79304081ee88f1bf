"""Test servers for the three shipped disclosure-log site files: each serves a two-page listing
and three response pages in its site file's shape (markup modelled on council CMS themes;
contents invented)."""

from __future__ import annotations

from collections.abc import Callable

from .server import Route, Site, docx, pdf

Item = tuple[str, str, str, str]  # path, title, printed date, reference


def _drupal(items: list[Item], following: str | None) -> str:
    teasers = "".join(
        f'<article class="node--type-foi-response"><h2><a href="{path}"><span>{title}</span></a>'
        "</h2></article>"
        for path, title, _, _ in items
    )
    pager = (
        f'<nav class="pager"><ul class="pager__items"><li class="pager__item pager__item--next">'
        f'<a href="{following}" rel="next">Next page</a></li></ul></nav>'
        if following
        else ""
    )
    return f'<main><div class="view-content">{teasers}</div>{pager}</main>'


def _drupal_page(item: Item, files: str) -> str:
    _, title, printed, reference = item
    return (
        f'<main><h1 class="page-title"><span>{title}</span></h1>'
        f'<div class="field--name-published"><time datetime="2024-03-0{printed[0]}T09:00:00Z">'
        f"{printed}</time></div>"
        f'<div class="field--name-reference"><div class="field__label">Reference</div>'
        f'<div class="field__item">{reference}</div></div>'
        f'<div class="field--name-body"><p>We use Mosaic for adult social care.</p></div>'
        f'<div class="field--name-documents">{files}</div></main>'
    )


def _table(items: list[Item], following: str | None) -> str:
    rows = "".join(
        f'<tr><td class="ref">{reference}</td><td class="title"><a href="{path}">{title}</a></td>'
        f"<td>{printed}</td></tr>"
        for path, title, printed, reference in items
    )
    years = (
        f'<nav class="years"><a class="older" href="{following}">2023</a></nav>'
        if following
        else ""
    )
    return f'<main><table class="disclosures"><tbody>{rows}</tbody></table>{years}</main>'


def _table_page(item: Item, files: str) -> str:
    _, title, printed, reference = item
    return (
        f'<main><h1>{title}</h1><p class="date">{printed}</p><p class="reference">{reference}</p>'
        f'<p>Our answer is attached.</p><ul class="downloads">{files}</ul></main>'
    )


def _localgov(items: list[Item], following: str | None) -> str:
    cards = "".join(
        f'<li class="lgd-teaser"><a class="lgd-teaser__link" href="{path}">{title}</a></li>'
        for path, title, _, _ in items
    )
    more = f'<a rel="next" href="{following}">Next</a>' if following else ""
    return f'<ul class="lgd-teaser-list">{cards}</ul>{more}'


def _localgov_page(item: Item, files: str) -> str:
    _, title, printed, reference = item
    return (
        f'<h1>{title}</h1><dl class="metadata">'
        f'<dt>Published</dt><dd class="published">{printed}</dd>'
        f'<dt>Reference</dt><dd class="reference">{reference}</dd></dl>'
        f'<section class="attachments">{files}</section>'
    )


Shape = tuple[str, list[str], Callable[[list[Item], str | None], str], Callable[[Item, str], str]]
SHAPES: dict[str, Shape] = {
    "example_borough_drupal": (
        "/foi/disclosure-log",
        ["/foi/disclosure-log", "/foi/disclosure-log?page=1"],
        _drupal,
        _drupal_page,
    ),
    "example_city_table": (
        "/your-council/foi/disclosure-log?year=2024",
        [
            "/your-council/foi/disclosure-log?year=2024",
            "/your-council/foi/disclosure-log?year=2023",
        ],
        _table,
        _table_page,
    ),
    "example_county_localgov": (
        "/foi-responses",
        ["/foi-responses", "/foi-responses?page=2"],
        _localgov,
        _localgov_page,
    ),
}


def council_site(shape: str) -> Site:
    """Three responses over two listing pages; the second has a PDF and a DOCX."""
    _, pages, listing, response = SHAPES[shape]
    items: list[Item] = [
        (f"/foi/responses/2024-{n}", f"Social care systems {n}", f"{n} March 2024", f"FOI-{n}")
        for n in (1, 2, 3)
    ]
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /admin/\n", "text/plain")
    site.routes[pages[0]] = Route(listing(items[:2], pages[1]).encode())
    site.routes[pages[1]] = Route(listing(items[2:], None).encode())
    for number, item in enumerate(items):
        path = item[0]
        names = ["response.pdf", "annex.docx"] if number == 1 else ["response.pdf"]
        files = "".join(f'<li><a href="{path}/{name}">{name}</a></li>' for name in names)
        site.routes[path] = Route(response(item, files).encode())
        site.routes[f"{path}/response.pdf"] = Route(pdf(f"{item[1]}: Mosaic."), "application/pdf")
        if number == 1:
            site.routes[f"{path}/annex.docx"] = Route(
                docx("Annex: Liquidlogic LAS"), "application/octet-stream"
            )
    return site

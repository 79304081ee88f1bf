"""Small input folders for end-to-end pipeline tests, written as real files."""

from __future__ import annotations

from pathlib import Path

import pytest

ANSWER = """Leeds City Council
Information Governance, Civic Hall, Leeds

Our reference: FOI/2024/0815
Date: 12 March 2024

Dear requester,

1. Which case management system do you use for children's social care?

Children's Social Care response:
We use Liquidlogic LCS, supplied by Liquidlogic, which we have used since June 2014.
The contract expires on 31/03/2027. The system is hosted by the supplier.

2. What is the annual cost?

We hold this information but it is withheld under Section 43(2) of the Freedom of
Information Act 2000 as its release would prejudice commercial interests.

Yours sincerely,
Information Governance Team, Leeds City Council
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with one good answer, one in Markdown, and an ignored README."""
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)
    (folder / "leeds.txt").write_text(ANSWER, encoding="utf-8")
    (folder / "nested" / "camden.md").write_text(
        "# London Borough of Camden\n\nReference: CAM-2291\n\n"
        "**Do you use Mosaic for adults?**\n\n"
        "*Adult's Social Care response:*\n\n*Yes: Mosaic, hosted in our own data centre.*\n",
        encoding="utf-8",
    )
    (folder / "README.md").write_text("Not a response: ignored via .foiignore.\n")
    (folder / ".foiignore").write_text("# beside the documents\nREADME.md\n")
    return folder

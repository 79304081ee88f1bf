"""An invented response used to make real files of every format."""

from __future__ import annotations

import pytest

from tests.support.fixtures import Response, a, h, q, table


@pytest.fixture(scope="session")
def response() -> Response:
    return Response(
        title="FOI 2024-101 Social care systems",
        letterhead=("Leeds City Council", "Our ref: FOI 2024-101", "Date: 5 March 2024"),
        blocks=(
            q("1. Which case management system do you use?"),
            h("Children's Social Care response:"),
            a("We use Liquidlogic LCS, hosted by the supplier."),
            table(
                ("System", "Supplier", "Contract end"),
                ("Liquidlogic LCS", "Liquidlogic", "31/03/2027"),
                ("ContrOCC", "Oxford Computer Consultants", "31/03/2026"),
            ),
        ),
        signature=("Information Governance, Leeds City Council",),
        sender="FOI Team <foi@leeds.gov.uk>",
    )

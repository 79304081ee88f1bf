"""Write the bundled sample corpus: invented FOI responses as real PDF, DOCX, HTML, e-mail, text,
Markdown, XLSX, CSV and ZIP files in data/raw/sample/.

Every council named is real so that council linking can be tested, but every answer is
INVENTED: no council said any of this. Output is byte-stable: running the script again gives
the same files. Usage: python scripts/make_sample_corpus.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.support

from tests.support import fixtures as f
from tests.support.fixtures import Response, a, h, q, table
from tests.support.legacy_files import (
    render_page,
    response_lines,
    scan,
    to_doc,
    to_msg,
    to_odt,
    to_rtf,
    to_xls,
)

OUT = Path(__file__).resolve().parents[1] / "data" / "raw" / "sample"

BATCH_QUESTIONS = (
    "1. Name of system and supplier (or if built in-house)",
    "2. What do you use the system for?",
    "3. How long have you been using the system?",
    "4. When does the current contract for the system expire?",
    "5. Is the system hosted by the council, by the supplier, by a third party or a hybrid?",
)


def _letter(council: str, reference: str, date: str, *lines: str) -> tuple[str, ...]:
    return (council, *lines, f"Our reference: {reference}", f"Date: {date}")


def _sign(team: str, council: str, email: str) -> tuple[str, ...]:
    return ("Yours sincerely,", team, council, email)


LEEDS = Response(
    title="FOI 2024/0815 Social care case management systems",
    letterhead=_letter("Leeds City Council", "FOI 2024/0815", "12 March 2024", "Civic Hall, Leeds"),
    blocks=(
        q(BATCH_QUESTIONS[0]),
        h("Children's Social Care response:"),
        a("Liquidlogic LCS, supplied by Liquidlogic."),
        h("Adult's Social Care response:"),
        a("Liquidlogic LAS."),
        q(BATCH_QUESTIONS[2]),
        h("Children's Social Care response:"),
        a("Since December 2013."),
        h("Adult's Social Care response:"),
        a("We went live with the system in April 2016."),
        q(BATCH_QUESTIONS[3]),
        h("Children's Social Care response:"),
        a("March 2028."),
        h("Adult's Social Care response:"),
        a("31/03/2027."),
        q(BATCH_QUESTIONS[4]),
        h("Response for both Adult's and Children's Social Care:"),
        a("Both systems are hosted by the supplier."),
    ),
    signature=_sign("Information Governance Team", "Leeds City Council", "foi@leeds.gov.uk"),
)

SHEFFIELD = Response(
    title="FOI-5521 Software used in adult social care",
    letterhead=_letter("Sheffield City Council", "FOI-5521", "2 May 2023"),
    blocks=(
        q(
            "Please provide a list of the systems used by adult social care, with supplier and "
            "contract dates."
        ),
        a("The table below lists our adult social care systems."),
        table(
            ("System", "Supplier", "Used for", "Contract start", "Contract end", "Hosting"),
            (
                "Mosaic",
                "Servelec",
                "Case management",
                "01/04/2019",
                "31/03/2026",
                "Supplier hosted",
            ),
            (
                "ContrOCC",
                "Oxford Computer Consultants",
                "Finance",
                "01/04/2019",
                "31/03/2026",
                "On premise",
            ),
        ),
        a(
            "The annual costs are withheld under Section 43(2) of the Freedom of Information Act "
            "2000 as their release would prejudice commercial interests."
        ),
    ),
    signature=_sign("Information Management", "Sheffield City Council", "foi@sheffield.gov.uk"),
)

CAMDEN = Response(
    title="Request CAM-2291: social care software",
    letterhead=_letter("London Borough of Camden", "CAM-2291", "14 June 2023", "5 Pancras Square"),
    blocks=(
        q("1. Which case management system do you use for children and for adults?"),
        a(
            "We use Mosaic for both children's and adults' social care, supplied by The Access Group."
        ),
        q("2. How is it hosted?"),
        a("Mosaic is hosted on premise in our own data centre."),
        q("3. What is the annual support cost?"),
        a("We hold this information but it is exempt under Section 43(2) of the Act."),
    ),
    signature=_sign("Access to Information Team", "London Borough of Camden", "foi@camden.gov.uk"),
)

CARDIFF = Response(
    title="FOI 17/332 Social services information system",
    letterhead=_letter("City of Cardiff Council", "FOI 17/332", "9 January 2024", "County Hall"),
    blocks=(
        q("Please could you tell me which system social services use and who supplies it?"),
        a("Adult and children's services share the Welsh Community Care Information System."),
        table(
            ("System", "Supplier", "In use since", "Hosting"),
            ("WCCIS", "CareWorks", "2017", "Hosted by the supplier"),
        ),
    ),
    signature=_sign("Information Governance", "City of Cardiff Council", "foi@cardiff.gov.uk"),
)

HULL = Response(
    title="FOI 24-0412 Social care systems and contracts",
    letterhead=("Hull City Council", "Reference: FOI 24-0412", "Date: 21 February 2024"),
    blocks=(
        q("1. What system do you use for adult social care case management?"),
        a("We use CareFirst from OLM Systems for adult social care."),
        q("2. What are the dates of the current contract?"),
        a("The CareFirst contract runs 2019 to 2024 and is being extended while we re-procure."),
        q("3. Please provide a copy of the contract."),
        a(
            "The contract is published on our transparency pages, so we have applied S21 of the "
            "Freedom of Information Act."
        ),
    ),
    signature=_sign("Information Governance", "Hull City Council", "foi@hullcc.gov.uk"),
)

BRISTOL = Response(
    title="Adult & Children Social Care Software - FOI Request",
    letterhead=("Bristol City Council", "Our ref: FOI-2231-24", "Date: 3 April 2024"),
    blocks=(
        a("Thank you for your request. Our answers are below."),
        a(
            "Adult social care uses Liquidlogic LAS, and payments to providers are made through "
            "ContrOCC."
        ),
        a("Both systems are hosted in Microsoft Azure cloud under the supplier's managed service."),
        a("Children's social care uses Liquidlogic LCS, which is hosted on our own servers."),
    ),
    signature=_sign("Freedom of Information Team", "Bristol City Council", "foi@bristol.gov.uk"),
)

MANCHESTER_ANSWER = Response(
    title="FOI/MCC/1187 answer",
    letterhead=_letter("Manchester City Council", "FOI/MCC/1187", "18 October 2023"),
    blocks=(
        q("1. Which system do you use for children's social care?"),
        a("Children's services use Liquidlogic LCS and the Liquidlogic Early Help Module."),
        q("2. When does the contract end?"),
        a("The contract for Liquidlogic LCS expires on 30 September 2026."),
    ),
    signature=_sign("Information Compliance", "Manchester City Council", "foi@manchester.gov.uk"),
)

MANCHESTER = Response(
    title="FOI/MCC/1187 Your request for information",
    letterhead=("Dear requester,",),
    blocks=(a("Please find attached our response to your request FOI/MCC/1187."),),
    signature=("Kind regards,", "Information Compliance, Manchester City Council"),
    sender="Information Compliance <foi@manchester.gov.uk>",
    date_header="Wed, 18 Oct 2023 09:30:00 +0100",
)

ESSEX = Response(
    title="FOI ECC-4410 Social care software",
    letterhead=("Essex County Council", "Our ref: ECC-4410"),
    blocks=(
        a(
            "Adult social care uses Mosaic for case recording. The system is hosted by our ICT "
            "partner."
        ),
        a(
            "The names of the officers responsible are exempt under section 40 (2) of the Act, as "
            "releasing them would breach the data protection principles."
        ),
    ),
    signature=("Regards,", "Information Governance, Essex County Council"),
    sender="Essex Information Governance <foi@essex.gov.uk>",
    date_header="Mon, 11 Dec 2023 16:05:00 +0000",
)

NORFOLK_REQUEST = (
    "1. The names of the case management systems used in Children's Services.",
    "2. The date each contract expires.",
)

NORFOLK_TEXT = f"""Freedom of information response

Case management software in Children's Services

Publication date:
Friday 8 March 2024

Request:

{NORFOLK_REQUEST[0]}
{NORFOLK_REQUEST[1]}

Response:

{NORFOLK_REQUEST[0]}

Children's Services record their casework in Liquidlogic LCS and early help work in the Early Help Module, both supplied by Liquidlogic.

{NORFOLK_REQUEST[1]}

Both contracts expire on 31/03/2027.

Request reference:
FOI 88120

Norfolk County Council
"""

DURHAM_MD = """# Durham County Council - Freedom of Information response

Reference: DCC-FOI-7731  
Date: 27 September 2023

Dear Requester,

**1. Name of system and supplier (or if built in-house)**

*Children's Social Care response:*

*Liquidlogic LCS*

*Adult's Social Care response:*

*Azeus Care, supplied by Azeus Systems.*

**2. How long you have been using the system for**

*Children's Social Care response:*

*Since February 2019.*

*Adult's Social Care response:*

*Information not held: the start date of the original implementation is not recorded.*

**3. Whether the system is hosted by the council, by the supplier, by a third party or a hybrid**

*Children's Social Care response:*

*The system is hosted in the council's own data centre.*

*Adult's Social Care response:*

*The system is hosted by the supplier.*

Yours sincerely,  
Information Rights Team  
Durham County Council
"""

CORNWALL_ROWS = (
    ("Authority", "System", "Supplier", "Service area", "Hosting", "Contract end"),
    ("Cornwall Council", "Mosaic", "Servelec", "Adults", "Supplier hosted", "31/03/2027"),
    (
        "Cornwall Council",
        "ContrOCC",
        "Oxford Computer Consultants",
        "Adults",
        "Cloud",
        "31/03/2027",
    ),
)

SURREY_ROWS = (
    ("System", "Supplier", "Service", "Contract end"),
    ("Liquidlogic EHM", "Liquidlogic", "Early help", "2026"),
    ("Liquidlogic LCS", "Liquidlogic", "Children's social care", "2026"),
)

NOTTS_COVER = Response(
    title="FOI NCC-0925 cover letter",
    letterhead=(
        "Nottinghamshire County Council",
        "Our reference: NCC-0925",
        "Date: 30 November 2023",
    ),
    blocks=(a("Please find our response to your request attached as a PDF."),),
    signature=_sign(
        "Information Governance", "Nottinghamshire County Council", "foi@nottscc.gov.uk"
    ),
)

NOTTS_ANSWER = Response(
    title="FOI NCC-0925 response",
    letterhead=("Nottinghamshire County Council", "Our reference: NCC-0925"),
    blocks=(
        q("1. Which system do you use for adult social care?"),
        a("Mosaic, which we have used since 2015."),
        q("2. How is it hosted?"),
        a("It is hosted by a third party data centre provider under contract."),
    ),
    signature=("Information Governance, Nottinghamshire County Council",),
)

GLASGOW = Response(
    title="FOI 101004123456 Social work systems",
    letterhead=_letter(
        "Glasgow City Council", "FOI 101004123456", "6 March 2024", "City Chambers, George Square"
    ),
    blocks=(
        q("1. What case management system does social work use?"),
        a("Social work services use CareFirst, supplied by OLM Systems, for adults and children."),
        q("2. What does the contract cost?"),
        a(
            "We have applied section 33(1)(b) of FOISA to the contract prices, as disclosure would "
            "prejudice commercial interests."
        ),
    ),
    signature=_sign(
        "Information and Data Protection", "Glasgow City Council", "foi@glasgow.gov.uk"
    ),
)

SWANSEA_TEXT = """City and County of Swansea Council
Our ref: EIR-2024-11
Date: 15 January 2024

Dear requester,

Your request: Please provide every invoice paid for social care software since 2010, and the
energy use of the servers that run it.

Response: Finding and copying every invoice since 2010 would exceed the appropriate limit, so
we are refusing that part under s.12 of the Freedom of Information Act.

The energy data is environmental information; we are withholding it under regulation 12(5)(e)
of the Environmental Information Regulations, as it is commercially confidential.

For information, adult and children's social services use WCCIS.

Information Governance Unit
City and County of Swansea Council
"""

BRIGHTON = Response(
    title="FOI BHCC-3340 Use of Mosaic, Eclipse or LCS",
    letterhead=("Brighton and Hove City Council", "Reference: BHCC-3340", "Date: 19 July 2023"),
    blocks=(
        q(
            "Do you use Mosaic, Eclipse or Liquidlogic LCS for social care case management? If so, "
            "when does each contract expire?"
        ),
        a(
            "Information not held: the council does not use any of the systems named in your "
            "request."
        ),
        a("For your information, our adult social care case management system is CareDirector."),
    ),
    signature=_sign(
        "Information Governance", "Brighton and Hove City Council", "foi@brighton-hove.gov.uk"
    ),
)

WILTSHIRE = Response(
    title="FOI WC-2023-602 Children's case management",
    letterhead=_letter(
        "Wiltshire Council", "WC-2023-602", "11 August 2023", "County Hall, Trowbridge"
    ),
    blocks=(
        q("1. Which system do you use for children's social care and who supplies it?"),
        a("Eclipse from OLM Systems."),
        q("2. How is it hosted?"),
        a(
            "We use a hybrid model: the database is in the supplier's cloud and the document store "
            "is on premise."
        ),
        q("3. When does the contract end?"),
        a("The Eclipse contract runs until 31 March 2025 with the option to extend for two years."),
    ),
    signature=_sign("Information Governance", "Wiltshire Council", "foi@wiltshire.gov.uk"),
)

BIRMINGHAM_MD = """# Birmingham City Council

Our ref: BCC-FOI-9902  
Date: 4 December 2023

## Your request

Please list the software used by children's services.

## Our response

Children's services use Eclipse supplied by OLM Systems, ContrOCC from Oxford Computer Consultants and the Liquidlogic Early Help Module.

Information Governance, Birmingham City Council
"""


KIRKLEES_ANSWER = Response(
    title="FOI KC-5521 Adult social care case management",
    letterhead=_letter("Kirklees Council", "KC-5521", "8 May 2024", "Civic Centre, Huddersfield"),
    blocks=(
        q("1. Which case management system do you use for adult social care?"),
        a("Adult social care uses Mosaic, supplied by Servelec."),
        q("2. Where is it hosted?"),
        a("Mosaic is hosted by the supplier."),
        q("3. When does the contract end?"),
        a("The current contract ends on 31 March 2028."),
    ),
    signature=_sign("Information Governance", "Kirklees Council", "foi@kirklees.gov.uk"),
)
KIRKLEES_COVER = (
    "Dear requester,\n\nPlease find attached our response to your request KC-5521.\n\n"
    "Information Governance\nKirklees Council\n"
)

WAKEFIELD = Response(
    title="FOI 2024-207 Children's social care system",
    letterhead=_letter(
        "Wakefield Metropolitan District Council", "FOI 2024-207", "5 March 2024", "Wakefield One"
    ),
    blocks=(
        q("1. Which case management system do you use for children's social care?"),
        a("We use Liquidlogic LCS, hosted in the council's own data centre."),
        q("2. Since when?"),
        a("It has been in use since April 2015."),
    ),
    signature=_sign(
        "Information Governance", "Wakefield Metropolitan District Council", "foi@wakefield.gov.uk"
    ),
)

DONCASTER = Response(
    title="FOI DMBC-7731 Adult social care finance",
    letterhead=_letter("City of Doncaster Council", "DMBC-7731", "17 June 2024", "Civic Office"),
    blocks=(
        q("1. Which system do you use for adult social care finance?"),
        a("ContrOCC from Oxford Computer Consultants."),
        q("2. What are the contract dates?"),
        a("The contract started on 1 April 2022 and ends on 31 March 2026."),
    ),
    signature=_sign("Information Governance", "City of Doncaster Council", "foi@doncaster.gov.uk"),
)


ROTHERHAM = Response(
    title="FOI RMBC-4410 Social care systems",
    letterhead=_letter(
        "Rotherham Metropolitan Borough Council", "RMBC-4410", "2 July 2024", "Riverside House"
    ),
    blocks=(
        q("1. Which case management system do you use for adult social care?"),
        a("Adult social care uses Mosaic, supplied by Servelec, hosted by the supplier."),
        q("2. When does the contract end?"),
        a("The contract ends on 31 March 2027."),
    ),
    signature=_sign(
        "Information Governance", "Rotherham Metropolitan Borough Council", "foi@rotherham.gov.uk"
    ),
)

BARNSLEY_ROWS = (
    ("Authority", "System", "Supplier", "Service area", "Hosting", "Contract end"),
    (
        "Barnsley Metropolitan Borough Council",
        "Liquidlogic LAS",
        "Liquidlogic",
        "Adults",
        "Supplier hosted",
        "31/03/2029",
    ),
)

CALDERDALE_PARAGRAPHS = (
    "Calderdale Metropolitan Borough Council",
    "Our ref: CMBC-2291",
    "Date: 9 September 2024",
    "1. Which system do you use for children's social care?",
    "Children's social care uses Eclipse from OLM Systems.",
    "2. When does the contract end?",
    "The Eclipse contract ends on 30 September 2027.",
    "Information Governance, Calderdale Metropolitan Borough Council",
)

BRADFORD = Response(
    title="FOI BMDC-8812 Adult social care system",
    letterhead=_letter(
        "City of Bradford Metropolitan District Council",
        "BMDC-8812",
        "14 October 2024",
        "City Hall",
    ),
    blocks=(
        q("1. Which case management system do you use for adult social care?"),
        a("We use CareFirst from OLM Systems for adult social care, hosted by the supplier."),
    ),
    signature=_sign(
        "Information Governance",
        "City of Bradford Metropolitan District Council",
        "foi@bradford.gov.uk",
    ),
)


def _kirklees_msg() -> bytes:
    """An Outlook message whose PDF attachment is the answer."""
    return to_msg(
        "FOI KC-5521 response",
        KIRKLEES_COVER,
        ("Kirklees Council FOI", "foi@kirklees.gov.uk"),
        ("Requester", "requester@example.org"),
        datetime(2024, 5, 8, 10, 30, tzinfo=UTC),
        attachments=[("FOI-KC-5521-response.pdf", f.to_pdf(KIRKLEES_ANSWER))],
    )


def _text(text: str) -> bytes:
    return text.encode("utf-8")


FILES: dict[str, Callable[[], bytes]] = {
    "leeds_lcs_las_reply.pdf": lambda: f.to_pdf(LEEDS),
    "sheffield_systems_table.pdf": lambda: f.to_pdf(SHEFFIELD, pages=2),
    "camden_response.docx": lambda: f.to_docx(CAMDEN),
    "cardiff_wccis.docx": lambda: f.to_docx(CARDIFF),
    "hull_disclosure_log.html": lambda: _text(
        f.to_disclosure_log_html(HULL, "https://www.hull.gov.uk/foi/disclosure-log/24-0412")
    ),
    "bristol_whatdotheyknow.html": lambda: _text(
        f.to_whatdotheyknow_html(
            BRISTOL,
            BRISTOL.title,
            "https://www.whatdotheyknow.com/request/social_care_software_bristol",
        )
    ),
    "manchester_reply.eml": lambda: f.to_eml(
        MANCHESTER,
        quoted="Please tell me which children's social care system you use, e.g. Mosaic.",
        attachments=[("FOI-MCC-1187-response.pdf", f.to_pdf(MANCHESTER_ANSWER), "application/pdf")],
    ),
    "essex_reply.eml": lambda: f.to_eml(ESSEX),
    "norfolk_disclosure.txt": lambda: _text(NORFOLK_TEXT),
    "durham_reply.md": lambda: _text(DURHAM_MD),
    "cornwall_systems_register.xlsx": lambda: f.to_xlsx(CORNWALL_ROWS),
    "surrey_systems.csv": lambda: f.to_csv(SURREY_ROWS),
    "nottinghamshire_bundle.zip": lambda: f.to_zip(
        [("cover_letter.docx", f.to_docx(NOTTS_COVER)), ("response.pdf", f.to_pdf(NOTTS_ANSWER))]
    ),
    "glasgow_foisa_reply.pdf": lambda: f.to_pdf(GLASGOW),
    "swansea_eir_reply.txt": lambda: _text(SWANSEA_TEXT),
    "brighton_not_held.html": lambda: _text(
        f.to_disclosure_log_html(BRIGHTON, "https://www.brighton-hove.gov.uk/foi/bhcc-3340")
    ),
    "wiltshire_reply.docx": lambda: f.to_docx(WILTSHIRE),
    "birmingham_reply.md": lambda: _text(BIRMINGHAM_MD),
    "kirklees_reply.msg": _kirklees_msg,
    "wakefield_scanned_reply.pdf": lambda: scan([render_page(response_lines(WAKEFIELD))], "PDF"),
    "doncaster_reply.rtf": lambda: to_rtf(DONCASTER),
    "rotherham_reply.odt": lambda: to_odt(ROTHERHAM),
    "barnsley_systems_register.xls": lambda: to_xls(BARNSLEY_ROWS),
    "calderdale_reply.doc": lambda: to_doc(CALDERDALE_PARAGRAPHS),
    "bradford_scanned_letter.png": lambda: scan([render_page(response_lines(BRADFORD))], "PNG"),
}


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, make in FILES.items():
        (out / name).write_bytes(make())
    print(f"wrote {len(FILES)} files to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)

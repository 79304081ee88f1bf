"""Pydantic models for every output row: the contract other tools read from the Parquet files.

A row that fails validation never reaches a table: the pipeline turns it into an error on the
document's row instead (see `pipeline.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.7"

ServiceArea = Literal["children", "adults", "both"]
Hosting = Literal["council", "supplier", "third_party", "hybrid", "cloud"]
SystemStatus = Literal["current", "previous", "planned"]
Legislation = Literal["FOIA", "EIR", "FOISA", "DPA"]
DocStatus = Literal["ok", "empty", "needs_ocr", "error"]

_ISO_PARTIAL = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _check_partial_date(value: str) -> str:
    if not _ISO_PARTIAL.match(value):
        raise ValueError(f"not an ISO date at year, month or day precision: {value!r}")
    return value


@dataclass(frozen=True)
class StatedPeriod:
    """Marks `PartialDate` in its `Annotated` metadata: the Parquet store finds every date
    field by it and writes typed `_from`/`_to` companions beside it (see `store.py`)."""


PartialDate = Annotated[str, AfterValidator(_check_partial_date), StatedPeriod()]
"""An ISO date at the precision the text gives: `2028`, `2028-03` or `2028-03-31`."""


class Row(BaseModel):
    """Base for output rows: unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


EvidenceSource = Literal["direct", "cross_reference", "implied", "default"]


class Evidence(Row):
    """Where one field's value was read: the sentence, the rule or model that read it
    (`rule_id@version`) and how it reached the system (`source`: its own sentence, a sentence
    naming no system, the name itself, or a default)."""

    field: str
    value: str | None
    page: int | None
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    sentence: str
    extractor: str
    source: EvidenceSource = "direct"


class DocumentRow(Row):
    """One row per input file and per child document (attachment, archive member)."""

    doc_id: str
    parent_doc_id: str | None = None
    source_path: str
    source_path_raw: str | None = None
    source_url: str | None = None
    media_type: str
    title: str | None = None
    authority_name: str | None = None
    authority_code: str | None = None
    authority_evidence: str | None = None
    reference: str | None = None
    response_date: PartialDate | None = None
    n_pages: int = Field(default=0, ge=0)
    n_chars: int = Field(default=0, ge=0)
    n_systems: int = Field(default=0, ge=0)
    n_exemptions: int = Field(default=0, ge=0)
    status: DocStatus
    error: str | None = None
    warnings: str | None = None

    @model_validator(mode="after")
    def _error_has_reason(self) -> DocumentRow:
        if self.status == "error" and not self.error:
            raise ValueError("a document with status 'error' must say why in 'error'")
        return self


class PageRow(Row):
    """The text of one page, so every fact's offsets can be checked against its source."""

    doc_id: str
    page: int = Field(ge=1)
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    text: str
    ocr: bool = False
    """True when the text was read from the page's image by OCR."""
    ocr_confidence: float | None = Field(default=None, ge=0.0, le=100.0)
    """The mean confidence (0-100) Tesseract gave the page's words."""


class SystemFact(Row):
    """A system as used by a council for a service area, as one document states it."""

    doc_id: str
    system: str | None
    surface_form: str
    listed: bool = True  # False: a product the gazetteer does not list (its name as written)
    supplier: str | None = None
    gazetteer_supplier: str | None = None
    service_area: ServiceArea | None = None
    purpose: str | None = None
    hosting: Hosting | None = None
    host_organisation: str | None = None
    status: SystemStatus | None = None
    in_use_since: PartialDate | None = None
    contract_start: PartialDate | None = None
    contract_end: PartialDate | None = None
    extension_until: PartialDate | None = None
    page: int | None
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    evidence: str
    extractor: str
    confidence: float = Field(ge=0.0, le=1.0)
    field_evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _span_is_ordered(self) -> SystemFact:
        if self.char_end <= self.char_start:
            raise ValueError("char_end must be after char_start")
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            raise ValueError("contract_end is before contract_start")
        return self


NOT_HELD = "not held"
"""The `provision` of an outcome row that says the information is not held."""

OutcomeKind = Literal["exemption", "not_held"]


class ExemptionFact(Row):
    """A FOI exemption (or EIR exception) that a document cites, or an outcome row (`kind`
    "not_held", `provision` "not held") where an answer says the information is not held."""

    doc_id: str
    kind: OutcomeKind = "exemption"
    legislation: Legislation
    provision: str
    applied: bool
    page: int | None
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    evidence: str
    extractor: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)

"""Extract: spaCy rules (and optionally a trained model) that find system and exemption facts.

The steps themselves are the declared stages of `foi_extract.stages`; `extract_facts` runs them
and returns the facts alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from foi_extract.document import Document
from foi_extract.model_files import MODEL_BY_DEFAULT
from foi_extract.records import ExemptionFact, SystemFact

__all__ = ["FactSet", "extract_facts"]


@dataclass(frozen=True)
class FactSet:
    systems: list[SystemFact]
    exemptions: list[ExemptionFact]
    warnings: list[str]


def extract_facts(document: Document, use_model: bool = MODEL_BY_DEFAULT) -> FactSet:
    """The system and exemption facts that `document`'s answers state.

    With `use_model`, names the trained NER model finds and the rules do not are added.
    """
    from foi_extract.stages import run_stages  # the stages import this package's modules

    context = run_stages(document, use_model)
    return FactSet(context.systems, context.exemptions, context.warnings)

"""Load the rule and reference files under `foi_extract/resources/` through strict schemas.

Every file is validated by a Pydantic model with `extra="forbid"`: a misspelt key fails loudly
and lists the keys that are allowed. `FOI_EXTRACT_RESOURCES` points at another resources folder
(same layout), which is how a user tries a new rule without touching the installed package.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from foi_extract.records import Hosting

PACKAGE_RESOURCES = Path(__file__).resolve().parent / "resources"


_RESOURCE_CACHES: list[Any] = []
Loader = TypeVar("Loader", bound=Callable[..., Any])


def resource_cache(loader: Loader) -> Loader:
    """`functools.cache` for anything built from the resource files, forgotten by `reload`."""
    cached = functools.cache(loader)
    _RESOURCE_CACHES.append(cached)
    return cached  # type: ignore[return-value]


def resource_memo(maxsize: int) -> Callable[[Loader], Loader]:
    """`functools.lru_cache(maxsize)` for a pure function of the resource files and its
    arguments (a name's reading, a phrase's match), forgotten by `reload`."""

    def decorate(function: Loader) -> Loader:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _RESOURCE_CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return decorate


def reload() -> None:
    """Forget everything built from the resource files (after `FOI_EXTRACT_RESOURCES` changes)."""
    for cached in _RESOURCE_CACHES:
        cached.cache_clear()


def resources_dir() -> Path:
    """The resources folder in force: `$FOI_EXTRACT_RESOURCES` or the package's own."""
    return Path(os.environ.get("FOI_EXTRACT_RESOURCES", PACKAGE_RESOURCES))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def any_of(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern matching any of `patterns` (each kept in its own group)."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), flags)


def one_search(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern that finds a match wherever any of `patterns` would (their group names
    dropped, so two may share one): a single scan of a text instead of one per pattern."""
    return any_of([re.sub(r"\(\?P<\w+>", "(?:", pattern) for pattern in patterns], flags)


def _compile(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
    return patterns


def _compile_one(pattern: str) -> str:
    return _compile([pattern])[0]


RULE_ID = r"^[a-z][a-z0-9_]*$"


class IdentifiedRule(Strict):
    """A rule with a stable `id` (unique in its file) and a `version` to bump when its
    meaning changes; extractor labels name it as `file.id@version`."""

    id: str = Field(pattern=RULE_ID)
    version: int = Field(default=1, ge=1)


def _unique_ids(rules: list[IdentifiedRule]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"rule id {rule.id!r} is used twice")
        seen.add(rule.id)


class ValueRule(IdentifiedRule):
    """A value and the phrases that say it (hosting, purpose)."""

    value: str = Field(min_length=1)
    patterns: list[str]

    _check = field_validator("patterns")(_compile)


class ValueRules(Strict):
    rule: list[ValueRule]
    ignore_before: list[str] = []  # a phrase these end the text before says nothing (negated)

    @model_validator(mode="after")
    def _ids(self) -> ValueRules:
        _unique_ids(list(self.rule))
        return self


class HostingRule(ValueRule):
    """A hosting phrase rule: its value must be one the output records allow."""

    @model_validator(mode="after")
    def _known_value(self) -> HostingRule:
        allowed = get_args(Hosting)
        if self.value not in allowed:
            raise ValueError(
                f"rule {self.id!r}: value {self.value!r} is not allowed; "
                f"allowed values: {', '.join(allowed)}"
            )
        return self


class HostingRules(ValueRules):
    rule: list[HostingRule]  # type: ignore[assignment]
    ignore_before: list[str]
    ignore_after: list[str] = []
    organisation: list[str]
    not_organisations: list[str]


class ContextRules(Strict):
    ambiguous_aliases: list[str]
    short_alias_max_length: int
    software_words: list[str]
    ordinary_words: list[str]
    other_system_cues: list[str]
    adjective_suffixes: list[str]
    not_followed_by: list[str]
    not_preceded_by: list[str]
    place_aliases: list[str]
    place_prepositions: list[str]
    company_forms: list[str]
    company_list_min: int
    company_name_max_words: int
    model_name_joiners: list[str]
    model_not_followed_by: list[str]
    model_single_word_heads: list[str]
    body_words: list[str]
    body_list_min: int
    abbreviations: list[str]
    model_user_verbs: list[str]
    model_role_words: list[str]
    cross_reference_max_words: int
    this_system_cues: list[str]
    contract_cues: list[str]
    pronoun_subject_cues: list[str]
    outgoing_cues: list[str]
    head_nouns: list[str]
    all_systems_cues: list[str]
    each_system_question_cues: list[str]
    exception_cues: list[str]
    contrast_cues: list[str] = []
    platform_links: list[str] = []
    answer_labels: list[str]
    record_labels: list[str]
    category_areas: dict[str, Literal["children", "adults", "both"]]


class DateRoles(Strict):
    in_use_since: list[str]
    contract_start: list[str]
    contract_end: list[str]
    none: list[str] = []


class Extension(Strict):
    patterns: list[str]
    more: str = "(?!)"  # a further period right after a matched one: added to it


class Term(Strict):
    pattern: str

    _check = field_validator("pattern")(_compile_one)


class RelativeDate(IdentifiedRule):
    pattern: str
    value: str


class DateRules(Strict):
    contract_words: list[str]
    money_words: list[str]
    same_time_as: str
    went_live_with: str
    before_frame: str
    transaction_cues: list[str] = []
    roles: DateRoles
    after_roles: DateRoles
    column_roles: DateRoles
    question_roles: DateRoles
    extension: Extension
    term: Term
    relative: list[RelativeDate]

    @model_validator(mode="after")
    def _ids(self) -> DateRules:
        _unique_ids(list(self.relative))
        return self


class ServiceAreaPatterns(Strict):
    both: list[str]
    children: list[str]
    adults: list[str]
    children_services: list[str] = []  # services only children's social care runs
    adults_services: list[str] = []  # services only adult social care runs
    both_services: list[str] = []  # services that serve adults and children alike


class StructureRules(Strict):
    service_areas: ServiceAreaPatterns
    area_cell_both: list[str] = []
    heading_cues: list[str]
    not_heading_cues: list[str]
    heading_max_length: int
    question_cues: list[str]
    answer_cues: list[str]
    council_voice: list[str]
    answer_section_cues: list[str]
    request_section_cues: list[str]
    request_intro_cues: list[str]
    request_quote_cues: list[str]
    appendix_heading: str
    area_columns: list[str]
    question_columns: list[str]
    numbered_prefix: str
    line_wrap_words: list[str]
    question_openers: str
    statement_after_number: str
    example_list_cues: list[str]
    answer_columns: list[str]
    system_columns: list[str]
    field_rows: list[str]


class Citation(Strict):
    patterns: list[str] = []
    cues: list[str] = []
    valid_sections: list[int]
    valid_subsections: dict[str, list[int]] = {}


class AppliedCues(Strict):
    cues: list[str]
    not_applied: list[str]


class NotHeldCues(Strict):
    cues: list[str]
    unless: list[str]


class ExemptionRules(Strict):
    foia: Citation
    eir: Citation
    foisa: Citation
    list_continuation: str
    subsection_continuation: str
    applied: AppliedCues
    not_held: NotHeldCues


class SupplierRules(Strict):
    after_system: list[str]
    verbs: list[str]
    before_system: list[str]
    list_goes_on: str
    heads_list: list[str]
    succeeded_by: list[str]
    supplier_questions: list[str]
    supplier_statements: list[str]
    supplier_column: str
    stands_for_products: str
    stands_for_products_after: str
    suppliers_listed: str
    narrowed_to_product: str
    stands_for_all_products: str


class ScopeRule(IdentifiedRule):
    """A cue and the names it reaches: forward (after it), backward (before it) or both."""

    category: str
    direction: Literal["forward", "backward", "both"]
    patterns: list[str]
    max_chars: int = 120
    terminations: list[str] = []
    cancelled_by: list[str] = []  # words in the cue's clause that make it no cue


class ScopeRules(Strict):
    """ConText-style cue rules (rules/modifiers.toml, rules/status.toml)."""

    terminations: list[str]
    rule: list[ScopeRule]
    categories: ClassVar[tuple[str, ...]] = ()

    @field_validator("rule")
    @classmethod
    def _known_categories(cls, rules: list[ScopeRule]) -> list[ScopeRule]:
        _unique_ids(list(rules))
        for rule in rules:
            if rule.category not in cls.categories:
                raise ValueError(
                    f"rule {rule.id!r}: category {rule.category!r} is not allowed; "
                    f"allowed values: {', '.join(cls.categories)}"
                )
        return rules


class ModifierRules(ScopeRules):
    categories = (
        "negated",
        "other_organisation",
        "example",
        "requested",
        "not_software",
        "corporate",
        "platform",
    )


class RowStatusRule(IdentifiedRule):
    """A status a table row's cell states for the system of its row: a cell under one of
    `columns` (whole header) whose value matches one of `patterns`."""

    category: Literal["previous", "planned", "current"]
    columns: list[str]
    patterns: list[str]

    _check = field_validator("columns", "patterns")(_compile)


class StatusScopeRules(ScopeRules):
    categories = ("previous", "planned", "current")
    row_rule: list[RowStatusRule] = []


class ReferenceRules(Strict):
    labels: list[str]
    value: str
    not_after: list[str]
    shapes: list[str]

    _check = field_validator("labels", "not_after", "shapes")(_compile)
    _check_value = field_validator("value")(_compile_one)


class ResponseDateRules(Strict):
    response_labels: list[str]
    letter_labels: list[str]
    publication_labels: list[str]
    meeting: list[str]
    label_start: str
    inline_not_after: list[str]
    separator: str
    label_line: str
    request_context: list[str]
    acknowledgement: list[str]
    acknowledgement_unless: list[str]
    forward_subject: list[str]
    months: dict[str, str]

    _check = field_validator(
        "response_labels",
        "inline_not_after",
        "letter_labels",
        "publication_labels",
        "meeting",
        "request_context",
        "acknowledgement",
        "acknowledgement_unless",
        "forward_subject",
    )(_compile)
    _check_one = field_validator("label_start", "separator", "label_line")(_compile_one)


class MetadataRules(Strict):
    reference: ReferenceRules
    response_date: ResponseDateRules


class AuthorityWeights(Strict):
    letterhead: int
    signature: int
    salutation: int
    sender: int
    field: int
    self_description: int
    body: int
    email_address: int
    web_address: int


class AuthorityCues(Strict):
    salutation_before: list[str]
    field_before: list[str]
    self_description_after: list[str]
    other_council_before: list[str]
    other_council_after: list[str]

    _check = field_validator("*")(_compile)


class AuthorityRules(Strict):
    name_variants: list[str]
    platform_domains: list[str]
    letterhead_chars: int
    signature_chars: int
    sign_offs: list[str]
    weights: AuthorityWeights
    cues: AuthorityCues

    _check = field_validator("sign_offs")(_compile)


Model = TypeVar("Model", bound=BaseModel)


def load_toml(name: str, model: type[Model]) -> Model:
    """Read `rules/<name>.toml` into `model`, naming the file in any error."""
    path = resources_dir() / "rules" / f"{name}.toml"
    try:
        return model.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except ValueError as exc:
        allowed = ", ".join(model.model_fields)
        raise ValueError(f"invalid rule file {path} (allowed keys: {allowed}): {exc}") from exc


def rule_ref(file: str, rule_id: str, version: int = 1) -> str:
    """The label of a rule in extractor columns and `explain`: `file.id@version`."""
    return f"{file}.{rule_id}@{version}"


class ProductName(Strict):
    """What a product's name may be (rules/products.toml [name])."""

    max_words: int = Field(ge=1)
    connectors: list[str]
    generic_words: list[str]
    organisation_words: list[str]
    leading_words: list[str]
    not_products: list[str]
    company_words: list[str]
    in_house: list[str]
    not_supplier_words: list[str]
    former_name: str
    product_nouns: list[str]


class ProductShape(IdentifiedRule):
    """A shape announcing a product: patterns with a NAME (and maybe an ORG) placeholder."""

    strength: Literal["strong", "weak"]
    company_required: bool = False  # the shape holds only when its supplier looks like a company
    family_only: bool = False  # the shape announces only a family's name (`families`)
    patterns: list[str]

    @field_validator("patterns")
    @classmethod
    def _has_name(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if "NAME" not in pattern:
                raise ValueError(f"pattern {pattern!r} has no NAME placeholder")
        return patterns


class SupplierLabels(Strict):
    patterns: list[str]


class CellShape(IdentifiedRule):
    """Table cells that hold a product's name: under or beside a cell matching `labels`."""

    labels: list[str]


class ProductRules(Strict):
    families: list[str] = []
    name: ProductName
    rule: list[ProductShape]
    cell: CellShape
    supplier: SupplierLabels

    @model_validator(mode="after")
    def _ids(self) -> ProductRules:
        _unique_ids(list(self.rule))
        return self


@resource_cache
def product_rules() -> ProductRules:
    return load_toml("products", ProductRules)


@resource_cache
def hosting_rules() -> HostingRules:
    return load_toml("hosting", HostingRules)


@resource_cache
def purpose_rules() -> ValueRules:
    return load_toml("purposes", ValueRules)


@resource_cache
def context_rules() -> ContextRules:
    return load_toml("context", ContextRules)


@resource_cache
def supplier_rules() -> SupplierRules:
    return load_toml("suppliers", SupplierRules)


@resource_cache
def modifier_rules() -> ModifierRules:
    return load_toml("modifiers", ModifierRules)


@resource_cache
def date_rules() -> DateRules:
    return load_toml("dates", DateRules)


@resource_cache
def structure_rules() -> StructureRules:
    return load_toml("structure", StructureRules)


@resource_cache
def exemption_rules() -> ExemptionRules:
    return load_toml("exemptions", ExemptionRules)


@resource_cache
def status_rules() -> StatusScopeRules:
    return load_toml("status", StatusScopeRules)


@resource_cache
def metadata_rules() -> MetadataRules:
    return load_toml("metadata", MetadataRules)


@resource_cache
def authority_rules() -> AuthorityRules:
    return load_toml("authorities", AuthorityRules)

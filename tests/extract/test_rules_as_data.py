"""Vocabulary lives in data files: extending it needs no code, and bad files fail loudly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foi_extract import rules
from foi_extract.extract import extract_facts
from foi_extract.ingest import ingest_bytes
from foi_extract.rules import PACKAGE_RESOURCES, structure_rules

SENTENCE = b"Our adults' team moved to NexusCare Pro in 2023; it is hosted by the supplier.\n"


@pytest.fixture
def own_resources(fresh_resources: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "resources"
    shutil.copytree(PACKAGE_RESOURCES, folder)
    monkeypatch.setenv("FOI_EXTRACT_RESOURCES", str(folder))
    rules.reload()
    return folder


def test_a_new_system_is_one_line_in_the_systems_file(own_resources: Path) -> None:
    document = ingest_bytes(SENTENCE, "reply.txt")[0]
    assert extract_facts(document).systems == []
    with (own_resources / "reference" / "systems.csv").open("a", encoding="utf-8") as handle:
        handle.write("NexusCare,Nexus Software,NexusCare Pro|Nexus Care,adults_case_management,x\n")
    rules.reload()
    (fact,) = extract_facts(document).systems
    assert (fact.system, fact.surface_form, fact.hosting) == (
        "NexusCare",
        "NexusCare Pro",
        "supplier",
    )
    assert fact.gazetteer_supplier == "Nexus Software"


def test_a_misspelt_rule_key_fails_and_names_the_allowed_keys(own_resources: Path) -> None:
    path = own_resources / "rules" / "structure.toml"
    path.write_text(path.read_text().replace("question_cues", "question_cue"))
    allowed = r"allowed keys: .*question_cues.*question_cue\n\s+Extra inputs are not permitted"
    with pytest.raises(ValueError, match=rf"(?s)structure\.toml.*{allowed}"):
        structure_rules()


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_every_rule_pattern_compiles_and_has_no_control_characters() -> None:
    """A TOML basic string turns `\\b` into a backspace: rules use literal strings."""
    import re
    import tomllib

    for path in sorted((PACKAGE_RESOURCES / "rules").glob("*.toml")):
        for text in _strings(tomllib.loads(path.read_text(encoding="utf-8"))):
            assert not any(ord(char) < 32 for char in text), (path.name, text)
            re.compile(text.replace("MONTH", "may"))


@pytest.mark.parametrize(
    ("file", "wrong", "loader", "message"),
    [
        (
            "hosting",
            ('value = "hybrid"', 'value = "hybird"'),
            rules.hosting_rules,
            r"hosting\.toml.*rule 'hybrid': value 'hybird' is not allowed; "
            r"allowed values: council, supplier, third_party, hybrid, cloud",
        ),
        (
            "status",
            ('category = "planned"', 'category = "planed"'),
            rules.status_rules,
            r"status\.toml.*rule 'moving_to': category 'planed' is not allowed; "
            r"allowed values: previous, planned, current",
        ),
        (
            "modifiers",
            ('id = "example"', 'id = "requested"'),
            rules.modifier_rules,
            r"modifiers\.toml.*rule id 'requested' is used twice",
        ),
        (
            "purposes",
            ('id = "finance"\n', ""),
            rules.purpose_rules,
            r"purposes\.toml.*rule\.1\.id\s+Field required",
        ),
    ],
)
def test_a_bad_rule_value_fails_loading_with_the_file_rule_and_allowed_values(
    own_resources: Path,
    file: str,
    wrong: tuple[str, str],
    loader: object,
    message: str,
) -> None:
    path = own_resources / "rules" / f"{file}.toml"
    text = path.read_text(encoding="utf-8")
    assert wrong[0] in text
    path.write_text(text.replace(wrong[0], wrong[1], 1), encoding="utf-8")
    with pytest.raises(ValueError, match=f"(?s){message}"):
        loader()  # type: ignore[operator]


def test_every_rule_table_has_an_id_unique_in_its_file() -> None:
    import tomllib

    for path in sorted((PACKAGE_RESOURCES / "rules").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                ids = [table.get("id") for table in value]
                assert all(ids), f"{path.name} [[{key}]] without an id"
                assert len(set(ids)) == len(ids), f"{path.name} [[{key}]] repeats an id"


COLOCATION = b"Which system do you use for adults?\n\nAdult social care uses Mosaic. The Mosaic servers sit in a co-location facility in Slough.\n"  # noqa: E501
COLOCATION_RULE = """
[[rule]]
id = "colocation"
value = "third_party"
patterns = ['\\bco-?location (?:facility|centre|center|data ?cent(?:re|er))\\b']
"""


def test_the_readmes_new_hosting_rule_is_found_and_named(own_resources: Path) -> None:
    from foi_extract.explain import value_rules

    document = ingest_bytes(COLOCATION, "reply.txt")[0]
    (fact,) = extract_facts(document).systems
    assert fact.hosting is None
    path = own_resources / "rules" / "hosting.toml"
    text = path.read_text(encoding="utf-8")
    first_rule = text.index("[[rule]]")
    path.write_text(text[:first_rule] + COLOCATION_RULE.lstrip() + "\n" + text[first_rule:])
    rules.reload()
    (fact,) = extract_facts(document).systems
    assert value_rules(fact)["hosting"] == ("third_party", "hosting.colocation@1")


def test_a_service_of_one_area_is_one_word_in_the_structure_file(own_resources: Path) -> None:
    """`structure.toml`'s `adults_services` and `children_services` list the services only
    one area runs: a sentence naming one gives a system with no other area that area."""
    document = ingest_bytes(b"Telecare alarms are monitored through CareFirst.\n", "reply.txt")[0]
    (fact,) = extract_facts(document).systems
    assert fact.service_area is None
    path = own_resources / "rules" / "structure.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("adults_services = [", "adults_services = ['\\btelecare\\b', "))
    rules.reload()
    (fact,) = extract_facts(document).systems
    assert fact.service_area == "adults"

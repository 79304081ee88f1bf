"""Finding input files: folders are walked, hidden and ignored files are not documents."""

from __future__ import annotations

from pathlib import Path

from foi_extract.inputs import discover_inputs


def test_folders_are_walked_and_foiignore_is_obeyed(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/reply.pdf", "a/b/mail.eml", "a/README.md", "a/gold.jsonl", "a/.hidden.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "a" / ".foiignore").write_text("# not documents\nREADME.md\n*.jsonl\n")
    (tmp_path / "a" / "manifest.sqlite").write_text("x")
    found = discover_inputs([tmp_path / "a"])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == [
        "a/b/mail.eml",
        "a/reply.pdf",
    ]


def test_a_file_named_directly_is_always_taken(tmp_path: Path) -> None:
    hidden = tmp_path / ".odd.txt"
    hidden.write_text("x")
    assert discover_inputs([hidden, hidden]) == [hidden]

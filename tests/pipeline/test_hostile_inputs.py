"""Hostile input folders: odd names, unreadable files, links and FIFOs never stop a run.

Each test builds the attack itself; each failed on the code before discovery and hashing were
made safe (a surrogate in a checkpoint, a PermissionError in the parent, endless discovery).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pandas as pd
import pytest

from foi_extract import pipeline
from foi_extract.inputs import discover, discover_inputs
from foi_extract.pipeline import run_pipeline

from .conftest import ANSWER

pytestmark = pytest.mark.slow


def _documents(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "documents.parquet")


def test_a_name_that_is_not_utf8_is_stored_losslessly_and_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = b"r\xe9ponse \x81.txt"  # cp1252/cp437 bytes, as unzip leaves a Windows zip's names
    (folder / os.fsdecode(name)).write_bytes(ANSWER.encode())
    (folder / "plain.txt").write_text(ANSWER.replace("Leeds", "Leeds "), encoding="utf-8")
    out = tmp_path / "out"
    first = run_pipeline([folder], out)
    second = run_pipeline([folder], out)
    documents = _documents(out).set_index("source_path")
    odd = documents[documents.index.str.contains("ponse")].iloc[0]
    assert odd.name.endswith("r\\xe9ponse \\x81.txt")
    assert unquote_to_bytes(odd.source_path_raw) == os.fsencode(folder) + b"/" + name
    assert pd.isna(documents.loc[str(folder / "plain.txt")].source_path_raw)
    assert odd.status == "ok" and first.systems == second.systems > 0
    assert (first.errors, second.cached) == (0, 2)


def test_an_unreadable_file_is_an_error_row_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ANSWER, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    real_hash = pipeline._file_sha256

    def hash_as_unprivileged_user(path: Path) -> str:
        if path == locked:  # root reads mode-0 files: raise what any other user gets
            raise PermissionError(13, "Permission denied", str(path))
        return real_hash(path)

    monkeypatch.setattr(pipeline, "_file_sha256", hash_as_unprivileged_user)
    summary = run_pipeline([folder, tmp_path / "vanished.pdf"], tmp_path / "out")
    documents = _documents(tmp_path / "out").set_index("source_path")
    assert documents.loc[str(locked)].error == "cannot read file: Permission denied"
    assert "No such file" in documents.loc[str(tmp_path / "vanished.pdf")].error
    assert documents.loc[str(folder / "good.txt")].status == "ok"
    assert (summary.errors, summary.systems > 0) == (2, True)


def test_links_to_parent_folders_end_discovery_and_each_folder_is_visited_once(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "reply.txt").write_text("x")
    (folder / "up1").symlink_to("..")  # out of the input folder: refused
    (folder / "up2").symlink_to("..")
    (folder / "a" / "loop").symlink_to("..")  # back into it: already visited
    (folder / "again").symlink_to("a")  # a second way into a: visited once
    started = time.monotonic()
    found = discover([folder])
    assert time.monotonic() - started < 5
    assert [p.relative_to(folder).as_posix() for p in found.files] in (
        ["a/reply.txt"],
        ["again/reply.txt"],
    )
    assert sorted(p.name for p in found.refused) == ["up1", "up2"]
    assert all("outside the input folders" in reason for reason in found.refused.values())


def test_a_link_out_of_the_inputs_is_refused_with_a_row_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(ANSWER, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "innocent.txt").symlink_to(secret)
    (folder / "broken.txt").symlink_to(tmp_path / "nowhere")
    summary = run_pipeline([folder], tmp_path / "out")
    documents = _documents(tmp_path / "out").set_index("source_path")
    assert "outside the input folders" in documents.loc[str(folder / "innocent.txt")].error
    assert "broken" in documents.loc[str(folder / "broken.txt")].error
    assert (summary.systems, summary.errors) == (0, 2)


def test_a_fifo_is_refused_instead_of_blocking_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "good.txt").write_text(ANSWER, encoding="utf-8")
    summary = run_pipeline([folder], tmp_path / "out")
    documents = _documents(tmp_path / "out").set_index("source_path")
    assert "not a regular file" in documents.loc[str(folder / "pipe.txt")].error
    assert summary.systems > 0


def test_foiignore_has_gitignore_semantics(tmp_path: Path) -> None:
    for name in ("drafts/a.txt", "notes/b.txt", "notes/keep.txt", "notes/deep/c.txt", "d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / ".foiignore").write_text("drafts/\nnotes/*.txt\n!notes/keep.txt\n")
    found = [p.relative_to(tmp_path).as_posix() for p in discover_inputs([tmp_path])]
    assert found == ["d.txt", "notes/deep/c.txt", "notes/keep.txt"]


def test_files_named_like_a_manifest_do_not_stop_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "manifest.sqlite").write_bytes(b"planted above the input")
    (folder / "manifest.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    (folder / "good.txt").write_text(ANSWER, encoding="utf-8")
    summary = run_pipeline([folder], tmp_path / "out")
    assert (summary.files, summary.errors, summary.systems > 0) == (1, 0, True)


def test_a_renamed_or_copied_file_is_named_afresh_on_resume(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "first.txt").write_text(ANSWER, encoding="utf-8")
    run_pipeline([folder], out)
    (folder / "first.txt").rename(folder / "renamed.txt")
    (folder / "copy.txt").write_text(ANSWER, encoding="utf-8")
    summary = run_pipeline([folder], out)
    documents = _documents(out)
    assert summary.cached == 2
    assert documents.source_path.tolist() == [str(folder / "copy.txt")]
    assert documents.warnings.iloc[0] == f"identical copies: {folder / 'renamed.txt'}"


def test_a_files_text_past_its_budget_is_an_error_row_not_parent_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from foi_extract import ingest
    from foi_extract.ingest.base import IngestLimits
    from foi_extract.process import process_file

    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for index in range(3):
            archive.writestr(f"reply{index}.txt", ANSWER.replace("0815", f"{index:04d}"))
    monkeypatch.setattr(ingest, "DEFAULT_LIMITS", IngestLimits(max_text_chars=5 * len(ANSWER) // 2))
    result = process_file(bundle)
    statuses = [(row.source_path.rsplit("!/", 1)[-1], row.status) for row in result.documents]
    assert statuses[1:] == [("reply0.txt", "ok"), ("reply1.txt", "ok"), ("reply2.txt", "error")]
    assert "over" in (result.documents[3].error or "")
    paged = {page.doc_id for page in result.pages}
    assert result.documents[3].doc_id not in paged and result.documents[2].doc_id in paged

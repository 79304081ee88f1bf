"""Find the input files of a run: files and folders (recursive), minus what should be skipped.

A folder may hold a `.foiignore` file of patterns with `.gitignore` semantics (read by
pathspec: `dir/`, `dir/*.txt`, `**/drafts`, `!keep.pdf`), for files that sit beside the
documents but are not documents (READMEs, gold labels).

Discovery is safe on hostile folders: it follows no symbolic link out of the input folders,
visits no folder twice (so links to `..` cannot loop), and takes only regular files (a FIFO
would block a reader forever). What it will not take is *refused* with a reason, so the run
can record it as an error row instead of losing it silently.

File names are bytes on POSIX: a name that is not UTF-8 (what `unzip` makes of a Windows zip)
gets a display form that is valid UTF-8 (`display_path`) and, beside it, a lossless
percent-encoded form of its bytes (`raw_path`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_from_bytes

from pathspec import GitIgnoreSpec

IGNORE_FILE = ".foiignore"
DEFAULT_IGNORES = ("manifest.sqlite*", "*.part", "Thumbs.db", "desktop.ini")
_DEFAULT_SPEC = GitIgnoreSpec.from_lines(DEFAULT_IGNORES)
NOT_REGULAR = "not a regular file (a FIFO, socket or device)"


@dataclass
class Discovery:
    """The files a run takes, sorted, and what it refused to take (path -> reason)."""

    files: list[Path] = field(default_factory=list)
    refused: dict[Path, str] = field(default_factory=dict)


def discover_inputs(paths: Iterable[Path]) -> list[Path]:
    """Every file under `paths`, sorted, skipping hidden files and ignored patterns."""
    return discover(paths).files


def discover(paths: Iterable[Path]) -> Discovery:
    """The files under `paths` (files named directly are always taken when readable), and
    the entries refused: links out of the input folders, broken links, special files."""
    paths = list(paths)
    roots = [path.resolve() for path in paths if path.is_dir()]
    found: set[Path] = set()
    walker = _Walker(roots, visited=set(), refused={})
    for path in paths:
        if path.is_dir():
            folder = path.resolve() if path.is_symlink() else path  # a link named: its target
            found.update(walker.walk(folder, [(folder, _DEFAULT_SPEC)]))
        elif (reason := _not_a_file(path)) is not None:
            walker.refused[path] = reason
        else:
            found.add(path)
    return Discovery(sorted(found), dict(sorted(walker.refused.items())))


@dataclass
class _Walker:
    roots: list[Path]
    visited: set[tuple[int, int]]
    refused: dict[Path, str]

    def walk(self, folder: Path, specs: list[tuple[Path, GitIgnoreSpec]]) -> Iterator[Path]:
        """Regular files below `folder`, each folder once, `.foiignore` files obeyed. Names are
        listed, then each is looked at once (`lstat`): no directory entries are held, so a
        folder of 20,000 files costs the parent little."""
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in self.visited:
                return
            self.visited.add((info.st_dev, info.st_ino))
            names = sorted(os.listdir(folder))
        except OSError as exc:
            self.refused[folder] = f"cannot list folder: {exc.strerror or exc}"
            return
        specs = specs + _read_ignore_file(folder)
        for name in names:
            if name.startswith("."):
                continue
            path = folder / name
            try:
                mode = path.lstat().st_mode
            except OSError as exc:
                self.refused[path] = f"cannot read file: {exc.strerror or exc}"
                continue
            if stat.S_ISLNK(mode):
                if (reason := self._link_problem(path)) is not None:
                    self.refused[path] = reason
                    continue
                mode = path.stat().st_mode
            if _ignored(path, stat.S_ISDIR(mode), specs):
                continue
            if stat.S_ISDIR(mode):
                yield from self.walk(path, specs)
            elif stat.S_ISREG(mode):
                yield path
            else:
                self.refused[path] = NOT_REGULAR

    def _link_problem(self, link: Path) -> str | None:
        """Why a symbolic link is not followed, or None when it stays inside the inputs."""
        try:
            target = link.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken or looping symbolic link: not followed"
        if not any(target.is_relative_to(root) for root in self.roots):
            return f"symbolic link to {display_path(target)}, outside the input folders"
        return None


def _not_a_file(path: Path) -> str | None:
    """Why `path` is not taken as a file (missing, a FIFO, a device...), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    return None if stat.S_ISREG(mode) else NOT_REGULAR


def _read_ignore_file(folder: Path) -> list[tuple[Path, GitIgnoreSpec]]:
    path = folder / IGNORE_FILE
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [(folder, GitIgnoreSpec.from_lines(lines))]


def _ignored(path: Path, is_dir: bool, specs: list[tuple[Path, GitIgnoreSpec]]) -> bool:
    """Whether the `.foiignore` files above `path` (and the defaults) exclude it, as git
    reads `.gitignore`: patterns are relative to the folder of the file that holds them, and
    the deepest file that decides (`pattern` or `!pattern`) wins."""
    ignored = False
    for base, spec in specs:
        relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        decision = spec.check_file(relative).include
        if decision is not None:
            ignored = decision
    return ignored


def display_path(path: Path | str) -> str:
    """`path` as valid UTF-8 text: bytes that are not UTF-8 appear as `\\xNN`."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def raw_path(path: Path | str) -> str | None:
    """The path's exact bytes, percent-encoded (`urllib.parse.unquote_to_bytes` reverses it),
    when its name is not valid UTF-8; None when `display_path` is already exact."""
    encoded = os.fsencode(path)
    try:
        encoded.decode("utf-8")
    except UnicodeDecodeError:
        return quote_from_bytes(encoded, safe="/")
    return None

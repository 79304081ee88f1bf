"""Mistakes a user can make and fix (a wrong path, a file where a folder belongs, a misspelt
site file), told as one line by the command line (`foi-extract: error: <message>`, exit code 2)
instead of a traceback. Anything else is a bug and keeps its traceback."""

from __future__ import annotations

import tomllib

from pydantic import ValidationError


class UserError(Exception):
    """A mistake in a command's arguments or in a file the user wrote, in words they can act on."""


USER_OS_ERRORS: tuple[type[OSError], ...] = (
    FileNotFoundError,
    NotADirectoryError,
    IsADirectoryError,
    FileExistsError,
    PermissionError,
)
"""OS errors that mean a path given on the command line is wrong, missing or not allowed."""

USER_FILE_MODELS = {"Site": "site file"}
"""Pydantic models (by name) that validate files users write, and what to call those files."""


def user_message(exc: BaseException) -> str | None:
    """`exc` in one line when it is a user's mistake; None when it is not (a bug)."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, USER_OS_ERRORS):
        return _os_message(exc)
    if isinstance(exc, ValidationError) and exc.title in USER_FILE_MODELS:
        return f"{USER_FILE_MODELS[exc.title]}: {validation_message(exc)}"
    if isinstance(exc, tomllib.TOMLDecodeError):
        return f"not valid TOML: {exc}"
    return None


def _os_message(exc: OSError) -> str:
    """'No such file or directory: x.toml' rather than '[Errno 2] ...'."""
    if exc.strerror and exc.filename is not None:
        return f"{exc.strerror}: {exc.filename}"
    if isinstance(exc, FileNotFoundError):
        return f"not found: {exc}"
    return str(exc)


def validation_message(exc: ValidationError) -> str:
    """Each problem as 'key: what is wrong', joined on one line."""
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        problems.append(f"{where}: {error['msg']}" if where else error["msg"])
    return "; ".join(problems)

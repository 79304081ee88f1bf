"""Write validated rows to Parquet: typed schema from the Pydantic models, atomic, deterministic.

The Arrow schema is derived from the record models, so the models stay the one definition of
each table. Files are written to a temporary name and renamed, so a reader never sees half a
table; rows are sorted by the table's key so the same input gives byte-identical files. Inside
`with extra_metadata(...)`, every table written also carries those key-value pairs (a run's
fingerprint).
"""

from __future__ import annotations

import os
import tempfile
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from foi_extract import __version__
from foi_extract.records import SCHEMA_VERSION

_EXTRA_METADATA: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("extra_metadata", default=())

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


def _arrow_type(annotation: Any) -> pa.DataType:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _arrow_type(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _arrow_type(inner)
    if origin is Literal:
        return pa.string()
    if origin is list:
        return pa.list_(_arrow_type(typing.get_args(annotation)[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(arrow_schema(annotation))
    return _SCALARS[annotation]


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of a record model, field for field, in declaration order."""
    hints = typing.get_type_hints(model, include_extras=True)
    return pa.schema([pa.field(name, _arrow_type(hints[name])) for name in model.model_fields])


def write_table(
    rows: Iterable[BaseModel],
    model: type[BaseModel],
    path: Path,
    sort_by: Sequence[str],
) -> int:
    """Write `rows` as a Parquet file at `path` atomically; return the number of rows."""
    records = sorted(
        (row.model_dump() for row in rows),
        key=lambda record: tuple(_sort_value(record[key]) for key in sort_by),
    )
    schema = arrow_schema(model).with_metadata(
        {
            "foi_extract.schema_version": SCHEMA_VERSION,
            "foi_extract.table": model.__name__,
            "foi_extract.version": __version__,
            **dict(_EXTRA_METADATA.get()),
        }
    )
    table = pa.Table.from_pylist(records, schema=schema)
    atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))
    return len(records)


@contextmanager
def extra_metadata(values: Mapping[str, str]) -> Iterator[None]:
    """Add `values` to the key-value metadata of every table written inside the block."""
    token = _EXTRA_METADATA.set(tuple(values.items()))
    try:
        yield
    finally:
        _EXTRA_METADATA.reset(token)


def _sort_value(value: Any) -> tuple[int, Any]:
    """Sort key that puts None first and never compares None with a value."""
    return (0, "") if value is None else (1, value)


def atomic_write(path: Path, write: typing.Callable[[str], object]) -> None:
    """Call `write(tmp_path)` then rename into place, so `path` is either old or complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

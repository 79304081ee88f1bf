"""Write validated rows to Parquet: typed schema from the Pydantic models, atomic, deterministic.

The Arrow schema is derived from the record models, so the models stay the one definition of
each table. Files are written to a temporary name and renamed, so a reader never sees half a
table; rows are sorted by the table's key so the same input gives byte-identical files. Inside
`with extra_metadata(...)`, every table written also carries those key-value pairs (a run's
fingerprint).

Every `PartialDate` column of a table (found by its type, not by name) is followed by two
`date32` columns, `<name>_from` and `<name>_to`: the first and last day of the period the string
states (`2028` -> 2028-01-01..2028-12-31), so SQL can compare dates. They exist only in the
tables: the models, and so the checkpoints, keep the string alone.

A run's tables change together (`table_set`): they are written into a staging folder, a
commit marker lists them, then each is renamed into place. A run killed before the marker
leaves the old tables; one killed after it is rolled forward by the next run (`recover`), so
the output folder never keeps tables from two runs, nor temporary files. Files are written
with the usual permissions (0644 under the common umask), not `mkstemp`'s private 0600.
"""

from __future__ import annotations

import calendar
import json
import os
import shutil
import tempfile
import threading
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from foi_extract import __version__
from foi_extract.records import SCHEMA_VERSION, StatedPeriod

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
        return pa.struct(_model_fields(annotation))
    return _SCALARS[annotation]


def _model_fields(model: type[BaseModel]) -> list[pa.Field]:
    """The Arrow fields of a model, field for field, in declaration order."""
    hints = typing.get_type_hints(model, include_extras=True)
    return [pa.field(name, _arrow_type(hints[name])) for name in model.model_fields]


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of a table of `model` rows: its fields in declaration order, each
    `PartialDate` field followed by its `_from` and `_to` date32 companions."""
    periods = set(period_fields(model))
    fields: list[pa.Field] = []
    for field in _model_fields(model):
        fields.append(field)
        if field.name in periods:
            fields += [pa.field(name, pa.date32()) for name in companions(field.name)]
    return pa.schema(fields)


def _is_partial_date(annotation: Any) -> bool:
    """Whether `annotation` is `PartialDate`, or `PartialDate | None`."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_partial_date(arg) for arg in typing.get_args(annotation))
    metadata = getattr(annotation, "__metadata__", ())
    return typing.get_origin(annotation) is typing.Annotated and any(
        isinstance(item, StatedPeriod) for item in metadata
    )


def period_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The top-level `PartialDate` fields of `model`, in declaration order (a nested model's
    dates get no companions: its struct is written field for field)."""
    hints = typing.get_type_hints(model, include_extras=True)
    return tuple(name for name in model.model_fields if _is_partial_date(hints[name]))


def companions(name: str) -> tuple[str, str]:
    """The names of the typed columns beside the date column `name`."""
    return f"{name}_from", f"{name}_to"


def period(value: str | None) -> tuple[date | None, date | None]:
    """The first and last day of the period a `PartialDate` states: `2028` is the year,
    `2028-02` the month (to the 29th in a leap year), `2028-03-31` that day alone. None, or a
    day the calendar lacks (`2027-02-30`, which the model's pattern lets through), gives
    (None, None)."""
    if value is None:
        return None, None
    parts = [int(part) for part in value.split("-")]
    year, month, day = parts + [0] * (3 - len(parts))
    try:
        if not month:
            return date(year, 1, 1), date(year, 12, 31)
        if not day:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None, None


def write_table(
    rows: Iterable[BaseModel],
    model: type[BaseModel],
    path: Path,
    sort_by: Sequence[str],
) -> int:
    """Write `rows` as a Parquet file at `path` atomically; return the number of rows."""
    with TableWriter(model, path, sort_by) as writer:
        writer.write(rows)
    return writer.rows


def _schema(model: type[BaseModel]) -> pa.Schema:
    return arrow_schema(model).with_metadata(
        {
            "foi_extract.schema_version": SCHEMA_VERSION,
            "foi_extract.table": model.__name__,
            "foi_extract.version": __version__,
            **dict(_EXTRA_METADATA.get()),
        }
    )


def release_arrow_memory() -> None:
    """Have Arrow allocate from the system allocator, which gives freed buffers back: its
    default (jemalloc or mimalloc) keeps them, so a long run's memory would grow with the
    row groups it has written."""
    pa.set_memory_pool(pa.system_memory_pool())


class TableWriter:
    """Write one table in batches, atomically: each `write` is sorted by the table's key and
    buffered; full buffers become row groups of a temporary file that is renamed into place
    when the writer closes (an exception leaves the old table). Memory holds one buffer, not
    the table; the same batches in the same order give byte-identical files."""

    def __init__(
        self,
        model: type[BaseModel],
        path: Path,
        sort_by: Sequence[str],
        rows_per_group: int = 2_000,
    ) -> None:
        self.schema = _schema(model)
        self.periods = period_fields(model)
        self.path, self.sort_by, self.rows_per_group = path, sort_by, rows_per_group
        self.rows = 0
        self._buffer: list[dict[str, Any]] = []
        self._file = ExitStack()  # the temporary file, renamed into place on a clean exit
        tmp = self._file.enter_context(atomic_path(path))
        self._writer = pq.ParquetWriter(tmp, self.schema, compression="zstd")

    def write(self, rows: Iterable[BaseModel]) -> None:
        """Add a batch of rows (sorted by the table's key within the batch)."""
        records = sorted(
            (self._record(row) for row in rows),
            key=lambda record: tuple(_sort_value(record[key]) for key in self.sort_by),
        )
        self._buffer += records
        self.rows += len(records)
        if len(self._buffer) >= self.rows_per_group:
            self._flush()

    def write_columns(self, rows: Sequence[BaseModel], columns: Mapping[str, pa.Array]) -> None:
        """Write `rows` as one row group, as `write` then closing would, except that each
        column named in `columns` is that Arrow array (one value per row, in the order of
        `rows`) instead of the rows' values: a large list column goes to the file without
        becoming Python objects. Call it once, on a writer given no other rows."""
        assert not self.rows, "write_columns writes a whole table"
        if not rows:
            return
        records = [self._record(row) for row in rows]
        order = sorted(
            range(len(records)),
            key=lambda i: tuple(_sort_value(records[i][key]) for key in self.sort_by),
        )
        table = pa.Table.from_pylist([records[i] for i in order], schema=self.schema)
        for name, values in columns.items():
            index = self.schema.get_field_index(name)
            table = table.set_column(index, self.schema.field(name), values.take(order))
        self._writer.write_table(table)
        self.rows = table.num_rows

    def _record(self, row: BaseModel) -> dict[str, Any]:
        """`row` as a table record: its fields and each date's `_from`/`_to` companions."""
        record = row.model_dump()
        for name in self.periods:
            first, last = companions(name)
            record[first], record[last] = period(record[name])
        return record

    def _flush(self) -> None:
        if self._buffer:
            self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema))
            self._buffer = []

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: types.TracebackType | None,
    ) -> None:
        with self._file:  # renames the file into place, or removes it after an exception
            if kind is None:
                self._flush()
                if not self.rows:  # an empty table still has its schema
                    self._writer.write_table(self.schema.empty_table())
            self._writer.close()
            if error is not None:
                raise error


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
    with atomic_path(path) as tmp:
        write(tmp)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """`atomic_write` for a small payload at hand, in the fewest system calls: a checkpoint is
    written for every file, so its cost counts. The temporary name is unique to this process
    and thread (of the shape recovery sweeps up), and `os.open` applies the umask itself."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileNotFoundError:  # a first write into a new folder
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(path: Path) -> Iterator[str]:
    """A temporary file beside `path`, renamed onto it when the block ends cleanly and removed
    when it raises, so `path` is either old or complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


STAGING = Path(".work") / "staging"
COMMIT_MARKER = Path(".work") / "commit.json"


@contextmanager
def table_set(out_dir: Path) -> Iterator[Path]:
    """A staging folder for a run's tables; when the block ends cleanly, every table in it
    replaces its namesake in `out_dir` as one step (see the module's docstring)."""
    recover(out_dir)
    staging = out_dir / STAGING
    staging.mkdir(parents=True)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    names = sorted(path.name for path in staging.iterdir() if path.suffix == ".parquet")
    atomic_write(out_dir / COMMIT_MARKER, lambda tmp: Path(tmp).write_text(json.dumps(names)))
    _finish_commit(out_dir)


def recover(out_dir: Path) -> None:
    """Finish the table commit a killed run began, and remove what an unfinished write left:
    the staging folder and temporary files beside the tables and checkpoints."""
    if (out_dir / COMMIT_MARKER).is_file():
        _finish_commit(out_dir)
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)
    for leftover in [*out_dir.glob(".*.parquet.*.tmp"), *out_dir.glob(".work/*/.*.tmp")]:
        leftover.unlink(missing_ok=True)


def _finish_commit(out_dir: Path) -> None:
    """Move every table the marker lists from staging into place (those not moved yet), then
    drop the marker and the staging folder."""
    marker = out_dir / COMMIT_MARKER
    try:
        names = [str(name) for name in json.loads(marker.read_text())]
    except (OSError, ValueError):
        names = []
    for name in names:
        staged = out_dir / STAGING / Path(name).name
        if staged.is_file():
            os.replace(staged, out_dir / Path(name).name)
    marker.unlink(missing_ok=True)
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)

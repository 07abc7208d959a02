"""Streaming readers for one-article-a-record inputs: JSONL, JSON and CSV/TSV."""

from __future__ import annotations

import csv
import json
import zlib
from collections.abc import Iterator, Mapping
from typing import BinaryIO

from newsloom.errors import ReadError
from newsloom.models import Failure, RawInput
from newsloom.read.charset import decode_bytes
from newsloom.read.options import ReadOptions

__all__ = ["iter_csv", "iter_json", "iter_jsonl", "map_fields", "record_id", "scalar_text"]

# Errors a (possibly gzip-compressed) stream raises when it breaks part-way.
_STREAM_ERRORS = (OSError, EOFError, zlib.error)


def map_fields(record: Mapping[str, object], field_map: Mapping[str, str]) -> dict[str, object]:
    """Rename a record's keys by ``field_map``; a renamed key wins over one already so named."""
    mapped = {key: value for key, value in record.items() if key not in field_map}
    for key, value in record.items():
        if key in field_map:
            mapped[field_map[key]] = value
    return mapped


def scalar_text(value: object) -> str | None:
    """A record value as text: strings and numbers; None for empty, null or nested values."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def record_id(record: Mapping[str, object], field_map: Mapping[str, str]) -> str | None:
    """The ``id`` of a record after field mapping, if it has one."""
    return scalar_text(map_fields(record, field_map).get("id"))


def _json_kind(value: object) -> str:
    names = {list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1 << 16)
        if not chunk or chunk.endswith(b"\n"):
            return


def iter_jsonl(
    stream: BinaryIO, origin: str, stem: str, options: ReadOptions
) -> Iterator[RawInput | Failure]:
    """One RawInput per JSONL line, a Failure per malformed or oversized line."""
    cap = options.max_record_bytes
    lineno = 0
    while True:
        try:
            line = stream.readline(cap + 1)
            lineno += 1
            where = f"{origin}:{lineno}"
            if not line:
                return
            content = line.rstrip(b"\r\n")
            if len(content) > cap:
                if not line.endswith(b"\n"):
                    _skip_rest_of_line(stream)
                yield Failure(
                    origin=where,
                    stage="read",
                    reason=f"line {lineno} is over the {cap:,}-byte max_record_bytes cap; skipped",
                )
                continue
        except _STREAM_ERRORS as exc:
            raise ReadError(origin, f"stream breaks after {lineno} lines: {exc}") from exc
        if not content.strip():
            continue
        try:
            record = json.loads(decode_bytes(content))
        except json.JSONDecodeError as exc:
            reason = f"malformed JSON on line {lineno}: {exc.msg} (column {exc.colno})"
            yield Failure(origin=where, stage="read", reason=reason)
            continue
        except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
            reason = f"unreadable JSON on line {lineno}: {exc}"
            yield Failure(origin=where, stage="read", reason=reason)
            continue
        if not isinstance(record, dict):
            reason = f"line {lineno} is a JSON {_json_kind(record)}, not an object"
            yield Failure(origin=where, stage="read", reason=reason)
            continue
        source_id = record_id(record, options.field_map) or f"{stem}:{lineno}"
        yield RawInput(origin=where, source_id=source_id, kind="record", payload=content)


def iter_json(
    data: bytes, origin: str, stem: str, options: ReadOptions
) -> Iterator[RawInput | Failure]:
    """Records from one JSON document: an object, or an array of objects."""
    try:
        parsed = json.loads(decode_bytes(data))
    except json.JSONDecodeError as exc:
        reason = f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise ReadError(origin, reason) from exc
    except (ValueError, RecursionError) as exc:
        raise ReadError(origin, f"unreadable JSON: {exc}") from exc
    if isinstance(parsed, dict):
        source_id = record_id(parsed, options.field_map) or stem
        yield RawInput(origin=origin, source_id=source_id, kind="record", payload=data.strip())
        return
    if not isinstance(parsed, list):
        raise ReadError(origin, f"JSON file holds a {_json_kind(parsed)}, not an object or array")
    for index, item in enumerate(parsed, start=1):
        where = f"{origin}#{index}"
        if not isinstance(item, dict):
            reason = f"array item {index} is a JSON {_json_kind(item)}, not an object"
            yield Failure(origin=where, stage="read", reason=reason)
            continue
        source_id = record_id(item, options.field_map) or f"{stem}#{index}"
        payload = json.dumps(item, ensure_ascii=False).encode()
        yield RawInput(origin=where, source_id=source_id, kind="record", payload=payload)


class _RowTooLarge(Exception):
    """A CSV row grew past max_record_bytes."""


class _CountedLines:
    """Decoded lines of a byte stream, counting lines and the bytes of the current row."""

    def __init__(self, stream: BinaryIO, cap: int) -> None:
        self.stream = stream
        self.cap = cap
        self.lines = 0
        self.row_bytes = 0

    def __iter__(self) -> Iterator[str]:
        while True:
            line = self.stream.readline(self.cap + 1)
            if not line:
                return
            self.lines += 1
            self.row_bytes += len(line)
            if self.row_bytes > self.cap:
                raise _RowTooLarge
            # Per line, so one cp1252 row does not spoil a utf-8 file.
            yield decode_bytes(line)


def iter_csv(
    stream: BinaryIO, origin: str, stem: str, options: ReadOptions, delimiter: str = ","
) -> Iterator[RawInput | Failure]:
    """One RawInput per CSV/TSV row (as a JSON object of its named columns)."""
    cap = options.max_record_bytes
    # The csv module's limit is process-wide; only ever raise it, to our own row cap,
    # so that a long article body in one cell is not refused at the default 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), cap))
    lines = _CountedLines(stream, cap)
    reader = csv.DictReader(iter(lines), delimiter=delimiter)
    try:
        header = reader.fieldnames
    except _RowTooLarge as exc:
        reason = f"header row is over the {cap:,}-byte max_record_bytes cap"
        raise ReadError(origin, reason) from exc
    except csv.Error as exc:
        raise ReadError(origin, f"malformed CSV header: {exc}") from exc
    except _STREAM_ERRORS as exc:
        raise ReadError(origin, f"stream breaks in the header: {exc}") from exc
    if not header:
        raise ReadError(origin, "CSV file has no header row")
    while True:
        start = lines.lines + 1
        lines.row_bytes = 0
        where = f"{origin}:{start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except _RowTooLarge:
            reason = (
                f"row at line {start} is over the {cap:,}-byte max_record_bytes cap; "
                "the rest of the file is skipped"
            )
            yield Failure(origin=where, stage="read", reason=reason)
            return
        except csv.Error as exc:
            reason = f"malformed CSV row at line {start}: {exc}"
            yield Failure(origin=where, stage="read", reason=reason)
            continue
        except _STREAM_ERRORS as exc:
            raise ReadError(origin, f"stream breaks at line {start}: {exc}") from exc
        # Cells beyond the header (key None) and missing cells (value None) are dropped.
        record = {key: value for key, value in row.items() if key is not None and value is not None}
        source_id = record_id(record, options.field_map) or f"{stem}:{start}"
        payload = json.dumps(record, ensure_ascii=False).encode()
        yield RawInput(origin=where, source_id=source_id, kind="record", payload=payload)

"""The configuration in force: one frozen options object per stage, loaded from TOML."""

from __future__ import annotations

import dataclasses
import json
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsloom.analyse import AnalyseOptions
from newsloom.clean import CleanOptions
from newsloom.cluster import ClusterOptions
from newsloom.coding import EventOptions
from newsloom.compare import CompareOptions
from newsloom.consolidate import EntityOptions, StatementOptions
from newsloom.dedup import DedupOptions
from newsloom.embed import EmbedOptions
from newsloom.errors import ConfigError
from newsloom.read import ReadOptions
from newsloom.summarise import SummaryOptions

__all__ = ["NONE", "Config", "IngestOptions", "load_config"]

NONE = "none"  # how a TOML file turns off an option that takes None, e.g. orphan_margin


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How the pipeline runs: batch size and parallelism."""

    # articles per transaction (a kill loses at most one batch); 0: 1024 without NLP,
    # where each commit's page writes are a fifth of the ingesting process's time, and 256
    # with it, where an article costs a hundred times more to redo
    batch_size: int = 0
    workers: int = 0  # processes for per-article stages; 0 = one per core, 1 = in-process
    nlp: bool = True  # parse articles (entities, quotes, events) and derive story tables
    # cluster in a process of its own, overlapped with dedup and store writes (with
    # workers, on a SQLite store, where processes can fork); the results are the same
    cluster_process: bool = True

    def articles_per_batch(self) -> int:
        """The batch size in force (``batch_size``, or its default for the NLP setting)."""
        if self.batch_size > 0:
            return self.batch_size
        return 256 if self.nlp else 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Every stage's options; ``[stage]`` tables of the TOML file override defaults."""

    read: ReadOptions = field(default_factory=ReadOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    dedup: DedupOptions = field(default_factory=DedupOptions)
    embed: EmbedOptions = field(default_factory=EmbedOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    analyse: AnalyseOptions = field(default_factory=AnalyseOptions)
    entities: EntityOptions = field(default_factory=EntityOptions)
    statements: StatementOptions = field(default_factory=StatementOptions)
    events: EventOptions = field(default_factory=EventOptions)
    compare: CompareOptions = field(default_factory=CompareOptions)
    summary: SummaryOptions = field(default_factory=SummaryOptions)
    ingest: IngestOptions = field(default_factory=IngestOptions)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """The configuration as plain tables, one per stage."""
        return {f.name: dataclasses.asdict(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def to_toml(self) -> str:
        """The configuration as a TOML document that ``load_config`` reads back."""
        lines: list[str] = []
        for table, values in self.to_dict().items():
            lines.append(f"[{table}]")
            hints = typing.get_type_hints(type(getattr(self, table)))
            for key, value in values.items():
                if value is None and _none_spelling(hints[key]):
                    lines.append(f'{key} = "{NONE}"')
                elif value is None:
                    # TOML has no null: an unset option is shown commented out
                    lines.append(f"# {key} = (unset)")
                else:
                    lines.append(f"{key} = {_toml_value(value)}")
            lines.append("")
        return "\n".join(lines)

    def fingerprint(self) -> str:
        """A stable JSON rendering, stored with a store to tell which config built it."""
        return json.dumps(self.to_dict(), sort_keys=True, default=_jsonable)

    @classmethod
    def from_dict(cls, tables: dict[str, Any], where: str = "config") -> Config:
        """Build a config from ``{stage: {option: value}}``, rejecting unknown names."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        parts: dict[str, Any] = {}
        for table, values in tables.items():
            if table not in known:
                raise ConfigError(
                    f"{where}: unknown table [{table}]; known tables: {', '.join(sorted(known))}"
                )
            if not isinstance(values, dict):
                raise ConfigError(f"{where}: [{table}] must be a table of options")
            options_cls = _options_class(known[table])
            parts[table] = _build_options(options_cls, values, f"{where} [{table}]")
        return cls(**parts)


def load_config(path: str | Path | None) -> Config:
    """Read a TOML config file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    file = Path(path)
    try:
        tables = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{file}: config file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: not valid TOML ({exc})") from None
    return Config.from_dict(tables, where=str(file))


def _options_class(f: dataclasses.Field[Any]) -> type:
    factory = f.default_factory
    if factory is dataclasses.MISSING or not isinstance(factory, type):
        raise ConfigError(f"config table {f.name} has no options class")
    return factory


def _build_options(options_cls: type, values: dict[str, Any], where: str) -> Any:
    fields = {f.name: f for f in dataclasses.fields(options_cls)}
    hints = typing.get_type_hints(options_cls)
    values = dict(values)
    for key, value in values.items():
        if key not in fields:
            raise ConfigError(
                f"{where}: unknown option {key!r}; known options: {', '.join(sorted(fields))}"
            )
        if value == NONE and _none_spelling(hints[key]):
            values[key] = value = None
        if not _fits(value, hints[key]):
            raise ConfigError(
                f"{where}: option {key!r} must be {_describe(hints[key])}, got {value!r}"
            )
    converted = {k: _convert(v, hints[k]) for k, v in values.items()}
    try:
        return options_cls(**converted)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _convert(value: Any, hint: Any) -> Any:
    """TOML arrays become the tuple or frozenset an option is declared as."""
    origin = typing.get_origin(hint)
    if origin is frozenset:
        return frozenset(value)
    if origin is tuple:
        return tuple(value)
    return value


def _none_spelling(hint: Any) -> bool:
    """Whether TOML (which has no null) may write ``"none"`` for this option's None: for
    options such as ``orphan_margin: float | None``, not for strings, where it is a value."""
    args = typing.get_args(hint)
    return type(None) in args and not any(arg is str for arg in args)


def _describe(hint: Any) -> str:
    """An option's annotation in TOML words: 'an integer', 'a string or unset'."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        words = [_describe(arg) for arg in typing.get_args(hint)]
        if _none_spelling(hint):
            words = [f'"{NONE}" (off)' if w == "unset" else w for w in words]
        return " or ".join(words)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(arg) for arg in typing.get_args(hint))
    if origin in (tuple, list, frozenset, set):
        return "an array"
    names = {
        type(None): "unset",
        bool: "true or false",
        int: "an integer",
        float: "a number",
        str: "a string",
        dict: "a table",
    }
    return names.get(origin or hint, str(hint))


def _fits(value: Any, hint: Any) -> bool:
    """Whether a TOML value fits an option's annotation (ints fit floats)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin is dict:
        return isinstance(value, dict)
    if origin in (tuple, list, frozenset, set):
        return isinstance(value, list | tuple)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def _jsonable(value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot render {type(value).__name__} in a config fingerprint")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, frozenset | set):
        value = sorted(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value))

"""The read stage's options."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsloom.errors import ConfigError

__all__ = ["ReadOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How inputs are found, fetched, capped and mapped onto newsloom's fields."""

    field_map: dict[str, str] = field(default_factory=dict)  # input column -> newsloom field
    max_file_bytes: int = 20_000_000  # a text/HTML/feed file larger than this is refused
    max_record_bytes: int = 5_000_000  # cap on one JSONL line, CSV row or WARC payload
    fetch_timeout: float = 15.0  # seconds for a whole URL fetch, connect to last byte
    fetch_max_bytes: int = 10_000_000  # a fetched body larger than this is abandoned
    allow_private: bool = False  # fetch loopback/private/link-local/reserved addresses
    user_agent: str = "newsloom"  # User-Agent header sent with fetches

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_record_bytes", "fetch_max_bytes"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"read.{name} must be a positive number of bytes")
        if self.fetch_timeout <= 0:
            raise ConfigError("read.fetch_timeout must be a positive number of seconds")
        for key, value in self.field_map.items():
            if not isinstance(key, str) or not isinstance(value, str) or not key or not value:
                raise ConfigError(
                    f"read.field_map must map non-empty names to names, got {key!r} -> {value!r}"
                )

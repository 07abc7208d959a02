"""Options of the clean stage."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsloom.errors import ConfigError

__all__ = ["CleanOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanOptions:
    """How the clean stage repairs text, drops boilerplate and reads metadata."""

    min_chars: int = 200  # a clean text shorter than this raises CleanError
    repeated_min_articles: int = 5  # a line seen in at least this many articles of one outlet ...
    repeated_min_share: float = 0.3  # ... and in at least this share of them is boilerplate
    repeated_max_removed_share: float = 0.5  # more "repeated" text than this is a repost
    detect_language: bool = True  # run the language detector when the input names no language
    default_timezone: str = "UTC"  # naive dates are read in it, aware dates converted to it
    future_tolerance_days: int = 2  # dates later than now plus this many days are refused
    top_lines: int = 10  # how many non-empty lines at the top may hold kickers, titles, bylines

    def __post_init__(self) -> None:
        if self.min_chars < 0:
            raise ConfigError(f"[clean] min_chars must be >= 0, got {self.min_chars}")
        if self.repeated_min_articles < 1:
            raise ConfigError(
                f"[clean] repeated_min_articles must be >= 1, got {self.repeated_min_articles}"
            )
        if not 0.0 < self.repeated_min_share <= 1.0:
            raise ConfigError(
                f"[clean] repeated_min_share must be in (0, 1], got {self.repeated_min_share}"
            )
        if not 0.0 < self.repeated_max_removed_share <= 1.0:
            raise ConfigError(
                "[clean] repeated_max_removed_share must be in (0, 1], "
                f"got {self.repeated_max_removed_share}"
            )
        if self.future_tolerance_days < 0:
            raise ConfigError(
                f"[clean] future_tolerance_days must be >= 0, got {self.future_tolerance_days}"
            )
        if self.top_lines < 0:
            raise ConfigError(f"[clean] top_lines must be >= 0, got {self.top_lines}")
        try:
            ZoneInfo(self.default_timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(
                f"[clean] default_timezone {self.default_timezone!r} is not a known time zone"
            ) from exc

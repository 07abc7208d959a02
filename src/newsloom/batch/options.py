"""Options of a batch run: time blocks for clustering, parallelism, the Spark master."""

from __future__ import annotations

from dataclasses import dataclass

from newsloom.errors import ConfigError

__all__ = ["BatchOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchOptions:
    """How a batch run splits its work; the same options give the same output on any engine."""

    # Events are clustered in time blocks of this many days, each block on its own; an
    # article dated in the first ``overlap_days`` of a block is clustered in the block
    # before too, and the events it lands in on both sides are joined. Longer blocks are
    # closer to one sequential pass (one block = exactly the ingest's clusterer), shorter
    # ones spread the work over more workers.
    block_days: float = 60.0
    overlap_days: float = 7.0  # the clusterer's event window: an event rarely spans more
    workers: int = 1  # local engine: processes for the per-article stages (0 = one per core)
    master: str = "local[2]"  # spark engine: the master URL
    partitions: int = 0  # spark engine: partitions of the per-article stage (0 = 4 x cores)

    def __post_init__(self) -> None:
        if self.block_days <= 0:
            raise ConfigError(f"batch block_days must be > 0, got {self.block_days}")
        if not 0 <= self.overlap_days < self.block_days:
            raise ConfigError(
                f"batch overlap_days must be in [0, block_days), got {self.overlap_days}"
            )
        if self.workers < 0 or self.partitions < 0:
            raise ConfigError("batch workers and partitions must be >= 0")

"""Cluster stage: articles into events (one happening) and storylines (related events)."""

from newsloom.cluster.features import ArticleFeatures, extract_features, parse_timestamp
from newsloom.cluster.online import ClusterOptions, OnlineClusterer

__all__ = [
    "ArticleFeatures",
    "ClusterOptions",
    "OnlineClusterer",
    "extract_features",
    "parse_timestamp",
]

"""The analyse stage: sentences, entity mentions, quotes, speakers and coreference per article."""

from __future__ import annotations

from newsloom.analyse.analyser import Analyser, analyse_doc
from newsloom.analyse.options import AnalyseOptions
from newsloom.analyse.records import Analysis, Mention, Quote, QuoteKind

__all__ = ["AnalyseOptions", "Analyser", "Analysis", "Mention", "Quote", "QuoteKind", "analyse_doc"]

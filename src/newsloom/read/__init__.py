"""The read stage: files, folders, URLs and stdin to RawInputs, and RawInputs to Documents.

``read_sources`` finds and reads inputs (text, HTML, JSONL, JSON, CSV/TSV, RSS/Atom,
WARC, http(s) URLs, standard input) and yields one ``RawInput`` per article or one
``Failure`` per input it cannot use. ``decode`` turns one ``RawInput`` into a
``Document``: header lines of text files, HTML main text and metadata, record fields.
"""

from newsloom.read.decode import decode
from newsloom.read.options import ReadOptions
from newsloom.read.sources import read_sources

__all__ = ["ReadOptions", "decode", "read_sources"]

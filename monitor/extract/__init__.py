"""Extraction: figure claims (and statements) from article text.

``parse_numbers`` reads numbers and intervals; :class:`Extractor` adds what is
counted, who says it and how hedged, from spaCy's dependency parse.
"""

from __future__ import annotations

from .extractor import Extractor
from .nlp import load_pipeline

__all__ = ["Extractor", "load_pipeline"]

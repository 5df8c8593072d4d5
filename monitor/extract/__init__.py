"""Extraction: figure claims (and statements) from article text. Pure: text in, records out.

``parse_numbers`` reads numbers and intervals; :class:`Extractor` adds what is
counted, who says it and how hedged, from spaCy's dependency parse;
:class:`~monitor.extract.statements.StatementFinder` finds statements on the
config's propositions; :func:`build_extractor` puts them together for a config.
"""

from __future__ import annotations

from .build import build_extractor
from .extractor import Extractor
from .nlp import load_pipeline

__all__ = ["Extractor", "build_extractor", "load_pipeline"]

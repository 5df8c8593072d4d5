"""The extractor a config asks for: the spaCy pipeline it names, and a statement finder for its propositions."""

from __future__ import annotations

from typing import Any

from ..config import MonitorConfig
from .extractor import Extractor
from .nlp import load_pipeline
from .statements import StatementFinder


def build_extractor(config: MonitorConfig, nlp: Any = None) -> Extractor:
    """The :class:`Extractor` for ``config`` (``nlp``: a loaded spaCy pipeline to reuse instead of loading one)."""
    finder = StatementFinder(config) if any(t.propositions for t in config.topics) else None
    nlp = nlp if nlp is not None else load_pipeline(config.nlp.pipelines)
    return Extractor(nlp, batch_size=config.nlp.batch_size, statement_finder=finder)

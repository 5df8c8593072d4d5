"""Loading the spaCy pipeline: the first of the configured names that loads."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from ..config import DEFAULT_PIPELINES
from ..errors import NLPUnavailable
from .attribute_rules import speed_up

__all__ = ["DEFAULT_PIPELINES", "load_pipeline", "use_numpy_blas"]
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
    ruler gets a faster matcher with the same results (see ``attribute_rules``),
    and matrix products go through numpy's BLAS (see :func:`use_numpy_blas`).
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
            use_numpy_blas(nlp)
            _cache[key] = nlp
            return nlp
        raise NLPUnavailable(_INSTALL_HINT.format(names=", ".join(names)))


_FAST_BLAS = ("openblas", "mkl")


def use_numpy_blas(nlp: Any) -> bool:
    """Have the pipeline's models multiply matrices with numpy's BLAS on one thread.

    thinc multiplies with its bundled BLIS by default, which on the machines we
    measured reached a third of the speed of the OpenBLAS that numpy ships:
    two thirds of a parse are matrix products. ``NumpyOps(use_blis=False)`` is
    thinc's own switch to numpy; the parses are the same (checked on 5,000
    sentences). The BLAS is held to one thread because a second one costs more
    CPU than it saves on matrices this small, and the daemon has one worker.
    Nothing changes when numpy's BLAS is not one known to be fast.
    """
    try:
        from thinc.api import NumpyOps
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        return False
    import numpy  # noqa: F401  (loads the BLAS that threadpoolctl looks for)

    if not any(p.get("user_api") == "blas" and p.get("internal_api") in _FAST_BLAS for p in threadpool_info()):
        return False
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return True

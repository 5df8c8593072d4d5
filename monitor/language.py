"""Which language an article is in, so that only English text reaches the English parser.

The extractor's rules and its spaCy pipeline are English: a German or French
article run through them yields garbage counted nouns and misses its figures.
:func:`foreign_language` looks at a bounded sample of the text with py3langid
(the detector trafilatura uses; its model ships inside the wheel, nothing is
downloaded) and names the language only when it is confidently not English.
Short texts give the detector too little to go on, and an English article full
of foreign names or a quoted sentence must never be dropped, so anything
uncertain counts as English.
"""

from __future__ import annotations

import io
import lzma
import threading
from array import array
from typing import Any

from .errors import MonitorError

SUPPORTED = frozenset({"en"})
"""Languages the extractor parses (ISO 639-1)."""

SAMPLE_CHARS = 1500
"""Characters of the text looked at: the cost stays ~0.3 ms however long the article."""

MIN_LETTERS = 150
"""Below this many letters in the sample, the detector's guess is not trusted (the article is parsed)."""

MIN_CONFIDENCE = 0.95
"""Normalised probability the detected language must reach before an article is skipped."""

_lock = threading.Lock()
_identifier: Any = None


def _detector() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            _identifier = _load_identifier()
        return _identifier


def _load_identifier() -> Any:
    """py3langid's identifier, its model unpacked in memory.

    py3langid's own loader unpacks the 68 MB model into a temporary file first, which
    fails on a full disk or a read-only /tmp; this reads the same arrays from memory.
    """
    # Here, with the model, not at import: only a writer with topics loads the detector.
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    path = MODEL_DIR / MODEL_FILE
    try:
        with lzma.open(path) as src:
            raw = io.BytesIO(src.read())
        with np.load(raw, allow_pickle=False) as data:
            arrays = {k: data[k] for k in ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")}
    except (OSError, EOFError, lzma.LZMAError, KeyError, ValueError) as exc:
        raise MonitorError(f"cannot load the language detector's model {path}: {exc} (reinstall py3langid)") from None
    del raw  # the packed model goes before the automaton is copied out, which keeps the peak lower
    return LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        arrays.pop("classes").tolist(),
        _as_array(arrays.pop("nextmove")),
        arrays.pop("out_feat").tolist(),
        norm_probs=True,
        tk_row=_as_array(arrays.pop("nextmove_row")),
    )


def _as_array(arr: Any) -> array:
    """An unsigned integer numpy array as the stdlib array py3langid walks its automaton with."""
    import numpy as np  # loaded with the model, see _load_identifier

    out = array({2: "H", 4: "I", 8: "L"}[arr.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(arr)).cast("B"))
    return out


def load() -> None:
    """Load the detector's model now (~0.5 s) rather than at the first article that needs it."""
    _detector()


def sample(text: str, title: str | None = None) -> str:
    """The part of an article the detector reads: the title and the start of the text."""
    head = f"{title}\n{text}" if title else text
    return head[:SAMPLE_CHARS]


def detect(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` (ISO 639 code) and its normalised probability."""
    lang, confidence = _detector().classify(text)
    return str(lang), float(confidence)


def foreign_language(text: str, title: str | None = None) -> str | None:
    """The language of an article when it is confidently one the extractor does not parse, else ``None``."""
    part = sample(text, title)
    if sum(ch.isalpha() for ch in part) < MIN_LETTERS:
        return None
    lang, confidence = detect(part)
    if lang in SUPPORTED or confidence < MIN_CONFIDENCE:
        return None
    return lang

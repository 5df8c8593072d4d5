"""news-monitor: alerts when a newly reported figure or claim contradicts what other sources said.

The public API, importable from here (loaded on first use, so the command line starts fast)::

    from monitor import load_config, open_pipeline, read_document
    pipe = open_pipeline(load_config("config/monitor.yaml"), "state")
    outcome = pipe.process(read_document("article.txt"))
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Document": "records",
    "Claim": "records",
    "Statement": "records",
    "Alert": "alerts",
    "MonitorConfig": "config",
    "load_config": "config",
    "validate_config": "config",
    "ConfigError": "errors",
    "MonitorError": "errors",
    "Store": "store",
    "StateStore": "store",
    "Pipeline": "pipeline",
    "open_pipeline": "pipeline",
    "read_document": "documents",
    "Extractor": "extract",
    "parse_numbers": "extract.numbers",
    "Linker": "link",
    "Verdict": "consensus",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'monitor' has no attribute {name!r}")

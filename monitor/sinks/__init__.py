"""Alert sinks: where alerts go after the store commits (the JSONL log, notifiers)."""

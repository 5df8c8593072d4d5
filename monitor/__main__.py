"""``python -m monitor`` runs the ``monitor`` command."""

from .cli import main

if __name__ == "__main__":  # extraction helpers are spawned and re-import this module under another name
    main()

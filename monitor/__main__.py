"""``python -m monitor`` runs the ``monitor`` command."""

from .cli import main

if __name__ == "__main__":  # importing it (tools, multiprocessing) must not start the CLI
    main()

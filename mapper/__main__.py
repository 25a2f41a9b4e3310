"""``python -m mapper`` runs the command line."""

from mapper.cli import entry_point

entry_point()

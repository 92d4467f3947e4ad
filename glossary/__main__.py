"""``python -m glossary``: the same as the ``glossary`` command."""
from glossary_cli.main import run

run()

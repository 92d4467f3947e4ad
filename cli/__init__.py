"""The click front end of glossary, installed as the package ``glossary_cli``."""

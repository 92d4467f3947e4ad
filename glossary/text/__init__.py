"""Text handling shared by lookup, scan and check: normalisation, tokens, scripts, word forms."""
from .normalise import fold, match_key, nfc, tokens

__all__ = ["fold", "match_key", "nfc", "tokens"]

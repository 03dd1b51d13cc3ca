"""Error hierarchy: bad input from a user (or a model) versus bugs in the code.

Everything a user can cause raises an `OmniJetError` subclass whose message names the file,
field or value at fault; the CLI prints it as one line. Internal invariants use `assert`.
"""


class OmniJetError(Exception):
    """Base class of all user-facing errors."""


class DataError(OmniJetError):
    """Missing, truncated or wrongly shaped data file (names the file and branch/column)."""


class ConfigError(OmniJetError):
    """Impossible or unknown option (names the option and value)."""


class CheckpointError(OmniJetError):
    """Missing, corrupt or incompatible checkpoint."""

"""The one preset type of the project: model and sample sizes come in three scales.

- tiny: seconds to minutes on a laptop CPU (trying the tool, tests);
- small: minutes to an hour on a CPU;
- paper: the OmniJet-alpha paper's sizes (GPUs).

Every layer (omnijet configs and CLI, tools, agents) takes its `Preset` and checks values
with `check_preset`, so one misspelt preset gives the same one-line error everywhere.
"""

from __future__ import annotations

from typing import Literal, get_args

from omnijet.errors import ConfigError

Preset = Literal["tiny", "small", "paper"]
PRESETS: tuple[str, ...] = get_args(Preset)


def check_preset(value: str, what: str = "preset") -> Preset:
    """`value` as a Preset, or ConfigError naming `what` and the choices."""
    if value not in PRESETS:
        raise ConfigError(f"{what}: unknown preset {value!r} (choose {', '.join(PRESETS)})")
    return value  # type: ignore[return-value]

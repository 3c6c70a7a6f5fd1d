"""Writing an instrument back to YAML that people can read and review.

Keys keep the model's order, defaults are left out, and text stays readable
(Unicode as is, long lines unwrapped). ``load(dump(i)) == i`` for every valid
instrument; the hypothesis tests hold us to that.
"""

from __future__ import annotations

from typing import Any

import yaml

from instruments.model import Instrument


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


_FIRST = ("id", "code", "type")


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        # id, code and type first: that is how people scan a questionnaire file.
        keys = [k for k in _FIRST if k in value] + [k for k in value if k not in _FIRST]
        return {k: _clean(value[k]) for k in keys if value[k] is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def to_data(instrument: Instrument) -> dict[str, Any]:
    """The instrument as plain data with defaults left out (``type`` has none, so it stays)."""
    return _clean(instrument.model_dump(mode="json", exclude_defaults=True))  # type: ignore[no-any-return]


def dump_instrument(instrument: Instrument, header: str | None = None) -> str:
    """YAML text of the instrument; ``header`` lines are written first as comments."""
    text = yaml.dump(
        to_data(instrument),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )
    if header:
        comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
        text = comment + text
    return text

"""Keyword arguments → the command line's arguments, by name: ``min_df=2`` is
``--min-df 2``. The command line's own definitions parse them (in the native module), so
every option, default, check and message is the command line's; this module only spells
values and builds docstrings from those definitions."""

from __future__ import annotations

import os
import textwrap
from typing import Any, Dict, Iterable, List, Mapping, Optional

from . import _native

_SPECS: Dict[str, Dict[str, dict]] = {}


def options(command: str) -> Dict[str, dict]:
    """The options of ``standpoint COMMAND`` by keyword name."""
    if command not in _SPECS:
        _SPECS[command] = {o["name"]: o for o in _native.command_options(command)}
    return _SPECS[command]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        raise TypeError(f"expected a value, not {value!r}")
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (tuple, list)):
        # A range such as ngram=(1, 2) is written MIN,MAX.
        return ",".join(str(v) for v in value)
    return str(value)


def _values(name: str, value: Any) -> List[str]:
    """A repeatable option's values: one value, a list of them, or a mapping
    (``where={"split": "train"}`` → ``split=train``; ``lines={"a.pos": "positive"}``)."""
    if isinstance(value, Mapping):
        return [f"{_text(k)}={_text(v)}" for k, v in value.items()]
    if isinstance(value, (str, bytes, os.PathLike)) or not isinstance(value, Iterable):
        return [_text(value)]
    return [_text(v) for v in value]


def argv(command: str, function: str, kwargs: Mapping[str, Any], exclude: Iterable[str] = ()) -> List[str]:
    """The arguments of ``standpoint COMMAND`` for ``function(**kwargs)``; ``None`` leaves
    an option at its default; an unknown name is a ``TypeError`` as Python raises it."""
    spec = options(command)
    excluded = set(exclude)
    out: List[str] = []
    for name, value in kwargs.items():
        if value is None:
            continue
        o = spec.get(name)
        if o is None or name in excluded:
            raise TypeError(f"{function}() got an unexpected keyword argument '{name}'")
        if o["kind"] == "flag":
            if not isinstance(value, bool):
                raise TypeError(f"{function}(): {name} is a flag: pass True or False, not {value!r}")
            if value:
                out.append(o["flag"])
        elif o["kind"] == "values":
            # FLAG=VALUE, so that a value such as -1 is not read as an option.
            out += [f"{o['flag']}={v}" for v in _values(name, value)]
        else:
            out.append(f"{o['flag']}={_text(value)}")
    return out


def describe(command: str, exclude: Iterable[str] = ()) -> str:
    """The options of ``standpoint COMMAND`` as a docstring section, from the command
    line's help: each keyword, the values it takes, its default and its help text."""
    excluded = set(exclude)
    lines: List[str] = []
    heading: Optional[str] = "-"
    for o in options(command).values():
        if o["name"] in excluded:
            continue
        if o["heading"] != heading:
            heading = o["heading"]
            lines += ["", f"    {heading or 'Options'} (the command line's ``--{command}`` options, by name):"
                      .replace(f"``--{command}``", f"``standpoint {command}``")]
        value = o["value_name"] if o["value_name"] and o["value_name"] != o["name"].upper() else "str"
        kind = {"flag": "bool", "values": f"list of {value}"}.get(o["kind"], value)
        head = f"{o['name']}: {kind}"
        if o["default"]:
            head += f" = {', '.join(o['default'])}"
        if o["choices"]:
            head += f" (one of {', '.join(o['choices'])})"
        lines.append("        " + head)
        body = " ".join(o["help"].split())
        lines += textwrap.wrap(body, width=88, initial_indent="            ", subsequent_indent="            ")
    return "\n".join(lines)

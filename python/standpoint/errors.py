"""The exceptions standpoint raises. Each carries the message the command line prints
after ``standpoint: error:`` — the file (or ``<input>`` for data held in Python) and line,
and what was expected.

``StandpointError`` is the base of them all; each is also the built-in exception that
fits, so ``except ValueError`` or ``except OSError`` catches them too.
"""


class StandpointError(Exception):
    """Base class of standpoint's errors."""


class InputError(StandpointError, ValueError):
    """Input without the expected form: an empty article, a field that is not a string,
    invalid UTF-8, a malformed line or label — the message names the file (``<input>``
    for data passed from Python, item ``i`` being line ``i + 1``) and the line or byte."""


class ParameterError(StandpointError, ValueError):
    """An option or setting that cannot work (``alpha=-1``, an unknown ``cv`` scheme)."""


class DataError(StandpointError, ValueError):
    """Inputs that disagree with each other: conflicting labels, a repeated article id."""


class FitError(StandpointError, RuntimeError):
    """A model fit that failed or produced a useless model."""


class FileError(StandpointError, OSError):
    """An operating-system error reading or writing a path (named in the message)."""


__all__ = [
    "StandpointError",
    "InputError",
    "ParameterError",
    "DataError",
    "FitError",
    "FileError",
]

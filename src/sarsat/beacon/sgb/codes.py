"""Code tables of the SGB message, with labels that give the code back.

A :class:`CodeTable` names the codes a T.018 table defines; the codes it leaves spare or
reserved are labelled with their bits, e.g. ``"spare (0010)"``, so that every label of the
decoded JSON maps back to exactly one code (the JSON encoder relies on it).

>>> t = CodeTable(2, {0: "manual", 1: "automatic"})
>>> t.label(3), t.code("spare (11)", "activation"), t.defined(3)
('spare (11)', 3, False)
"""

from __future__ import annotations

from sarsat.errors import EncodeError


def check_fits(name: str, value: int, bits: int) -> None:
    """Raise :class:`EncodeError` when ``value`` is not an unsigned ``bits``-bit number."""
    if not 0 <= value < (1 << bits):
        raise EncodeError(f"{name} {value} does not fit in {bits} bits")


class CodeTable:
    """Labels of the ``2**width`` codes of one sub-field (``names`` for the defined ones)."""

    def __init__(self, width: int, names: dict[int, str], other: str = "spare") -> None:
        self.width = width
        self.names = dict(names)
        self._labels = [names.get(c, f"{other} ({c:0{width}b})") for c in range(1 << width)]
        self._codes = {label: c for c, label in enumerate(self._labels)}

    def label(self, code: int) -> str:
        """The label of ``code`` (``"spare (0010)"`` for one the spec leaves undefined)."""
        return self._labels[code]

    def defined(self, code: int) -> bool:
        """True when the spec gives ``code`` a meaning."""
        return code in self.names

    def code(self, label: object, what: str) -> int:
        """The code of a label, or of an int given as is; :class:`EncodeError` otherwise."""
        if isinstance(label, int) and not isinstance(label, bool):
            check_fits(what, label, self.width)
            return label
        if isinstance(label, str) and label in self._codes:
            return self._codes[label]
        choices = ", ".join(repr(x) for x in self.names.values())
        raise EncodeError(f"{what} {label!r} is not one of {choices} (or a 'spare (bits)' label)")

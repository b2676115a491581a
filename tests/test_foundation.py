"""Package foundation: errors, bit fields, country table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sarsat.beacon.bits import field, parse_hex, set_field
from sarsat.beacon.countries import country_name, is_assigned
from sarsat.errors import HexError, SarsatError


@given(st.integers(0, 2**144 - 1), st.integers(1, 144), st.integers(0, 143))
def test_set_field_then_field(msg: int, first: int, width: int) -> None:
    last = min(144, first + width)
    value = field(msg, first, last) ^ ((1 << (last - first + 1)) - 1)
    out = set_field(msg, first, last, value)
    assert field(out, first, last) == value
    assert out ^ msg == (value ^ field(msg, first, last)) << (144 - last)


@pytest.mark.parametrize(("mid", "name"), [(227, "France"), (366, "United States of America"), (316, "Canada")])
def test_country_names_from_itu_table(mid: int, name: str) -> None:
    assert country_name(mid) == name
    assert is_assigned(mid)


def test_unassigned_mid() -> None:
    assert country_name(199) is None
    assert not is_assigned(999)


@pytest.mark.parametrize("text", ["", "12G4", "xyz"])
def test_parse_hex_rejects_non_hex(text: str) -> None:
    with pytest.raises(HexError) as info:
        parse_hex(text)
    assert isinstance(info.value, SarsatError)
    assert "\n" not in str(info.value)

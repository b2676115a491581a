"""Decode and encode second-generation (SGB) messages: text in, :class:`BeaconMessage` out.

Input forms accepted by :func:`decode_sgb` (white space and a ``0x`` prefix are ignored):

=========  ==========================================================================
length     form
=========  ==========================================================================
51 hex     202 information bits with 2 pad bits. ``layout="leading"``: 2 leading pad bits,
           the C/S ground-segment representation (T.018 App. B, MF #90 of C/S A.002);
           ``layout="trailing"``: 2 trailing 0 bits ("hex message from 202 bits", App. B).
63 hex     250-bit codeword (202 + 48 BCH bits) with 2 pad bits, leading by default. A
           leading pad ``00`` is a normal transmission, ``10`` a self-test (the ground
           segment convention of the public decoders; not in T.018 itself).
202 / 250  bit strings of the information bits or the codeword, no padding.
23 hex     the 23-hex beacon ID (T.018 §3.6).
15 hex     an SGB 15-hex ID (only with the SGB marker bits 1, 101; FGB IDs are refused).
=========  ==========================================================================

Padding side. With ``layout=None`` the leading (standard) side is used whenever its pad is
possible (``00``, or ``10`` for self-test); only when it is not, and the trailing 2 bits are
0, is the input read as trailing-padded, with a warning. A right-padded string fed as
leading still decodes to plausible junk (TAC 920 = 4 x 230), and for 63 hex the BCH cannot
tell the two apart when TAC < 16384 (a codeword shifted by 2 is still one), so when the
chosen reading breaks format checks the other side is tried and a warning says which one
reads cleanly. Pass ``layout`` to fix it.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from sarsat.beacon.bits import clean_text, is_bit_string, parse_hex
from sarsat.beacon.countries import country_name
from sarsat.beacon.message import BchBlock, BeaconMessage, Position, Protocol
from sarsat.beacon.sgb.bch import (
    K_BITS,
    N_BITS,
    PARITY_BITS,
    bch_correct,
    bch_encode,
    bch_parity,
    remainder,
)
from sarsat.beacon.sgb.fields import BeaconType, SgbFields, decode_fields, tac_range
from sarsat.beacon.sgb.hex_id import decode_hex_id, hex_id_15, hex_id_23, is_sgb_id
from sarsat.beacon.sgb.rotating import (
    EltDtInFlight,
    G008Objective,
    altitude_m,
    rotating_json,
)
from sarsat.beacon.sgb.vessel_id import vessel_id_json
from sarsat.errors import EncodeError, HexLengthError, MessageError

Layout = Literal["leading", "trailing"]
LAYOUTS: tuple[str, ...] = ("leading", "trailing")

#: Hex lengths decode_sgb accepts (bit strings: 202 and 250 characters).
HEX_LENGTHS = (15, 23, 51, 63)
BIT_LENGTHS = (K_BITS, N_BITS)
_PAD_SELF_TEST = 0b10
_PARITY_MASK = (1 << PARITY_BITS) - 1
_NEAR_LIMIT = 5  # corrections from which a warning is added (see _decode_read)

#: Protocol per (beacon type, test flag): family "sgb", code = beacon-type bits 138-140
_PROTOCOLS = {
    (bt, test): Protocol("sgb", f"second-generation {bt.label}", f"{bt.value:03b}", test)
    for bt in BeaconType
    for test in (False, True)
}
_FORMAT_BITS = "sgb"


class _Read(NamedTuple):
    """One input read into bits: ``bits`` is 202 (``has_bch`` false) or 250 bits."""

    bits: int
    has_bch: bool
    form: str
    layout: str | None
    self_test: bool | None  # from the pad (or the demodulator's PRN); None: unknown
    alternative: int | None  # the same text read with the other padding side, if possible


def _read_padded(text: str, n_bits: int, layout: str | None) -> tuple[_Read, list[str]]:
    value = parse_hex(text)
    lead, trail = value >> n_bits, value & 0b11
    has_bch = n_bits == N_BITS
    form = f"{len(text)}-hex " + ("codeword" if has_bch else "information bits")
    lead_ok = lead in (0, _PAD_SELF_TEST)
    warnings: list[str] = []
    if layout is None:
        if lead_ok:
            layout = "leading"
        elif trail == 0:
            layout = "trailing"
            warnings.append(
                f"first two bits are {lead:02b}, not a pad: read as {n_bits} bits with 2 trailing "
                "pad bits (pass layout='trailing' to say so)"
            )
        else:
            raise MessageError(
                f"{text!r}: neither the first two bits ({lead:02b}) nor the last two ({trail:02b}) "
                "are a pad; expected 2 leading 00/10 or 2 trailing 00 bits"
            )
        alternative = value >> 2 if (layout == "leading" and trail == 0) else None
    elif layout == "leading":
        if not lead_ok:
            raise MessageError(f"{text!r}: leading pad bits are {lead:02b}; expected 00 or 10")
        alternative = None
    elif layout == "trailing":
        if trail:
            raise MessageError(f"{text!r}: trailing pad bits are {trail:02b}; expected 00")
        alternative = None
    else:
        raise MessageError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    pad: int | None
    if layout == "leading":
        bits, pad = value & ((1 << n_bits) - 1), lead
        if not has_bch:  # App. B: the 51-hex pad is two 0 bits, no self-test information
            pad = None
            if lead == _PAD_SELF_TEST:
                pad = lead
                warnings.append("leading pad 10 on 202 information bits read as a self-test flag")
    else:
        bits, pad = value >> 2, None
    self_test = None if pad is None else pad == _PAD_SELF_TEST
    return _Read(bits, has_bch, form, layout, self_test, alternative), warnings


def _read(text: str, layout: str | None) -> tuple[_Read, list[str]]:
    if len(text) in BIT_LENGTHS and is_bit_string(text):
        n = len(text)
        form = f"{n}-bit string"
        return _Read(int(text, 2), n == N_BITS, form, None, None, None), []
    if len(text) == 51:
        return _read_padded(text, K_BITS, layout)
    if len(text) == 63:
        return _read_padded(text, N_BITS, layout)
    raise HexLengthError(text, HEX_LENGTHS)


def is_sgb_text(text: str) -> bool:
    """True when ``text`` has an SGB shape, for a dispatcher in front of the FGB decoder:
    23, 51 or 63 hex digits, 202 or 250 bits, or 15 hex with the SGB ID marker (ID bit 1 = 1,
    bits 12-14 = 101, T.018 Table 3.11 note 1). Only the shape is checked.

    >>> is_sgb_text("9934039823D0000"), is_sgb_text("ADCD00800440401"), is_sgb_text("0" * 250)
    (True, False, True)
    """
    t = clean_text(text)
    n = len(t)
    if n in BIT_LENGTHS:
        return is_bit_string(t)
    if n in (23, 51, 63):
        return True
    if n == 15:
        try:
            return is_sgb_id(parse_hex(t), 60)
        except MessageError:
            return False
    return False


def decode_sgb(text: str, layout: Layout | None = None) -> BeaconMessage:
    """Decode an SGB message or ID given as text (forms in the module docstring).

    Raises :class:`~sarsat.errors.MessageError` (a ``SarsatError``) for text that is none
    of them. A codeword is checked and corrected (up to 6 bit errors); beyond that the
    fields are still shown, from the bits as received, with ``bch.valid`` false.

    >>> m = decode_sgb("0039823D32618658622811F0000000000003FFF004030680258")
    >>> m.hex_id, m.identity["tac"], m.identity["serial_number"], m.country_code
    ('9934039823D000000000000', 230, 573, 201)
    """
    t = clean_text(text)
    if len(t) in (15, 23):
        return decode_hex_id(text, t)
    read, warnings = _read(t, layout)
    return _decode_read(text, read, warnings)


def decode_sgb_codeword(
    codeword: int, *, self_test: bool | None = None, text: str | None = None
) -> BeaconMessage:
    """Decode a 250-bit codeword held as an int (message bit 1 at the top), as a
    demodulator delivers it; ``self_test`` comes from the PRN pair it correlated with
    (T.018 §2.2.3), ``text`` is kept as the message's ``input`` (default: 63 hex).

    >>> from sarsat.beacon.sgb.bch import bch_encode
    >>> cw = bch_encode(0x0039823D32618658622811F0000000000003FFF004030680258)
    >>> decode_sgb_codeword(cw ^ 1, self_test=True).bch["bch"].corrected_bits
    (250,)
    """
    if codeword < 0 or codeword >> N_BITS:
        raise MessageError(f"codeword {codeword:#x} does not fit in {N_BITS} bits")
    read = _Read(codeword, True, "250-bit codeword", None, self_test, None)
    return _decode_read(f"{codeword:063X}" if text is None else text, read, [])


def _decode_read(text: str, read: _Read, warnings: list[str]) -> BeaconMessage:
    bch: BchBlock | None
    parity: int | None = None
    if read.has_bch:
        result = bch_correct(read.bits)
        info = result.codeword >> PARITY_BITS
        bch = BchBlock(result.correctable, result.errors_corrected, result.corrected_bits)
        if result.correctable:
            parity = result.codeword & _PARITY_MASK
        else:
            warnings.append(
                "BCH: more than 6 bit errors, not correctable; fields below are the bits as "
                "received and cannot be trusted"
            )
    else:
        info, bch = read.bits, None
        warnings.append("no BCH bits in a 202-bit message: the fields are not error-checked")
    fields, problems = decode_fields(info)
    if bch is not None and bch.errors_corrected >= _NEAR_LIMIT:
        # d = 13: a word with w >= 7 errors is miscorrected, if at all, with >= 13 - w bit
        # flips; 7 errors always end at 6, 8 at 5 or 6. Flagging 5 and 6 leaves only w >= 9
        # bursts that land within 4 bits of another codeword (about 1e-6 of them) unflagged.
        warnings.append(
            f"BCH: {bch.errors_corrected} bits corrected, near the code's limit of 6; a burst "
            "with 7 or more errors can also end here as a wrong message: confirm with another "
            "burst"
        )
    if bch is not None and bch.errors_corrected and problems:
        warnings.append(
            "BCH: the corrected message breaks format checks; the correction may be wrong"
        )
    suspect = bool(problems) or (bch is not None and not bch.valid)
    if read.alternative is not None and not suspect and not _tac_assigned(fields.tac):
        # only the TAC range is odd: look further only if the other side is an exact codeword
        suspect = not read.has_bch or remainder(read.alternative) == 0
    if read.alternative is not None and suspect:
        hint = _other_side_hint(read, len(problems), fields.tac, bch)
        if hint:
            warnings.append(hint)
    return _message(text, read, info, fields, bch, [*warnings, *problems], parity)


def _tac_assigned(tac: int) -> bool:
    """True for a TAC in a C/S T.021 range (10000-17999 operational, 9998-9999 type-approval
    testing, 65521-65535 system beacons)."""
    return 9998 <= tac <= 17999 or tac >= 65521


def _other_side_hint(read: _Read, n_problems: int, tac: int, bch: BchBlock | None) -> str | None:
    """A warning when the trailing-pad reading of the same text is clearly more plausible:
    fewer format problems, or as few with a better BCH or with an assigned TAC range."""
    assert read.alternative is not None
    alt = read.alternative
    if read.has_bch:
        r = bch_correct(alt)
        if not r.correctable:
            return None
        alt_info = r.codeword >> PARITY_BITS
        better_bch = bch is not None and (
            not bch.valid or r.errors_corrected < bch.errors_corrected
        )
    else:
        alt_info, better_bch = alt, False
    alt_fields, alt_problems = decode_fields(alt_info)
    n_alt = len(alt_problems)
    better_tac = _tac_assigned(alt_fields.tac) and not _tac_assigned(tac)
    if n_alt < n_problems or (n_alt == n_problems and (better_bch or better_tac)):
        return (
            "likely wrong padding side: with 2 trailing pad bits this reads as TAC "
            f"{alt_fields.tac}, serial {alt_fields.serial_number} with {n_alt} "
            f"format problem(s) instead of {n_problems}; pass layout='trailing' if so"
        )
    return None


def _position(fields: SgbFields, status: str) -> Position | None:
    loc = fields.location
    if status != "fix":
        return None
    extra: dict[str, Any] = {}
    rf = fields.rotating
    if isinstance(rf, (G008Objective, EltDtInFlight)):
        alt = altitude_m(rf.altitude_code)
        if alt is not None:
            extra["altitude_m"] = alt
    return Position(loc.latitude_deg, loc.longitude_deg, "fine", None, extra)


_LOCATION_STATUS = {
    "fix": "encoded location",
    "no-fix": "default: location capable, no fix yet",
    "no-capability": "default: no encoded-location capability",
    "invalid": "invalid",
}


def _message(
    text: str,
    read: _Read,
    info: int,
    fields: SgbFields,
    bch: BchBlock | None,
    warnings: list[str],
    parity: int | None,
) -> BeaconMessage:
    cc = fields.country_code
    country = country_name(cc)
    if country is None:
        warnings.append(f"country code {cc} is not an assigned ITU MID")
    hex23 = hex_id_23(info)
    status = fields.location.status()
    details: dict[str, Any] = {
        "input_form": read.form,
        "layout": read.layout,
        "homing": fields.homing,
        "rls_function": fields.rls,
        "test_protocol": fields.test_protocol,
        "beacon_type": fields.beacon_type.label,
        "tac_range": tac_range(fields.tac),
        "location_status": _LOCATION_STATUS[status],
        "rotating_field": rotating_json(fields.rotating),
        "hex_id_15": hex_id_15(hex23),
        "bch_hex": f"{bch_parity(info) if parity is None else parity:012X}",
    }
    identity = {
        "tac": fields.tac,
        "serial_number": fields.serial_number,
        **vessel_id_json(fields.vessel_id),
    }
    return BeaconMessage(
        input=text,
        generation="second",
        message_hex=f"{info:051X}",
        hex_id=hex23,
        country_code=cc,
        country=country,
        protocol=_PROTOCOLS[fields.beacon_type, fields.test_protocol],
        self_test=read.self_test,
        format=_FORMAT_BITS,
        bch={"bch": bch},
        position=_position(fields, status),
        identity=identity,
        details=details,
        warnings=tuple(warnings),
    )


def encode_sgb_bits(fields: SgbFields) -> int:
    """The 250-bit codeword of ``fields`` (information bits then BCH, App. B.1)."""
    return bch_encode(fields.info_bits())


def encode_sgb(fields: SgbFields, *, self_test: bool = False, form: str = "codeword") -> str:
    """Encode ``fields`` as hex.

    ``form="codeword"``: 63 hex, the 250-bit codeword with a leading pad ``00`` (``10`` when
    ``self_test``). ``form="message"``: 51 hex ground-segment representation (2 leading 0
    bits + 202 information bits, no BCH). Raises :class:`~sarsat.errors.EncodeError` for a
    field out of range.
    """
    if form == "codeword":
        pad = _PAD_SELF_TEST if self_test else 0
        return f"{pad << N_BITS | encode_sgb_bits(fields):063X}"
    if form == "message":
        return f"{fields.info_bits():051X}"
    raise EncodeError(f"form {form!r} is not 'codeword' or 'message'")

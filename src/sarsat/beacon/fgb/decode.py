"""Decode a first-generation message: BCH check and correction, protocol dispatch,
plausibility checks against miscorrection, 15-hex ID (T.001 §3.2, §3.3, Annex A)."""

from __future__ import annotations

from sarsat.beacon.bits import bit, field, hex_string, set_field
from sarsat.beacon.countries import country_name, is_assigned
from sarsat.beacon.message import BchBlock, BeaconMessage, Protocol
from sarsat.beacon.fgb import bch, elt_dt, national_location, position, rls, standard_location, user
from sarsat.beacon.fgb.common import Fields, Layout, bits_text
from sarsat.beacon.fgb.frame import Frame, parse

_PAD = ((1 << 32) - 1, 0)
_SHIFT_106, _SHIFT_25 = 144 - 106, 144 - 25
_MASK_82, _MASK_38, _MASK_32 = (1 << 82) - 1, (1 << 38) - 1, (1 << 32) - 1
_CLEAN = BchBlock(True)  # shared: most blocks are clean codewords


def _block(c: bch.Correction) -> BchBlock:
    if c.valid and not c.corrected_bits:
        return _CLEAN
    return BchBlock(c.valid, c.errors_corrected, c.corrected_bits)  # bits 113-144 all 1 or all 0: PDF-2 absent (AMSA convention)


def location_layout(msg: int) -> position.Layout | None:
    """The position layout whose defaults enter the 15-hex ID, or None (user protocols)."""
    if bit(msg, 26):
        return None
    code = format(field(msg, 37, 40), "04b")
    if code in standard_location.NAMES:
        return standard_location.LAYOUT
    if code in national_location.NAMES:
        return national_location.LAYOUT
    if code in (rls.CODE, elt_dt.CODE):
        return position.HALF_DEGREE
    return None


def _id_defaults() -> dict[int, tuple[int, int]]:
    """Bits 26-40 of a location protocol (P = 0, code) → (mask, value) of the position
    defaults in the 60-bit ID (bits 26-85)."""
    out = {}
    ones = (1 << 144) - 1
    for code in range(16):
        msg = set_field(0, 37, 40, code)
        layout = location_layout(msg)
        if layout is None:
            continue
        defaults = position.set_coarse_default(0, layout)
        touched = (ones ^ position.set_coarse_default(ones, layout)) | defaults
        out[code] = (field(touched, 26, 85) ^ ((1 << 60) - 1), field(defaults, 26, 85))
    return out


#: protocol code (bits 37-40) → (keep-mask, default value) for 15-hex IDs of location protocols.
ID_DEFAULTS = _id_defaults()


def hex_id(msg: int) -> str:
    """15-hex beacon ID: bits 26–85 with location fields at their defaults (T.001 §3.3).

    T.001 Annex B1 example:

    >>> hex_id(0x56E6804002202009655250 << 32)
    'ADCD00800440401'
    """
    ident = (msg >> 59) & 0xFFFFFFFFFFFFFFF  # bits 26-85
    if not ident >> 59:  # P = 0: location protocol
        rule = ID_DEFAULTS.get((ident >> 45) & 0xF)
        if rule is not None:
            ident = (ident & rule[0]) | rule[1]
    return format(ident, "015X")


def decode_fields(msg: int, layout: Layout) -> Fields:
    """Protocol dispatch on the flags and protocol code (T.001 A1.3, Tables A2-A/B)."""
    country_code = field(msg, 27, 36)
    if bit(msg, 26):
        return user.decode(msg, country_code, layout)
    code = format(field(msg, 37, 40), "04b")
    if code in standard_location.NAMES:
        return standard_location.decode(msg, country_code, layout)
    if code in national_location.NAMES:
        return national_location.decode(msg, country_code, layout)
    if code == rls.CODE:
        return rls.decode(msg, country_code, layout)
    if code == elt_dt.CODE:
        return elt_dt.decode(msg, country_code, layout)
    out = Fields(Protocol("location-spare", f"Spare location protocol code {code}", code),
                 identity={"data_bits": bits_text(msg, 41, 85)})
    out.problems_pdf1.append(f"location protocol code {code} is spare (T.001 Table A2-B)")
    return out


def decode_frame(frame: Frame, text: str | None = None) -> BeaconMessage:
    """Decode a parsed frame (see :func:`sarsat.beacon.fgb.frame.parse`)."""
    if frame.is_id:
        return _decode_id(frame, text if text is not None else frame.text)
    received = frame.bits
    warnings = list(frame.warnings)

    # Hot path: the blocks by shift and mask (bits 25-106 = BCH-1 codeword, 107-144 = BCH-2).
    c1 = bch.correct(bch.BCH1, (received >> _SHIFT_106) & _MASK_82)
    msg = (received & ~(_MASK_82 << _SHIFT_106)) | (c1.word << _SHIFT_106)
    long_flag = bool((msg >> _SHIFT_25) & 1)  # bit 25: format flag
    tail = msg & _MASK_32  # bits 113-144
    pdf2_checked = False
    c2: bch.Correction | None = None
    if frame.last_bit == 144:
        c2_try = bch.correct(bch.BCH2, msg & _MASK_38)
        padded = tail in _PAD and not (c2_try.valid and not c2_try.corrected_bits)
        if not long_flag:
            if tail not in _PAD:
                warnings.append("format flag says short: bits 113-144 ignored")
        elif padded:
            warnings.append("bits 113-144 are padding: PDF-2 absent, BCH-2 not checked")
        else:
            pdf2_checked = True
            c2 = c2_try
    elif long_flag:
        warnings.append("long message truncated at bit 112: PDF-2 incomplete, BCH-2 not checked")
    if not long_flag and not bit(msg, 26):
        warnings.append("short-format location protocol: withdrawn, decoded per the long layout (T.001 A3.1)")

    orbitography = bit(msg, 26) == 1 and field(msg, 37, 39) == 0
    if c2 is not None and orbitography and c2.corrected_bits:
        # T.001 A2.7: orbitography PDF-2 is undefined — check it, never correct it.
        c2 = bch.Correction(field(msg, 107, 144), False)
    if c2 is not None and c2.valid:
        msg = (msg & ~_MASK_38) | c2.word  # bits 107-144
    layout = Layout(short=not long_flag, pdf2=pdf2_checked)
    fields = decode_fields(msg, layout)

    block1 = _block(c1)
    block2 = None if c2 is None else _block(c2)
    country_code = field(msg, 27, 36)
    p1 = list(fields.problems_pdf1)
    if not is_assigned(country_code):
        p1.append(f"country code {country_code} is not an assigned ITU MID")
    # Guard against miscorrection: a corrected block must decode to a plausible message.
    reject1 = c1.corrected_bits and p1
    reject2 = c2 is not None and c2.corrected_bits and fields.problems_pdf2
    if reject1 or reject2:
        if reject1:
            msg = set_field(msg, 25, 106, field(received, 25, 106))
            block1 = BchBlock(False, c1.errors_corrected, c1.corrected_bits)
            warnings.append(f"BCH-1 correction of bits {list(c1.corrected_bits)} rejected: " + "; ".join(p1))
        if reject2:
            msg = set_field(msg, 107, 144, field(received, 107, 144))
            block2 = BchBlock(False, c2.errors_corrected, c2.corrected_bits) if c2 else None
            warnings.append(f"BCH-2 correction of bits {list(c2.corrected_bits) if c2 else []} rejected: "
                            + "; ".join(fields.problems_pdf2))
        long_flag = bool(bit(msg, 25))
        layout = Layout(short=not long_flag, pdf2=pdf2_checked)
        fields = decode_fields(msg, layout)
        country_code = field(msg, 27, 36)
        p1 = list(fields.problems_pdf1)
        if not is_assigned(country_code):
            p1.append(f"country code {country_code} is not an assigned ITU MID")
    for name, block in (("BCH-1", block1), ("BCH-2", block2)):
        if block is not None and block.valid and block.errors_corrected:
            warnings.append(f"{name} corrected {block.errors_corrected} bit error(s) at bits {list(block.corrected_bits)}")
        elif block is not None and not block.valid and not block.errors_corrected:
            warnings.append(f"{name} invalid: more errors than the code corrects")
    if orbitography and c2 is not None and not c2.valid:
        warnings.append("orbitography PDF-2 fails BCH-2 (PDF-2 undefined in T.001 A2.7; not corrected)")
    if not (reject1 or reject2):
        warnings.extend(p1)
        warnings.extend(fields.problems_pdf2)
    warnings.extend(fields.warnings)

    last = 144 if pdf2_checked else 112
    ident_hex = hex_id(msg)
    if fields.protocol.family == "rls":
        fields.details["moffset_min"] = rls.moffset(ident_hex)
    return BeaconMessage(
        input=text if text is not None else frame.text,
        generation="first",
        message_hex=hex_string(field(msg, 25, last), (last - 24) // 4),
        hex_id=ident_hex,
        country_code=country_code,
        country=country_name(country_code),
        protocol=fields.protocol,
        self_test=frame.self_test,
        format="long" if long_flag else "short",
        bch={"bch1": block1, "bch2": block2},
        position=fields.position,
        identity=fields.identity,
        details=fields.details,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _decode_id(frame: Frame, text: str) -> BeaconMessage:
    """A 15-hex ID: PDF-1 without BCH, location fields expected at their defaults."""
    msg = frame.bits
    if not bit(msg, 26):
        msg = set_field(msg, 25, 25, 1)  # location protocols are long (T.001 A3.1)
    layout = Layout(short=not bit(msg, 25), pdf2=False)
    fields = decode_fields(msg, layout)
    if fields.protocol.family == "user-location":
        fields.protocol = user.protocol_of(fields.protocol.code, long=False)
    warnings = list(frame.warnings)
    loc = location_layout(msg)
    if loc is not None and position.set_coarse_default(msg, loc) != msg:
        warnings.append("location bits are not at their defaults: not a valid 15-hex ID (T.001 §3.3)")
    country_code = field(msg, 27, 36)
    if not is_assigned(country_code):
        warnings.append(f"country code {country_code} is not an assigned ITU MID")
    warnings.extend(fields.problems_pdf1)
    details = {k: v for k, v in fields.details.items() if k in ("auxiliary_device",)}
    if fields.protocol.family == "rls":
        details["moffset_min"] = rls.moffset(hex_string(field(msg, 26, 85), 15))
    return BeaconMessage(
        input=text,
        generation="first",
        message_hex=None,
        hex_id=hex_string(field(msg, 26, 85), 15),
        country_code=country_code,
        country=country_name(country_code),
        protocol=fields.protocol,
        self_test=None,
        format="id",
        bch={},
        position=None,
        identity=fields.identity,
        details=details,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def decode(text: str) -> BeaconMessage:
    """Decode one first-generation message or 15-hex ID given as hex or bits."""
    return decode_frame(parse(text), text)

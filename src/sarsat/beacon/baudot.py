"""Modified-Baudot code (T.001 Table A3; T.018 Table 3.2 uses the same codes) and the radio
call sign BCD digits (T.001 A2.3).

Characters are 6 bits, most significant bit first. Every letter starts with 1, so the
"short" 5-bit form used for the 3-letter aircraft operator designator drops that bit
(T.001 A3.3.5.2 note 2, A3.3.8.1). Unknown codes decode to ``"?"`` and are reported by the
caller, never silently guessed.
"""

from __future__ import annotations

from sarsat.errors import EncodeError

# T.001 Table A3 (letters, figures, space and hyphen).
_CODES: dict[str, int] = {
    "A": 0b111000, "B": 0b110011, "C": 0b101110, "D": 0b110010, "E": 0b110000,
    "F": 0b110110, "G": 0b101011, "H": 0b100101, "I": 0b101100, "J": 0b111010,
    "K": 0b111110, "L": 0b101001, "M": 0b100111, "N": 0b100110, "O": 0b100011,
    "P": 0b101101, "Q": 0b111101, "R": 0b101010, "S": 0b110100, "T": 0b100001,
    "U": 0b111100, "V": 0b101111, "W": 0b111001, "X": 0b110111, "Y": 0b110101,
    "Z": 0b110001, " ": 0b100100, "-": 0b011000, "/": 0b010111, "0": 0b001101,
    "1": 0b011101, "2": 0b011001, "3": 0b010000, "4": 0b001010, "5": 0b000001,
    "6": 0b010101, "7": 0b011100, "8": 0b001100, "9": 0b000011,
}  # fmt: skip
_CHARS: dict[int, str] = {code: char for char, code in _CODES.items()}

#: Characters the 6-bit code can carry.
ALPHABET = "".join(sorted(_CODES))
#: Letters (the only characters of the 5-bit short form).
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: What an unknown code decodes to (callers add a warning).
UNKNOWN = "?"


def decode_chars(value: int, n_chars: int, bits_per_char: int = 6) -> str:
    """Decode ``n_chars`` characters packed in ``value``, first character in the top bits.

    With ``bits_per_char=5`` the short form is read (a leading 1 is restored).

    >>> decode_chars(0b111000_110011, 2)
    'AB'
    >>> decode_chars(0b10001_01011_11000, 3, bits_per_char=5)
    'ZGA'
    """
    mask = (1 << bits_per_char) - 1
    short = bits_per_char == 5
    lead = 0b100000 if short else 0
    out = []
    for i in range(n_chars - 1, -1, -1):
        char = _CHARS.get(((value >> (bits_per_char * i)) & mask) | lead, UNKNOWN)
        out.append(UNKNOWN if short and char not in LETTERS else char)  # short form: letters only
    return "".join(out)


def encode_chars(text: str, bits_per_char: int = 6) -> int:
    """Pack ``text`` into modified-Baudot codes, first character in the top bits.

    >>> bin(encode_chars("AB"))
    '0b111000110011'
    """
    value = 0
    for char in text.upper():
        code = _CODES.get(char)
        if code is None:
            raise EncodeError(f"{char!r} has no modified-Baudot code (T.001 Table A3)")
        if bits_per_char == 5:
            if char not in LETTERS:
                raise EncodeError(f"{char!r}: the 5-bit short Baudot form carries letters only")
            code &= 0b11111
        value = (value << bits_per_char) | code
    return value


# T.001 A2.3: the last three call-sign characters are binary-coded decimal, 1010 = space.
def decode_bcd(value: int, n_digits: int) -> str:
    """Decode 4-bit BCD digits (1010 = space; 1011–1111 → ``"?"``).

    >>> decode_bcd(0b0001_0010_1010, 3)
    '12 '
    """
    out = []
    for i in range(n_digits - 1, -1, -1):
        nibble = (value >> (4 * i)) & 0xF
        out.append(str(nibble) if nibble < 10 else (" " if nibble == 0b1010 else "?"))
    return "".join(out)


def encode_bcd(text: str) -> int:
    """Pack digits and spaces as 4-bit BCD (space = 1010)."""
    value = 0
    for char in text:
        if char == " ":
            nibble = 0b1010
        elif char.isdigit():
            nibble = int(char)
        else:
            raise EncodeError(f"{char!r}: call-sign characters 5–7 must be digits (T.001 A2.3)")
        value = (value << 4) | nibble
    return value

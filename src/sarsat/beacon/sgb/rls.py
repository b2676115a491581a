"""RLS rotating fields: #2 Type 1 / Type 2 acknowledgement (T.018 Table 3.5) and #4 Type 3
two-way communication, TWC (Table 3.7, new in Rev. 12).

Content bits are numbered as the message (159–202); ``c`` below is that 44-bit content with
bit 202 as the least significant, so message bit b is ``c >> (202 - b) & 1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sarsat.beacon.sgb.codes import CodeTable, check_fits

#: Tables 3.5 and 3.7: RLS provider codes (BDS new in Rev. 12).
RLS_PROVIDERS = CodeTable(3, {1: "Galileo", 2: "GLONASS", 3: "BDS"})


@dataclass(frozen=True)
class RlsAcknowledgement:
    """#2, Table 3.5: RLS Type 1 (automatic) / Type 2 (manual) acknowledgement.

    ``rlm_bits`` is the 20-bit copy of bits 61–80 of the Galileo short RLM (bits 172–191)."""

    type1_capable: bool
    type2_capable: bool
    provider_code: int  # 001 Galileo, 010 GLONASS, 011 BDS
    type1_received: bool = False
    type2_received: bool = False
    rlm_bits: int = 0
    identifier = 2
    name = "RLS Type 1 / Type 2 acknowledgement"

    def to_bits(self) -> int:
        check_fits("RLS provider", self.provider_code, 3)
        check_fits("RLM bits", self.rlm_bits, 20)
        return (
            int(self.type1_capable) << 41
            | int(self.type2_capable) << 40
            | self.provider_code << 33
            | int(self.type1_received) << 32
            | int(self.type2_received) << 31
            | self.rlm_bits << 11
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type1_automatic_ack_accepted": self.type1_capable,
            "type2_manual_rlm_accepted": self.type2_capable,
            "rls_provider": RLS_PROVIDERS.label(self.provider_code),
            "type1_rlm_received": self.type1_received,
            "type2_rlm_received": self.type2_received,
        }
        if self.type1_received and not self.type2_received:
            out["galileo_short_rlm_bits_61_80"] = f"{self.rlm_bits:020b}"
        return out


@dataclass(frozen=True)
class TwoWayCommunication:
    """#4, Table 3.7 (new in Rev. 12): RLS Type 3 two-way communication (TWC).

    Question/instruction codes (7 bits) and answers (4 bits) refer to a dataset that T.018
    leaves to a future C/S document, so they are reported as numbers."""

    provider_code: int
    database_version: int = 0
    acknowledgement_received: bool = False
    question_a: int = 0
    answer_a: int = 0
    question_b: int = 0
    answer_b: int = 0
    question_c: int = 0
    answer_c: int = 0
    identifier = 4
    name = "RLS Type 3 two-way communication"

    def to_bits(self) -> int:
        check_fits("TWC provider", self.provider_code, 3)
        check_fits("TWC database version", self.database_version, 5)
        for q, a in ((self.question_a, self.answer_a), (self.question_b, self.answer_b),
                     (self.question_c, self.answer_c)):  # fmt: skip
            check_fits("TWC question", q, 7)
            check_fits("TWC answer", a, 4)
        return (
            self.provider_code << 41
            | self.database_version << 36
            | int(self.acknowledgement_received) << 35
            | self.question_a << 26
            | self.answer_a << 22
            | self.question_b << 15
            | self.answer_b << 11
            | self.question_c << 4
            | self.answer_c
        )  # bits 168-169 spare = 00

    def to_json(self) -> dict[str, Any]:
        return {
            "twc_provider": RLS_PROVIDERS.label(self.provider_code),
            "twc_database_version": self.database_version,
            "twc_acknowledgement_received": self.acknowledgement_received,
            "twc_a": {"question": self.question_a, "answer": self.answer_a},
            "twc_b": {"question": self.question_b, "answer": self.answer_b},
            "twc_c": {"question": self.question_c, "answer": self.answer_c},
        }


def decode_rls_acknowledgement(c: int) -> tuple[RlsAcknowledgement, list[str]]:
    """Rotating field #2 from its 44 content bits, and warnings (Table 3.5)."""
    w: list[str] = []
    rf = RlsAcknowledgement(
        type1_capable=bool(c >> 41 & 1),
        type2_capable=bool(c >> 40 & 1),
        provider_code=c >> 33 & 0b111,
        type1_received=bool(c >> 32 & 1),
        type2_received=bool(c >> 31 & 1),
        rlm_bits=c >> 11 & 0xFFFFF,
    )
    if c >> 42:
        w.append(f"rotating field #2: unassigned bits 159-160 are {c >> 42:02b}, expected 00")
    if not (rf.type1_capable or rf.type2_capable):
        w.append("rotating field #2: neither Type-1 nor Type-2 capability set (bits 161-162)")
    if c >> 36 & 0xF:
        w.append("rotating field #2: reserved bits 163-166 are not 0")
    if not RLS_PROVIDERS.defined(rf.provider_code):
        w.append(f"rotating field #2: RLS provider {rf.provider_code:03b} is spare")
    feedback = c >> 11 & 0x3FFFFF
    if rf.provider_code != 1 and feedback:
        w.append("rotating field #2: feedback bits 170-191 must be 0 for a non-Galileo provider")
    elif rf.type2_received:
        w.append("rotating field #2: Type-2 RLM feedback set, an invalid (reserved) condition")
    elif not rf.type1_received and rf.rlm_bits:
        w.append("rotating field #2: RLM bits 172-191 must be 0 when no RLM was received")
    if c & 0x7FF:
        w.append("rotating field #2: unassigned bits 192-202 are not 0")
    return rf, w


def decode_two_way_communication(c: int) -> tuple[TwoWayCommunication, list[str]]:
    """Rotating field #4 from its 44 content bits, and warnings (Table 3.7)."""
    w: list[str] = []
    rf = TwoWayCommunication(
        provider_code=c >> 41,
        database_version=c >> 36 & 0x1F,
        acknowledgement_received=bool(c >> 35 & 1),
        question_a=c >> 26 & 0x7F,
        answer_a=c >> 22 & 0xF,
        question_b=c >> 15 & 0x7F,
        answer_b=c >> 11 & 0xF,
        question_c=c >> 4 & 0x7F,
        answer_c=c & 0xF,
    )
    if not RLS_PROVIDERS.defined(rf.provider_code):
        w.append(f"rotating field #4: TWC provider {rf.provider_code:03b} is spare")
    if c >> 33 & 0b11:
        w.append(f"rotating field #4: spare bits 168-169 are {c >> 33 & 3:02b}, expected 00")
    return rf, w

"""Audit entries: every decision the MCC takes, with the rule that fired.

The store keeps them per solution and site, so ``sarsat mcc why SITE`` can answer "why was
this not sent?" (reference §8 item 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sarsat.mcc.rules import RULESET


@dataclass(frozen=True)
class AuditEntry:
    """One decision: ``step`` (validate, site, classify, action, throttle, route, ...), the
    ``decision`` taken (accepted, filtered, sent, suppressed, ...), the ``rule`` that fired
    (with its evidence) and the facts it used in ``detail``."""

    step: str
    decision: str
    rule: str
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"step": self.step, "decision": self.decision, "rule": self.rule,
                "detail": self.detail, "ruleset": RULESET}

    def line(self) -> str:
        """One human-readable line, as ``sarsat mcc why`` prints it."""
        tail = f" ({self.detail})" if self.detail else ""
        return f"{self.step}: {self.decision} -- {self.rule}{tail}"

"""Physical layer: sample readers/writers, FGB modulator, channel model, burst detection and
the first-generation (C/S T.001 §2) demodulators for IQ and discriminator audio; the
second-generation (C/S T.018 §2) spreading codes, modulator and DSSS-OQPSK demodulator
(``sgb_prn``, ``sgb_modulator``, ``sgb_acquire``, ``sgb_demod``).

>>> from sarsat.signal import Burst
>>> Burst.__name__
'Burst'
"""

from __future__ import annotations

from sarsat.signal.burst import Burst

__all__ = ["Burst"]

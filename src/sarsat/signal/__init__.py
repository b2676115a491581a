"""Physical layer: sample readers/writers, FGB modulator, channel model, burst detection and
the first-generation (C/S T.001 §2) demodulators for IQ and discriminator audio.

>>> from sarsat.signal import Burst
>>> Burst.__name__
'Burst'
"""

from __future__ import annotations

from sarsat.signal.burst import Burst

__all__ = ["Burst"]

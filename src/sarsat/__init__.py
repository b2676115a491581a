"""sarsat: an open Cospas-Sarsat ground segment.

Layers (see DESIGN.md): ``sarsat.beacon`` (messages), ``sarsat.signal`` (radio),
``sarsat.orbit``, ``sarsat.locate``, ``sarsat.lut``, ``sarsat.mcc``, ``sarsat.sim``,
``sarsat.web`` and the ``sarsat`` command in ``sarsat.cli``.
"""

__version__ = "0.1.0"

"""The LUT pipeline: satellite channels -> :class:`Detection` -> bursts -> solutions -> MCC records.

FGB today; an SGB demodulator joins through :data:`sarsat.lut.channel.DEMODULATORS`.
"""

from sarsat.lut.detection import Detection
from sarsat.lut.pipeline import BurstGroup, Lut, LutOutput
from sarsat.lut.run import demodulate_channels, run_lut

__all__ = ["BurstGroup", "Detection", "Lut", "LutOutput", "demodulate_channels", "run_lut"]

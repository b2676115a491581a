"""The LUT's detection: one burst demodulated on one satellite channel, referred to the satellite."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from sarsat.locate.measurements import MeoMeasurement, format_utc

Vec3 = tuple[float, float, float]

#: Floor on the TOA / FOA standard deviations (s, Hz): receiver implementation margin over the
#: Cramér-Rao values of :func:`sarsat.sim.noise.fgb_sigmas`.
SIGMA_TOA_FLOOR_S = 4e-6
SIGMA_FOA_FLOOR_HZ = 0.02
#: The same floors for SGB (s, Hz): the receiver's middle-chip TOA is 1.0–1.3× its Cramér-Rao
#: bound and its FOA below the bound of :func:`sgb_sigmas` (BENCHMARKS.md, SGB receiver), so
#: the floors only stop very strong bursts from claiming more than the model holds.
SGB_SIGMA_TOA_FLOOR_S = 30e-9
SGB_SIGMA_FOA_FLOOR_HZ = 0.003


def fgb_sigmas(cn0_dbhz: float) -> tuple[float, float]:
    """FGB long-burst TOA (s) and FOA (Hz) Cramér-Rao bounds at C/N0 (location note §4.3: 216
    transitions of 2.2 rad with 150 µs ramps; 0.52 s coherent length).

    >>> st, sf = fgb_sigmas(35.0)
    >>> round(st * 1e6, 1), round(sf * 1e3)
    (4.8, 26)
    """
    cn0 = 10.0 ** (cn0_dbhz / 10.0)
    return float(1.0 / np.sqrt(2 * cn0 * 216 * 2.2**2 / 150e-6)), float(np.sqrt(3.0 / (np.pi**2 * cn0 * 0.52**3)))


def sgb_sigmas(cn0_dbhz: float) -> tuple[float, float]:
    """SGB TOA (s, the middle chip) and FOA (Hz) Cramér-Rao bounds at C/N0 (location note §4.3:
    OQPSK half-sine chips at 38.4 kchip/s, Gabor bandwidth 1/(2 Tc) = 19.2 kHz; 1 s burst,
    T.018 §2.2.2).

    >>> st, sf = sgb_sigmas(35.0)
    >>> round(st * 1e9), round(sf * 1e3, 1)
    (104, 9.8)
    """
    cn0 = 10.0 ** (cn0_dbhz / 10.0)
    return (float(1.0 / (2 * np.pi * 19_200.0 * np.sqrt(2 * cn0 * 1.0))),
            float(np.sqrt(3.0 / (np.pi**2 * cn0 * 1.0**3))))


@dataclass(frozen=True)
class Detection:
    """One burst on one satellite channel.

    ``epoch_utc`` + ``toa_s``: time the burst's reference point reached the satellite (uplink TOA;
    the downlink light time removed): FGB bit 1, SGB the middle chip (:mod:`sarsat.lut.channel`);
    ``foa_hz``: carrier at the satellite input (downlink Doppler and transponder translation
    removed) as measured over the burst, i.e. at ``foa_ref_s`` after the TOA, when the satellite
    was at ``sat_pos_foa_m``/``sat_vel_foa_mps`` (:func:`sarsat.lut.locate.refer_foa` moves it to
    the TOA); ``cn0_dbhz``: measured C/N0; ``sat_pos_m``/``sat_vel_mps``:
    ECEF state at the relay time. ``rx_utc`` is when the reference point reached the antenna. ``message`` is
    the decoded :class:`sarsat.beacon.message.BeaconMessage` (not in the JSON form, which has its
    ``message_hex``). ``generation``: ``first`` (FGB) or ``second`` (SGB).
    """

    sat_id: int
    lut_id: str
    generation: str
    hex_id: str
    message_hex: str
    self_test: bool
    epoch_utc: datetime
    toa_s: float
    foa_hz: float
    cn0_dbhz: float
    sat_pos_m: Vec3
    sat_vel_mps: Vec3
    rx_utc: datetime
    foa_ref_s: float = 0.0
    sat_pos_foa_m: Vec3 | None = None
    sat_vel_foa_mps: Vec3 | None = None
    message: Any = field(default=None, compare=False, repr=False)

    @property
    def toa_utc(self) -> datetime:
        """Uplink TOA rounded to the microsecond (for display; use epoch + toa_s for maths)."""
        return self.epoch_utc + timedelta(seconds=self.toa_s)

    def measurement(self, beacon_id: str, burst_index: int, foa_hz: float | None = None,
                    extra_sigma_foa_hz: float = 0.0) -> MeoMeasurement:
        """The location layer's record, sigmas from C/N0 (the generation's bounds with a floor);
        ``foa_hz`` replaces the measured FOA (once referred to the TOA), ``extra_sigma_foa_hz``
        is added in quadrature."""
        st, sf = self.sigmas()
        sf = float(np.hypot(sf, extra_sigma_foa_hz))
        return MeoMeasurement(beacon_id, burst_index, self.sat_id, self.epoch_utc, self.toa_s,
                              self.foa_hz if foa_hz is None else foa_hz, st, sf,
                              self.sat_pos_m, self.sat_vel_mps, round(self.cn0_dbhz, 2))

    def sigmas(self) -> tuple[float, float]:
        """TOA (s) and FOA (Hz) standard deviations: the generation's Cramér-Rao bounds at the
        measured C/N0, floored."""
        if self.generation == "second":
            st, sf = sgb_sigmas(self.cn0_dbhz)
            return max(st, SGB_SIGMA_TOA_FLOOR_S), max(sf, SGB_SIGMA_FOA_FLOOR_HZ)
        st, sf = fgb_sigmas(self.cn0_dbhz)
        return max(st, SIGMA_TOA_FLOOR_S), max(sf, SIGMA_FOA_FLOOR_HZ)

    def to_json(self) -> dict[str, Any]:
        return {"sat_id": self.sat_id, "lut_id": self.lut_id, "generation": self.generation, "hex_id": self.hex_id,
                "message_hex": self.message_hex, "self_test": self.self_test,
                "epoch_utc": format_utc(self.epoch_utc), "toa_s": self.toa_s, "foa_hz": self.foa_hz,
                "foa_ref_s": self.foa_ref_s,
                "cn0_dbhz": round(self.cn0_dbhz, 2), "sat_pos_m": list(self.sat_pos_m),
                "sat_vel_mps": list(self.sat_vel_mps), "rx_utc": format_utc(self.rx_utc)}

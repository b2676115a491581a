"""Simulation: scenarios -> ground truth and TOA/FOA or Doppler records (measurement level,
:mod:`sarsat.sim.measurements`) or satellite-channel IQ (IQ level: the TOML scenario of
:mod:`sarsat.sim.scenario`, run by :func:`sarsat.sim.iq.simulate_iq`)."""

from sarsat.sim.measurements import (
    BeaconTruth,
    BurstTruth,
    LeoScenario,
    MeoScenario,
    simulate_leosar,
    simulate_meosar,
)
from sarsat.sim.noise import NoiseModel

Scenario = MeoScenario  # the DESIGN.md name of the main type

__all__ = ["BeaconTruth", "BurstTruth", "LeoScenario", "MeoScenario", "NoiseModel", "Scenario", "simulate_leosar", "simulate_meosar"]

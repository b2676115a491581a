"""Measurement-level simulation: scenarios -> truth and TOA/FOA or Doppler records."""

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

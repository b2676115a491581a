"""Beacon location: MEOSAR TOA/FOA (single burst, window), LEOSAR Doppler (A/B), GEOSAR pass-through."""

"""Measurement-level simulation: scenarios -> truth and TOA/FOA or Doppler records."""

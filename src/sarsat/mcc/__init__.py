"""Mission Control Centre: alert sites, matching and confirmation, routing, SIT 185 in and out,
and the durable store (DESIGN.md layer ``sarsat.mcc``)."""

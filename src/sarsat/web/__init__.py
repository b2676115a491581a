"""Operator web service: REST API, event stream and map page over the MCC store (``sarsat serve``)."""

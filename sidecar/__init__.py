"""Rebound's sidecar: reads an OpenCart store's database, applies the return policy, sends follow-up email."""

__version__ = "0.2.0"

"""Waypoint screening: offline-first vulnerability screening for the criminal justice journey."""

__version__ = "0.1.0"

"""Triage: case triage for war-crimes prosecutors."""

__version__ = "0.1.0"

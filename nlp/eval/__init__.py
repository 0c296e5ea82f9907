"""Evaluation harness: the project's labelled set, CLUENER and CityU scoring."""
from __future__ import annotations

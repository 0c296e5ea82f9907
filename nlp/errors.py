"""Errors raised by the nlp package."""
from __future__ import annotations


class NlpError(Exception):
    """Base class for every error the nlp package raises."""


class ConversionError(NlpError):
    """Raised by nlp.convert when a conversion would break the offset map."""


class GazetteerError(NlpError):
    """Raised by nlp.gazetteer when the gazetteer file is malformed or inconsistent."""


class DictionaryError(NlpError):
    """Raised by nlp.segment when the domain dictionary cannot be read."""


class LabelledSetError(NlpError):
    """Raised by nlp.eval when a labelled paragraph's spans do not match its text."""

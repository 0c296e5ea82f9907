"""Chinese NLP for policy news: script conversion, segmentation, entities, titles and figures."""
from __future__ import annotations

from nlp.analyzer import Analyzer, get_analyzer
from nlp.convert import to_simplified
from nlp.model import Analysis, EntityMention, Figure

__all__ = ["Analysis", "Analyzer", "EntityMention", "Figure", "get_analyzer", "to_simplified"]

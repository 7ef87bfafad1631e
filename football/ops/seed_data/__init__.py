"""
The seed records: the world of Allegri's return to Juventus, as of 28 May 2021.

Dates known only to the month or the year carry that precision, with a note
saying what the sources disagree on. The story text is Dugout's own.
records.py holds the sources, clubs, managers and competitions; spells.py the
spells and their honours; story.py the story.
"""

from .records import CLUBS, COMPETITIONS, MANAGERS, SOURCES
from .spells import TENURES
from .story import STORY

__all__ = ["CLUBS", "COMPETITIONS", "MANAGERS", "SOURCES", "STORY", "TENURES"]

"""The careers records: managers, clubs, spells (Tenure), competitions, honours, sources.

records.py holds the people and clubs, tenure.py the spells and their dates, honours.py
what was won; asof.py works out who was where on a given day, for every page.
"""

from .honours import Competition, Honour
from .records import Club, Manager, SlugManager, Source, SourceManager, wikidata_validator
from .tenure import (
    IN_CHARGE_ROLES,
    ROLE_RANK,
    Departure,
    Role,
    SpellToConfirm,
    Tenure,
    TenureQuerySet,
    pick_main_tenure,
)

__all__ = [
    "IN_CHARGE_ROLES",
    "ROLE_RANK",
    "Club",
    "Competition",
    "Departure",
    "Honour",
    "Manager",
    "Role",
    "SlugManager",
    "Source",
    "SourceManager",
    "SpellToConfirm",
    "Tenure",
    "TenureQuerySet",
    "pick_main_tenure",
    "wikidata_validator",
]

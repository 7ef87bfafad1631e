import unicodedata


def fold(text):
    """Lower-case and strip accents, so "Juventús", "JUVENTUS" and "juventus" match."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


SEPARATOR = " | "


def search_text(name, *others):
    """What search looks in: the folded name first, then the other names, so that
    an exact name can be told from a name that merely contains the words."""
    return SEPARATOR.join(fold(part) for part in (name, *others) if part)


def split_names(text):
    """The names in a comma-separated list ("Inter Milan, Internazionale")."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]

import unicodedata


def fold(text):
    """Lower-case and strip accents, so "Juventús", "JUVENTUS" and "juventus" match."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())

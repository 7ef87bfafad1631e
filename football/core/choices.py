"""Choice labels read fast on pages that show one per row."""

from django.utils.encoding import force_str


def display(name, choices):
    """A `get_<name>_display` for the field `name` with these (flat) `choices`, which
    reads the label from a dict made once. Django's own makes the dict of labels again,
    hashing every choice, on each call: some 4 µs a row, twice a row on a long career or
    club page. Defined on the model, it takes the place of Django's (the field does not
    add one where the class has it), and answers the same: the label, or the stored
    value itself when it is not one of the choices."""
    labels = dict(choices)

    def get_display(self):
        value = getattr(self, name)
        return force_str(labels.get(value, value), strings_only=True)

    get_display.__name__ = get_display.__qualname__ = f"get_{name}_display"
    return get_display

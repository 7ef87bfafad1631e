import pytest

from football.careers.models import Tenure


@pytest.mark.parametrize("name", ["role", "departure"])
def test_a_spells_labels_read_as_djangos_do(name):
    field = Tenure._meta.get_field(name)
    values = [value for value, _ in field.choices]
    assert len(values) > 2
    for value in [*values, "", "not-a-choice"]:
        spell = Tenure(**{name: value})
        shown = getattr(spell, f"get_{name}_display")()
        assert shown == spell._get_FIELD_display(field)
        assert type(shown) is str

import pytest

from football.careers.models import Tenure
from football.news.models import Story


@pytest.mark.parametrize(
    ("model", "name"), [(Tenure, "role"), (Tenure, "departure"), (Story, "reliability")]
)
def test_labels_read_as_djangos_do(model, name):
    field = model._meta.get_field(name)
    values = [value for value, _ in field.choices]
    assert len(values) > 2
    for value in [*values, "", "not-a-choice"]:
        record = model(**{name: value})
        shown = getattr(record, f"get_{name}_display")()
        assert shown == record._get_FIELD_display(field)
        assert type(shown) is str
    assert getattr(model, f"get_{name}_display").__module__ == "football.core.choices"

"""Django's JSON serialisation, with times kept to the microsecond.

Django's JSON encoder cuts datetimes and times to milliseconds, so a JSON backup
would change every `modified` time and revision date a little. This serialiser
writes full ISO 8601 instead; Django's own JSON deserialiser reads it back (the
backup files are ordinary `.json.gz` fixtures for `loaddata`).
"""

import datetime

from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = json.Deserializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder

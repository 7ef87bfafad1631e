"""A refusal to start, said in one line: a bad configuration is not a crash."""

import sys
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured


@contextmanager
def refusing_bad_configuration():
    """Run Django, turning the ImproperlyConfigured that settings raise for a bad
    configuration into one line on stderr and exit status 1."""
    try:
        yield
    except ImproperlyConfigured as error:
        sys.exit(f"Dugout refuses to start: {error}")

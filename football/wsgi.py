"""WSGI entry point, used by gunicorn (`gunicorn football.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

from football.startup import refusing_bad_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "football.settings")

with refusing_bad_configuration():
    application = get_wsgi_application()

import os

from django.core.wsgi import get_wsgi_application

from essmed.core.server import freeze_after_first_request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essmed.settings")
application = get_wsgi_application()
freeze_after_first_request()

import os

from django.core.asgi import get_asgi_application

from essmed.core.server import freeze_after_first_request

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essmed.settings")
application = get_asgi_application()
freeze_after_first_request()

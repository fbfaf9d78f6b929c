"""`lindungi openapi`: print the API's OpenAPI document (JSON)."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from lindungi.api.api import api


class Command(BaseCommand):
    help = "Print the OpenAPI document of /api/v1/."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), indent=2))

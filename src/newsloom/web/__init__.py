"""``newsloom serve``: a local web app and JSON API over the store."""

from newsloom.web.app import create_app, serve

__all__ = ["create_app", "serve"]

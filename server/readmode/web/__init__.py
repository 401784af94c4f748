"""The readmode web application: JSON API, reader pages and static files.

Build it with :func:`readmode.web.app.create_app` and a :class:`readmode.web.config.ServerConfig`.
This package module imports nothing on purpose: extraction worker processes import
:mod:`readmode.web.worker` and should not pay for aiohttp and jinja2.
"""

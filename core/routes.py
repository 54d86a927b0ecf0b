"""Core's HTTP routes: the health check and the sign-in form."""

from core import health, session_routes

ROUTES = [*health.ROUTES, *session_routes.ROUTES]

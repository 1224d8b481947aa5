"""API routes, one module per resource; `projectradar.api.router` gathers them under /api."""

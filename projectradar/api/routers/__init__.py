"""API routes, one module per resource; `create_app` mounts them under /api."""

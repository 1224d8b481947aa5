"""Commands: placeholder until written."""
from .app import app  # noqa: F401

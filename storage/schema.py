"""Every model module, imported so that Base.metadata knows all tables (Alembic and tests use this)."""

from storage import archive_models, models, profile_models, watch_models
from storage.models import Base

__all__ = ["Base", "archive_models", "models", "profile_models", "watch_models"]

"""The tablet's own SQLite database: models, migrations, and the repositories views use."""

from storage.db import Store

__all__ = ["Store"]

"""Local SQLite storage: models, opening rules and schema upgrades."""

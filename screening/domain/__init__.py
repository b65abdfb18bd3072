"""Domain models and enums shared by every layer (no Qt, no database)."""

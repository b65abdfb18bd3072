"""The forms engine: loads forms/*.yaml into pydantic models, evaluates conditions, scores and flags.

Pure Python: no Qt, no database.
"""

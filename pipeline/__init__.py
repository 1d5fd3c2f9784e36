"""Russian news to structured facts: entities, dates and country–organization events."""

__version__ = "0.1.0"

"""Russian news to structured facts: entities, dates and country–organization events."""

import time

__version__ = "0.1.0"
# When the process started using the package: "time to first document" counts from here.
STARTED = time.time()

"""The registries a pack refers to by name: argument finders and argument checks.

Registered the way spaCy registers its functions (`catalogue`): a user adds
a finder with `@finders.register("my_finder")` in their own module, and a
package can offer finders through the `newsfacts_finders` entry point group.
Nothing else of the engine changes.
"""

from __future__ import annotations

import catalogue

finders = catalogue.create("newsfacts", "finders", entry_points=True)
checks = catalogue.create("newsfacts", "checks", entry_points=True)

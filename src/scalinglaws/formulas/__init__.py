"""Pure numpy formulas, one function per law, each citing its source in the docstring.

Modules: one per family of laws (relations, growth, neural). Nothing here fits or
validates; fitting code in ``relations``, ``growth`` and ``neural`` calls these.
"""

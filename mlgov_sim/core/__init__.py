"""The kernel: world, clock, database, operation table, validation, errors.

The kernel imports no feature package; features register their operations and
tables with it.
"""

"""Use cases: each function is one thing a reader, moderator or system asks of the service.

They run inside a transaction opened by `Context.transaction()`, call the pure domain for
every rule, and return plain data for the entrypoints to serialise.
"""

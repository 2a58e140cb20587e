"""Pure rules and schemas of a company visit: no I/O, no Flet, no SQL."""

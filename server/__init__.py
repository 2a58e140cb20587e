"""The central Feltmappe server: accounts, devices and the sync endpoints of SYNC.md.

It imports ``domain`` and ``sync.protocol`` from the app, never its local storage or views.
"""

"""Imported by the fork server alone (it is in `forkserver.preload`, nowhere else).

When the app has gone, the fork server exits at once instead of tearing down the parsers
it imported: that took 40-60 ms, during which a cron job or a pipe reading the app's
output still waited for it to end (the server holds the app's stdout and stderr). Its
workers leave by `os._exit` anyway, so nothing of theirs runs at exit either.
"""

import atexit
import os

atexit.register(os._exit, 0)

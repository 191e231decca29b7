"""Imported by the fork server alone (it is first in `forkserver.preload`, nowhere else).

- One BLAS thread (set before numpy is imported here): a worker is one process per core,
  and OpenBLAS threads of its own, one per core, would only compete with the others.
- When the app has gone, the server exits at once instead of tearing down the parsers it
  imported: that took 35-60 ms, during which a cron job or a pipe reading the app's
  output still waited for it to end (the server holds the app's stdout and stderr). Its
  workers leave by `os._exit` anyway, so nothing of theirs runs at exit either.
"""

import atexit
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
atexit.register(os._exit, 0)

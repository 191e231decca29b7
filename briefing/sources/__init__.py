"""Where articles come from: feeds and pages over HTTP, and the seeds folder."""

import sys

# httpx imports its command-line client whenever click is installed (briefing needs
# click): rich and pygments, about 40% of httpx's import time on every refresh, for a
# tool briefing never runs. Marked absent here, httpx falls back to a stub `httpx.main`.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

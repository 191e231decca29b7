"""Where articles come from: feeds and pages over HTTP, and the seeds folder."""

"""Stories and the daily edition: clustering articles, merging briefs, ranking."""

"""Optional language-model briefs, every point checked against the sentences it cites.

prompt.py numbers the sentences and builds what is sent; engine.py calls the model
through the `llm` library; grounding.py reads the answer and checks each point;
compose.py builds the brief from the points that hold; update.py brings stored stories
up to date after a refresh. The extractive briefer stays the default and the fallback:
nothing here runs unless [brief] engine = "llm" (or `rebrief --engine llm`).
"""

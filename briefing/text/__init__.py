"""What the briefer (brief/) and the story merge (edition/) both ask of a sentence: its
content words, its quotations, whether it can be read alone.

Small and without the panel models, so a process that merges stories but makes no
article brief (the refresh's own, the reader's) does not pay for compiling them.
"""

"""A corpus of hostile and broken vault files, generated at test time (see make.py)."""

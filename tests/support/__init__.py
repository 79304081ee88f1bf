"""Development helpers shared by the tests and the corpus scripts; never imported at run time."""

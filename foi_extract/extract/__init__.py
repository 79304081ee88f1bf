"""Extract: spaCy rules (and later a trained model) that find system and exemption facts."""

"""The kernel every stage shares."""

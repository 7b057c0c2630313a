"""Generator of realistic annual-report samples with ground truth in canonical keys."""

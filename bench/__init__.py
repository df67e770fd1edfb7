"""Benchmarks (not tests): each runs a real peer side by side and prints the ratios."""

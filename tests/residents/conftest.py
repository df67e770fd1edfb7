"""Fixtures for the residents' portal: an anonymous client over the demo county."""

"""Benchmarks of the residents' portal: its pages under gunicorn beside nginx, and search."""

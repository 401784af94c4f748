"""Extraction benchmarks for readmode: quality against reference texts, speed and memory.

Run ``python bench/quality.py --help``; see ``bench/README.md``.
"""

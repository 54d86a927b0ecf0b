"""Benchmarks and the data generator: `python -m bench generate --scale S --out DIR`
builds a realistic database at scale (1 = one city-year of Hà Nội); the `*_bench.py`
scripts measure one slice each and still run as plain scripts."""

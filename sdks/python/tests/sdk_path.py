"""Puts sdks/python on the import path, so that `python3 -m unittest discover -s sdks/python/tests` runs from anywhere."""

import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

#!/usr/bin/env python3
"""Puts fuzz/summary.py's table into docs/fuzzing.md, between its markers."""
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
doc = os.path.join(root, "docs", "fuzzing.md")
table = subprocess.run([sys.executable, os.path.join(root, "fuzz", "summary.py")],
                       check=True, capture_output=True, text=True).stdout
text = open(doc).read()
block = "<!-- results -->\n" + table + "<!-- /results -->"
if "<!-- results -->" in text:
    text = re.sub(r"<!-- results -->.*?<!-- /results -->", lambda _: block, text, flags=re.S)
else:
    text = text.replace("RESULTS_TABLE", block)
open(doc, "w").write(text)

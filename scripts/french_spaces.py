"""Put French no-break spaces into the app's UI string literals, in place.

    python scripts/french_spaces.py app.py pages/*.py app_lib/*.py

French typography keeps « » and a following : ; ! ? with the word they belong to: the space
inside guillemets and before those signs is a no-break one (U+00A0), so a line never begins with
a colon or a closing guillemet. tests/test_fr.py fails on a UI string written with a plain space;
this rewrites only string literals (docstrings and code are left alone), so a merge or a new page
can be brought back in line in one go.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from pathlib import Path

NBSP = "\u00a0"
_BEFORE_SIGN = re.compile(r" ([:;!?])(?=[\s\"'\\]|$)")


def _docstring_starts(source: str) -> set[tuple[int, int]]:
    starts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                starts.add((first.value.lineno, first.value.col_offset))
    return starts


def french_spaces(source: str) -> str:
    docstrings = _docstring_starts(source)
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    edits = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING or token.start in docstrings:
            continue
        text = token.string.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")
        text = _BEFORE_SIGN.sub(NBSP + r"\1", text)
        if text != token.string:
            start = line_starts[token.start[0] - 1] + token.start[1]
            end = line_starts[token.end[0] - 1] + token.end[1]
            edits.append((start, end, text))
    for start, end, text in reversed(edits):
        source = source[:start] + text + source[end:]
    return source


if __name__ == "__main__":
    for path in map(Path, sys.argv[1:]):
        before = path.read_text(encoding="utf-8")
        after = french_spaces(before)
        if after != before:
            path.write_text(after, encoding="utf-8")
            print(f"{path}: no-break spaces put in")

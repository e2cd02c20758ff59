#!/usr/bin/env python3
"""Checks that a document's references to lines of rule files still point at what they quote.

A reference names the file and the line or lines, and quotes them:

    `rules/优质均衡/00-规则集.jh` 第 8 行 `容差 1e-9`          the quoted text is on line 8
    `rules/优质均衡/10-资源配置.jh` 第 128–133 行：             the next code block, when the
                                                                reference ends the paragraph
    ```                                                         before it, is lines 128–133
    差异系数 校际差异系数 "资源配置指标校际差异系数" {           exactly (indentation included)
    …
    ```

Outside code blocks every "第 N 行" of the document must be such a reference, so that a line
number can't be written without something to check it against. Prints one line per problem
(DOC:LINE: message) and exits 1 when there is any.

Usage: doc_refs.py DOC...   (paths in the references are relative to the current directory)
"""
import re
import sys

REF = re.compile(r'(?:`(?P<file>rules/[^`]+\.(?:jh|lua))`\s*)?第\s*(?P<first>\d+)(?:\s*[–-]\s*(?P<last>\d+))?\s*行')
INLINE = re.compile(r'\s*[（(：:]?\s*`(?P<text>[^`]+)`')


def paragraphs(lines):
    """Yields (kind, start, body): kind 'text' or 'code', start the 0-based index of its first line."""
    i = 0
    while i < len(lines):
        if lines[i].startswith('```'):
            j = i + 1
            while j < len(lines) and not lines[j].startswith('```'):
                j += 1
            yield 'code', i, lines[i + 1:j]
            i = j + 1
        elif lines[i].strip():
            j = i
            while j < len(lines) and lines[j].strip() and not lines[j].startswith('```'):
                j += 1
            yield 'text', i, lines[i:j]
            i = j
        else:
            i += 1


def check(doc):
    problems = []
    lines = open(doc, encoding='utf-8').read().split('\n')
    files = {}

    def source(path):
        if path not in files:
            try:
                files[path] = open(path, encoding='utf-8').read().split('\n')
            except OSError as e:
                files[path] = e
        return files[path]

    parts = list(paragraphs(lines))
    for k, (kind, start, body) in enumerate(parts):
        if kind != 'text':
            continue
        refs = []  # (doc line, file, first, last, inline text or None)
        for n, line in enumerate(body):
            for m in REF.finditer(line):
                at = start + n + 1
                if not m.group('file'):
                    problems.append(f'{doc}:{at}: "{m.group(0)}" does not name the rule file it refers to')
                    continue
                first = int(m.group('first'))
                last = int(m.group('last') or first)
                q = INLINE.match(line, m.end())
                refs.append((at, m.group('file'), first, last, q.group('text') if q else None))
        block = parts[k + 1][2] if k + 1 < len(parts) and parts[k + 1][0] == 'code' else None
        for r, (at, path, first, last, text) in enumerate(refs):
            src = source(path)
            if isinstance(src, OSError):
                problems.append(f'{doc}:{at}: {path}: {src.strerror}')
                continue
            if first < 1 or last < first or last > len(src):
                problems.append(f'{doc}:{at}: {path} has no lines {first}–{last} (it has {len(src)})')
                continue
            wanted = src[first - 1:last]
            if text is not None:
                if first != last:
                    problems.append(f'{doc}:{at}: lines {first}–{last} of {path} must be quoted in a code block, not inline')
                elif text not in wanted[0]:
                    problems.append(f'{doc}:{at}: {path} line {first} is "{wanted[0].strip()}", not "{text}"')
            elif r == len(refs) - 1 and block is not None:
                if [b.rstrip() for b in block] != [w.rstrip() for w in wanted]:
                    problems.append(f'{doc}:{at}: the code block after this does not match {path} lines {first}–{last}:\n'
                                    + '\n'.join(f'    {w}' for w in wanted))
            else:
                problems.append(f'{doc}:{at}: {path} 第 {first} 行 quotes nothing: follow it with `the text`, '
                                'or end the paragraph with it and quote the lines in the code block after it')
    return problems


def main():
    problems = [p for doc in sys.argv[1:] for p in check(doc)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

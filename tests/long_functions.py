#!/usr/bin/env python3
"""Lists C++ functions longer than a limit (default 120 lines) in core/, app/ and ui/.

The developers' guide wants functions short enough to read in one go; this keeps it true. It is
a brace counter, not a parser: comments, string and character literals and preprocessor lines
are blanked out, then every `{` met at namespace or class level is classified by the text
before it. A header with parentheses (and not an initializer) opens a function body, which is
measured from the header's first line to its closing brace, lambdas and local classes included.
Namespaces, classes, structs, enums and `extern "C"` blocks are descended into.

Usage: long_functions.py [--max N] [ROOT]   (ROOT: the repository, default: this script's parent)
Exit status 1 when any function is over the limit, so CTest can run it.
"""
import argparse
import pathlib
import re
import sys

FOLDERS = ("core", "app", "ui")
SCOPE = re.compile(r'^(?:(?:template\s*<.*>\s*)?(?:namespace|class|struct|union|enum)\b|extern\s*"\s*")')
# A constructor's member list whose last member is brace-initialised so far.
MEMBER_INIT = re.compile(r"\)\s*:[^;]*[\w>]$")
QUALIFIERS = {"const", "override", "final", "noexcept", "mutable", "volatile"}
CONTROL = re.compile(r"^(?:if|for|while|switch|catch|do|else|try)\b")


def blank(text):
    """Comments, literals and preprocessor lines become spaces; newlines stay."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":
            # A preprocessor line, with its continuations.
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append(" \n")
                    i += 2
                    continue
                out.append(" ")
                i += 1
            continue
        if c == "\n":
            out.append(c)
            line_start = True
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:end]))
            i = end
            continue
        raw = re.match(r'R"([^()\\ ]{0,16})\(', text[i:i + 20])
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            close = ")" + raw.group(1) + '"'
            end = text.find(close, i + raw.end())
            end = n if end < 0 else end + len(close)
            out.append('""' + "".join(ch if ch == "\n" else " " for ch in text[i + 2:end]))
            i = end
            continue
        if c in "\"'":
            # A digit separator (1'000'000) is no literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * max(0, min(j, n) - i - 1) + (c if j < n else ""))
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def matching(text, open_at):
    depth = 0
    for k in range(open_at, len(text)):
        if text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(text) - 1


def functions(text):
    """(name, first line, last line) of each function body at namespace or class level."""
    found = []
    header_start = 0
    k = 0
    while k < len(text):
        c = text[k]
        if c in ";}":
            header_start = k + 1
        elif c == "{":
            header = text[header_start:k].strip()
            if MEMBER_INIT.search(header) and header.split()[-1] not in QUALIFIERS:
                k = matching(text, k)  # `: a_{1}, b_{2} {`: a member's braces, still the header
            elif SCOPE.match(header) and "(" not in header.split("{")[0]:
                header_start = k + 1  # descend: its members are headers of their own
            elif "(" in header and not header.rstrip().endswith("=") and not CONTROL.match(header):
                end = matching(text, k)
                region = text[header_start:k]
                first = text.count("\n", 0, header_start + len(region) - len(region.lstrip()))
                last = text.count("\n", 0, end)
                name = re.sub(r"\s+", " ", header.split("(")[0]).split(" ")[-1]
                found.append((name, first + 1, last + 1))
                k = end
                header_start = end + 1
            else:
                end = matching(text, k)  # an initializer list or some other block: skipped
                k = end
                header_start = end + 1
                # `= {...};` ends at its semicolon, which resets the header as usual.
        k += 1
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=str(pathlib.Path(__file__).resolve().parent.parent))
    parser.add_argument("--max", type=int, default=120, help="longest allowed function, in lines")
    args = parser.parse_args()
    root = pathlib.Path(args.root)
    long_ones = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.cpp")):
            text = blank(path.read_text(encoding="utf-8", errors="replace"))
            for name, first, last in functions(text):
                length = last - first + 1
                if length > args.max:
                    long_ones.append((length, f"{path.relative_to(root)}:{first}", name))
    for length, where, name in sorted(long_ones, reverse=True):
        print(f"{length:5d} lines  {where}  {name}")
    if long_ones:
        print(f"{len(long_ones)} function(s) over {args.max} lines in {', '.join(FOLDERS)}/")
        return 1
    print(f"no function over {args.max} lines in {', '.join(FOLDERS)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

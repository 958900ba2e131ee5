"""Turn the user guides (docs/*.md) into HTML pages for the installed program.

    python installer/build_docs.py OUT_DIR

Writes OUT_DIR/<guide>.html for every docs/*.md and copies docs/images/. HTML, not Markdown,
because every computer opens an .html file in its web browser; an .md file often opens
nowhere. The spec (peerdesk.spec) calls :func:`build` before it bundles the pages.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 17px;
       line-height: 1.55; color: #1d2b2a; background: #fbfaf7; margin: 0; }}
main {{ max-width: 48em; margin: 0 auto; padding: 1.5em 1.2em 4em; }}
h1, h2, h3 {{ color: #1b5a56; line-height: 1.25; }}
h2 {{ margin-top: 2em; border-bottom: 2px solid #d9e7e5; padding-bottom: .2em; }}
img {{ max-width: 100%; height: auto; border: 1px solid #c9d6d4; border-radius: 6px;
      box-shadow: 0 1px 4px rgba(0,0,0,.12); margin: .6em 0; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #c9d6d4; padding: .35em .6em; text-align: left;
         vertical-align: top; }}
th {{ background: #e8f1ef; }}
code {{ background: #eef2f1; padding: .05em .3em; border-radius: 3px; font-size: .92em; }}
pre {{ background: #eef2f1; padding: .8em; overflow-x: auto; border-radius: 4px; }}
pre code {{ background: none; padding: 0; }}
blockquote {{ border-left: 4px solid #f6c35b; margin: 1em 0; padding: .3em 1em;
             background: #fff8e6; }}
a {{ color: #1b5a56; }}
</style>
</head>
<body><main>
{body}
</main></body>
</html>
"""


def _title(text: str, fallback: str) -> str:
    match = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
    return match.group(1).strip() if match else fallback


def render(text: str, fallback_title: str) -> str:
    import markdown

    body = markdown.markdown(text, extensions=["tables", "sane_lists", "toc", "attr_list"],
                             output_format="html")
    body = re.sub(r'href="([\w-]+)\.md(#[\w-]*)?"', r'href="\1.html\2"', body)
    return PAGE.format(title=html.escape(_title(text, fallback_title)), body=body)


def build(out: Path, docs: Path = DOCS) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(docs.glob("*.md")):
        target = out / f"{source.stem}.html"
        target.write_text(render(source.read_text(encoding="utf-8"), source.stem),
                          encoding="utf-8")
        written.append(target)
    if (docs / "images").is_dir():
        shutil.copytree(docs / "images", out / "images", dirs_exist_ok=True)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build_docs.py OUT_DIR")
    for page in build(Path(sys.argv[1])):
        print(page)

"""`python -m kb.forms`: check that every committed schema is the one generated from its
definition; with `--yaz`, (re)write schemas/forms/*.schema.json from the definitions."""
from __future__ import annotations

import sys

from kb.common.paths import ROOT
from kb.common.problems import BuildError
from kb.forms.loader import load_forms, write_schemas


def main(argv: list[str]) -> int:
    from kb.content.loader import load_knowledge_base

    try:
        kb = load_knowledge_base(ROOT)
        if "--yaz" in argv:
            written = write_schemas(ROOT, kb)
            print("\n".join(f"yazıldı: {w}" for w in written) or "Şemalar zaten güncel.")
            return 0
        forms = load_forms(ROOT, kb)
        print(f"{len(forms)} form geçerli; şemalar güncel.")
        return 0
    except BuildError as exc:
        for p in exc.problems.sorted():
            print(p, file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

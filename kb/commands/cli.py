"""Command line: parse arguments, run a command, turn every failure into a clear message.

Exit codes: 0 success, 1 problems found (invalid content/data, rule not met),
2 unusable input or usage error. No traceback reaches the user.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kb.common.problems import BuildError
from kb.common.paths import ROOT



class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits with 2 on usage errors; keep it, in Turkish
        self.print_usage(sys.stderr)
        print(f"kullanım hatası: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="generator.py", description="Destekli istihdam bilgi tabanı üreticisi")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("check", help="tüm içeriği ve formları doğrula")
    c.add_argument("--root", type=Path, default=ROOT,
                   help="denetlenecek proje kökü (içinde content/ olan klasör; varsayılan: bu proje)")
    c.add_argument("--onbellek-yok", "--no-cache", dest="no_cache", action="store_true",
                   help="build/cache/ içindeki önbelleği kullanma: her dosyayı yeniden oku ve doğrula")
    b = sub.add_parser("build", help="siteyi build/site/ altına üret")
    b.add_argument("--quiet", action="store_true")
    b.add_argument("--root", type=Path, default=ROOT,
                   help="derlenecek proje kökü (site, kökün build/site/ klasörüne yazılır; varsayılan: bu proje)")
    s = sub.add_parser("serve", help="siteyi derle ve yerel bir adreste yayınla")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--no-build", action="store_true", help="derlemeden, var olan build/site'ı yayınla")
    s.add_argument("--root", type=Path, default=ROOT,
                   help="yayınlanacak proje kökü (kökün build/site/ klasörü; varsayılan: bu proje)")
    for command in (b, s):  # the public address; README "Yayınlama"
        command.add_argument("--site-url", metavar="URL",
                             help="sitenin yayınlanacağı tam adres, örneğin https://destek.ornek.gov.tr/ (basılı kontrol "
                                  "listelerindeki adres ve QR kodu, form şemalarının $id'si); SITE_URL ortam "
                                  "değişkeninin yerine geçer")
    v = sub.add_parser("validate", help="doldurulmuş form verisini doğrula")
    v.add_argument("form_id")
    v.add_argument("file")
    v.add_argument("--donem", metavar="YYYY/N", help="rehber dönemi (yazılmazsa verideki 'donem', o da yoksa en yeni dönem)")
    e = sub.add_parser("evaluate", help="kuralları bir yanıt dosyasıyla değerlendir")
    e.add_argument("ruleset")
    e.add_argument("file")
    e.add_argument("--json", action="store_true")
    e.add_argument("--donem", metavar="YYYY/N", help="rehber dönemi (yazılmazsa yanıt dosyasındaki 'donem', o da yoksa en yeni dönem)")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "site_url", None) is not None:
        from kb.site.sitemap import SITE_URL_ENV

        os.environ[SITE_URL_ENV] = args.site_url  # read where the address is used (kb/site/sitemap.py)
    try:
        if args.command == "check":
            from kb.commands.check import run_check

            print(run_check(args.root.resolve(), cache=not args.no_cache))
            return 0
        if args.command == "build":
            from kb.commands.build import build

            build(args.root.resolve(), quiet=args.quiet)
            return 0
        if args.command == "serve":
            from kb.commands.build import build
            from kb.commands.serve import serve

            root = args.root.resolve()
            if not args.no_build:
                build(root)
            return serve(root / "build" / "site", args.port)
        if args.command == "validate":
            from kb.commands.validate import run_validate

            return run_validate(ROOT, args.form_id, args.file, period=args.donem)
        if args.command == "evaluate":
            from kb.commands.evaluate import run_evaluate

            return run_evaluate(ROOT, args.ruleset, args.file, as_json=args.json, period=args.donem)
    except BuildError as exc:
        problems = exc.problems.sorted()
        for p in problems:
            print(p, file=sys.stderr)
        print(f"{len(problems)} sorun bulundu.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("durduruldu.", file=sys.stderr)
        return 2
    except Exception as exc:  # last resort: never show a traceback to a user
        if os.environ.get("KB_DEBUG"):
            raise
        print(f"beklenmeyen hata: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("Bu bir yazılım hatasıdır; lütfen bu çıktıyla birlikte bildirin.", file=sys.stderr)
        return 2
    return 2

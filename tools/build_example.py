"""Build step: ship the demo vault (`examples/vault`, its source of truth) inside the package.

`vaultkit init --example` copies it from `vaultkit/example_vault/` in an installed wheel; an
editable install and a source checkout read `examples/vault` itself, so this step copies only
for real builds. Named in pyproject.toml (`[tool.setuptools.cmdclass]`); the sdist carries
`examples/vault` (MANIFEST.in), so a wheel built from the sdist has it too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

SOURCE = Path("examples") / "vault"  # relative to the project root, where builds run
TARGET = Path("vaultkit") / "example_vault"


class BuildPy(build_py):  # type: ignore[misc]  # setuptools ships no type information
    """`build_py`, then a copy of the demo vault into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        if not SOURCE.is_dir():
            raise FileNotFoundError(f"{SOURCE}: the demo vault is missing; build from a checkout")
        target = Path(self.build_lib) / TARGET
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(SOURCE, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        target = Path(self.build_lib) / TARGET
        return outputs + [
            str(target / p.relative_to(SOURCE)) for p in sorted(SOURCE.rglob("*")) if p.is_file()
        ]

"""The layers of the project: imports run downward only.

    core  <-  careers <-> news (models only)  <-  pages, pagecache, ops
(and careers, news <- pagecache.values, which stands on core alone)

Every module under football/ is parsed and each import, at the top of the module or
inside a function, is checked against what its layer may use.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "football"

# What each layer may import from the project, besides itself.
ALLOWED = {
    "core": set(),
    # The lists of managers and clubs, and the news list, keep their counts under the
    # page cache's tokens.
    "careers": {"core", "news.models", "pagecache.values"},
    "news": {"core", "careers.models", "pagecache.values"},
    # The page cache stands on the bottom layer; it knows records only by app label.
    "pagecache": {"core"},
    "pages": {"core", "careers", "news"},
    "ops": {"core", "careers", "news", "pagecache"},
}


def module_name(path, root=ROOT):
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_imports(path, root=ROOT):
    """The football.* modules a file imports, relative imports resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
                names = [module] + [f"{module}.{alias.name}" for alias in node.names]
            else:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name and name.startswith("football."))
    return found


def layer_of(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def allowed(source_layer, target):
    target_layer = layer_of(target)
    if target_layer is None or target_layer == source_layer:
        return True
    rest = target.split(".", 1)[1]
    return any(rest == rule or rest.startswith(rule + ".") for rule in ALLOWED[source_layer])


def app_modules():
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if layer_of(module_name(path)) is not None and "migrations" not in path.parts
    )


def upward_imports(paths, root=ROOT):
    faults = []
    for path in paths:
        source = module_name(path, root)
        for target in sorted(project_imports(path, root)):
            if not allowed(layer_of(source), target):
                faults.append(f"{source} imports {target}")
    return faults


def test_every_app_module_is_checked():
    layers = {layer_of(module_name(path)) for path in app_modules()}
    assert layers == set(ALLOWED)


def test_no_import_runs_upward():
    assert upward_imports(app_modules()) == []


@pytest.mark.parametrize(
    ("layer", "line"),
    [
        ("core", "from football.careers.models import Manager"),
        ("core", "from ..pages import views"),
        ("careers", "from football.pages.views import home"),
        ("careers", "from football.news.views import story_list"),
        ("news", "import football.ops.seed_data"),
        ("pagecache", "from football.news.models import Story"),
    ],
)
def test_an_upward_import_is_caught(tmp_path, layer, line):
    """The check itself: an upward import, even one inside a function, is named."""
    module = tmp_path / "football" / layer / "fault.py"
    module.parent.mkdir(parents=True)
    module.write_text(f"from football.core import text\n\ndef later():\n    {line}\n")
    faults = upward_imports([module], root=tmp_path)
    assert faults and all(f.startswith(f"football.{layer}.fault imports ") for f in faults)


def test_a_relative_import_within_a_layer_is_allowed(tmp_path):
    module = tmp_path / "football" / "careers" / "views.py"
    module.parent.mkdir(parents=True)
    module.write_text("from .models import Manager\nfrom football.news.models import Story\n")
    assert "football.careers.models" in project_imports(module, root=tmp_path)
    assert upward_imports([module], root=tmp_path) == []

"""How the first run reads the native layer (build/pyz/_aegis_pyz/layers.py), on the real
bundles of the built pyz: reading stops after the wanted wheel directories yet yields
exactly what a full read of the bundle does, and the prefetch thread hands the same
members over once. The extraction itself (locks, kills, 8 concurrent first runs) is in
test_pyz_platforms.py."""

from __future__ import annotations

import json
import sys
import tarfile
import zipfile

import pytest

from tests.conftest import ROOT, built_pyz

sys.path.insert(0, str(ROOT / "build" / "pyz"))
from _aegis_pyz import layers  # noqa: E402

PLATFORM = "linux-x86_64"


def full_read(archive: zipfile.ZipFile, bundle: str) -> dict:
    """{wheel: [(relative path, bytes)]} of every wheel in the bundle, by tarfile alone."""
    found: dict = {}
    with archive.open(f"native/{bundle}") as raw, tarfile.open(fileobj=raw, mode="r|xz") as tar:
        for member in tar:
            wheel, _, rel = member.name.partition("/")
            if member.isfile():
                found.setdefault(wheel, []).append((rel, tar.extractfile(member).read()))
    return found


@pytest.fixture(scope="module")
def bundles():
    """The bundles of one platform in the built pyz and their full contents."""
    if not built_pyz().is_file():
        pytest.fail(f"{built_pyz()} is missing: run `make pyz`")
    with zipfile.ZipFile(built_pyz()) as archive:
        manifest = json.loads(archive.read(layers.LAYERS_JSON))
        names = sorted({manifest["bundles"][w] for key, wheels in manifest["layers"].items()
                        if key.startswith(PLATFORM + "-cp") for w in wheels})
        yield archive, manifest, {name: full_read(archive, name) for name in names}


class CountingStream(layers.XzStream):
    instances: list = []

    def __init__(self, data: bytes):
        super().__init__(data)
        CountingStream.instances.append(self)


def test_each_wheel_read_alone_is_exactly_its_part_of_the_bundle(bundles, monkeypatch):
    archive, _manifest, contents = bundles
    monkeypatch.setattr(layers, "XzStream", CountingStream)
    for bundle, wheels in contents.items():
        for wheel in sorted(wheels):
            assert layers.read_wheels(archive, bundle, [wheel]) == {wheel: wheels[wheel]}
    # pydantic-core holds one build per CPython (~5 MB each) in one stream: reading the
    # oldest stops long before the end of the stream
    bundle = next(name for name in contents if name.startswith("pydantic_core-"))
    assert len(contents[bundle]) >= 4
    CountingStream.instances.clear()
    layers.read_wheels(archive, bundle, [min(contents[bundle])])
    assert not CountingStream.instances[0]._decompressor.eof


def test_the_prefetch_hands_over_this_layers_wheels_once(bundles, tmp_path):
    archive, manifest, contents = bundles
    key = f"{PLATFORM}-cp311"
    prefetch = layers.start_prefetch(archive.filename, manifest, tmp_path / "native", key)
    assert prefetch is not None and layers.PREFETCH is prefetch
    try:
        for bundle, wheels in layers.wheels_by_bundle(manifest, key).items():
            assert prefetch.members(bundle, wheels) == {w: contents[bundle][w] for w in wheels}
            assert prefetch.members(bundle, wheels) is None      # released after the hand-over
        assert prefetch.members("no-such-bundle.tar.xz", ["x"]) is None
    finally:
        layers.PREFETCH = None


def test_no_prefetch_when_the_layer_is_already_extracted(bundles, tmp_path):
    archive, manifest, _contents = bundles
    key = f"{PLATFORM}-cp312"
    for wheel in layers.select(manifest, key):
        (tmp_path / "native" / wheel).mkdir(parents=True)
    assert layers.start_prefetch(archive.filename, manifest, tmp_path / "native", key) is None


def test_a_truncated_bundle_is_an_error_not_a_short_read():
    import lzma
    data = lzma.compress(b"x" * 100_000, format=lzma.FORMAT_XZ)
    stream = layers.XzStream(data[: len(data) // 2])
    with pytest.raises(EOFError):
        stream.read(100_000)
    assert layers.XzStream(data).read() == b"x" * 100_000


def test_the_prefetch_reads_what_is_imported_at_once_first(bundles, tmp_path):
    archive, manifest, _contents = bundles
    key = f"{PLATFORM}-cp311"
    prefetch = layers.start_prefetch(archive.filename, manifest, tmp_path / "native", key)
    try:
        eager = [b for b in prefetch.order if b.startswith("pydantic_core-")]
        assert prefetch.order[:1] == eager, prefetch.order
        assert layers.late_bundles(manifest, prefetch.by_bundle) == set(prefetch.order[1:])
    finally:
        prefetch.thread.join()
        layers.PREFETCH = None


def test_late_wheels_are_extracted_meanwhile_and_waited_for_only_when_imported(
        bundles, tmp_path, monkeypatch):
    """activate writes pydantic-core before returning; cryptography and cffi come from a
    thread, and only an import of one of their names waits for it."""
    archive, manifest, contents = bundles
    key = f"{PLATFORM}-cp311"
    # the standard library only, as in the server (the test venv has its own cryptography)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if "site-packages" not in p
                                      and not p.startswith(str(ROOT))])
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setattr(sys, "path_importer_cache", dict(sys.path_importer_cache))
    site = tmp_path / "build" / "site-packages"
    site.mkdir(parents=True)
    sys.path.append(archive.filename)       # shiv's _bootstrap (its file lock) is in the pyz
    sys.path.append(str(site))
    paths = layers.activate(archive.filename, site, key)

    late = [f for f in sys.meta_path if isinstance(f, layers.LateLayer)]
    assert len(late) == 1
    finder = late[0]
    assert {"cryptography", "cffi", "_cffi_backend"} <= finder.names
    assert "pydantic_core" not in finder.names
    eager = [p for p in paths if p.name.startswith("pydantic_core-")]
    assert eager and eager[0].is_dir() and str(eager[0]) in sys.path
    assert not any("cryptography-" in entry for entry in sys.path)

    # an optional import that is missing anyway does not wait for the thread
    assert finder.find_spec("brotli") is None and finder.find_spec("cryptography.x", ["p"]) is None
    assert finder in sys.meta_path

    spec = finder.find_spec("cryptography")
    assert spec is not None and "/native/cryptography-" in spec.origin.replace("\\", "/")
    assert finder not in sys.meta_path
    assert sys.path.index(str(site)) == max(sys.path.index(str(p)) for p in paths) + 1
    for path in paths:                      # every file of each wheel, as the bundle holds it
        bundle = manifest["bundles"][path.name]
        files = sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
        assert files == sorted(rel for rel, _data in contents[bundle][path.name])

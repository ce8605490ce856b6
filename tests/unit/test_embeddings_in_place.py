"""The bundled model read in place (aegis.embeddings.in_place) gives the eager model's
vectors and digest, from a plain file and from a stored entry inside a zip archive."""

from __future__ import annotations

import os
import random
import zipfile
import zipimport

import pytest

from aegis.embeddings import in_place
from aegis.embeddings.static_model import StaticModel, _asset_path, _read_asset, content_words

pytestmark = pytest.mark.skipif(not hasattr(os, "pread"), reason="in place needs os.pread")


@pytest.fixture(scope="module")
def eager():
    return StaticModel(_read_asset("model.bin"), _read_asset("vocab.txt").decode("utf-8"))


def texts(vocab: str, count: int) -> list[str]:
    words = vocab.split("\n")[:-1]
    rng = random.Random(18)
    fixed = ["how do we deploy a new release?", "render_invoice_pdf is timing out",
             "Café naïve résumé — 日本語 🚀", "xqzjvv qqqqqqqqqq", "", "ok thanks", "[UNK] ##s"]
    return fixed + [" ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
                    for _ in range(count)]


def test_the_source_tree_model_is_read_in_place_with_the_eager_vectors(eager):
    model = StaticModel.bundled()
    assert isinstance(model.scales, in_place.Scales)          # really in place
    assert model.digest == eager.digest and model.dimensions == eager.dimensions
    for text in texts(_read_asset("vocab.txt").decode("utf-8"), 400):
        assert model.embed(content_words(text)) == eager.embed(content_words(text)), text
    # past EAGER_AFTER reads it has switched to the whole matrix, with the same results
    assert model._rows.matrix.whole is not None
    assert model.embed("deploy the billing worker") == eager.embed("deploy the billing worker")


def test_fewer_dimensions_in_place(eager):
    small = StaticModel.bundled(64)
    reference = StaticModel(_read_asset("model.bin"), _read_asset("vocab.txt").decode(), 64)
    assert small.dimensions == 64
    assert small.embed("rotate the api keys") == reference.embed("rotate the api keys")


def test_a_stored_zip_entry_is_located_and_a_compressed_one_is_not(tmp_path):
    blob = _read_asset("model.bin")
    archive = tmp_path / "bundle.pyz"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("__main__.py", "")
        bundle.writestr("pkg/stored.bin", blob, compress_type=zipfile.ZIP_STORED)
        bundle.writestr("pkg/packed.bin", blob, compress_type=zipfile.ZIP_DEFLATED)
    zipimport.zipimporter(str(archive))        # as running the archive does: its directory
    location = in_place.asset_location(os.path.join(str(archive), "pkg", "stored.bin"))
    assert location is not None and location[0] == str(archive) and location[2] == len(blob)
    matrix = in_place.Matrix(location, lambda: blob)
    assert matrix.read(0, 4096) == blob[:4096]
    assert matrix.read(len(blob) - 100, 4096) == blob[-100:]
    assert in_place.asset_location(os.path.join(str(archive), "pkg", "packed.bin")) is None
    assert in_place.asset_location(os.path.join(str(archive), "pkg", "missing.bin")) is None
    assert in_place.asset_location(str(tmp_path / "nowhere" / "model.bin")) is None


def test_the_bundled_path_is_the_asset(eager):
    location = in_place.asset_location(_asset_path("model.bin"))
    assert location is not None
    path, offset, size = location
    with open(path, "rb") as handle:
        handle.seek(offset)
        assert handle.read(size) == _read_asset("model.bin")

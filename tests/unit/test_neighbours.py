"""The local model's neighbour words (aegis.neighbours) and how keyword search weighs them."""

from __future__ import annotations

from aegis.neighbours import neighbours
from aegis.stem import stem
from aegis.text import RELATED_WEIGHT, coverage, lone_word_match, query_terms


def test_a_word_has_the_models_nearest_words_none_of_its_own_stem():
    assert "forecast" in neighbours("predict")
    assert "speed" in neighbours("velocity")
    assert all(stem(word) != stem("predict") for word in neighbours("predict"))


def test_unknown_and_odd_words_have_no_neighbours():
    assert neighbours("qwxzv") == ()
    assert neighbours("café") == () and neighbours("v2") == () and neighbours("") == ()


def test_a_neighbour_counts_as_a_related_word_does():
    memory = "The ETA service forecasts arrival times."
    terms = query_terms("predict", expand=True)
    assert "forecast" in terms[0].neighbours and '"forecast"' in terms[0].fts()
    assert coverage(terms, memory) == RELATED_WEIGHT
    assert coverage(query_terms("predict"), memory) == 0.0      # not expanded: no credit


def test_one_neighbour_alone_is_no_evidence_whatever_the_prompt_length():
    memory = "The kitchen display batches breakfast orders every two minutes."
    assert lone_word_match(query_terms("good morning!", expand=True), memory)
    assert not lone_word_match(query_terms("breakfast orders", expand=True), memory)
    # a neighbour beside a word of the memory's own is evidence
    assert not lone_word_match(query_terms("morning orders", expand=True), memory)


def test_an_acronym_matches_as_spelt_not_by_stem():
    memory = "The consumer was fixed by capping its fetch size."
    assert coverage(query_terms("CAP theorem", expand=True), memory) == 0.0
    assert coverage(query_terms("CAP", expand=True), "The CAP is 1 MB.") == 1.0
    assert coverage(query_terms("PR", expand=True), "Two PRs a day.") == 1.0


def _whole_table() -> bytes:
    from aegis import neighbours, package_data
    return package_data.read(neighbours.__file__, *neighbours.ASSET)


def _bytes_reader(table: bytes):
    return lambda offset, length: table[offset:offset + length]


def test_the_bisection_finds_every_line_of_the_table_and_nothing_else():
    from aegis.neighbours import _line
    table = _whole_table()
    lines = table.decode("ascii").splitlines()
    assert len(lines) > 10_000 and lines == sorted(lines)
    read = _bytes_reader(table)
    for line in lines:
        assert _line(read, len(table), line.split()[0].encode()) == line.encode()
    for absent in (b"", b"a", b"zzzzzz", b"predic", b"predicts", b"aa", b"zz" * 60):
        assert _line(read, len(table), absent) == b""


def test_the_bisection_copes_with_any_table_shape():
    from aegis.neighbours import WINDOW, _line
    long_line = b"mango " + b"fruit " * (WINDOW // 3)          # longer than a window
    for lines in ([b"solo"], [b"alpha one", b"beta two", long_line, b"omega end"],
                  [b"w%05d x" % n for n in range(0, 3000, 3)]):
        for ending in (b"\n", b""):
            table = b"\n".join(lines) + ending
            read = _bytes_reader(table)
            for line in lines:
                assert _line(read, len(table), line.split()[0]) == line
            assert _line(read, len(table), b"w00001") == b""
            assert _line(read, len(table), b"zzz") == b"" and _line(read, len(table), b"a") == b""


def test_the_table_is_looked_up_in_place_in_a_file_and_in_a_stored_zip_member(tmp_path):
    import os
    import zipfile
    import zipimport

    from aegis import neighbours, package_data
    from aegis.neighbours import ASSET, _line
    table = _whole_table()
    lines = table.splitlines()
    archive = tmp_path / "bundle.pyz"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("aegis/" + "/".join(ASSET), table, compress_type=zipfile.ZIP_STORED)
        bundle.writestr("aegis/squeezed.txt", table, compress_type=zipfile.ZIP_DEFLATED)
    zipimport.zipimporter(str(archive))                  # as the running archive has been
    in_source = os.path.join(os.path.dirname(neighbours.__file__), *ASSET)
    in_zip = os.path.join(str(archive), "aegis", *ASSET)
    for path in (in_source, in_zip):
        location = package_data.asset_location(path)
        assert location is not None and location[2] == len(table), path
        file, at, size = location
        fd = os.open(file, os.O_RDONLY)
        try:
            def read(offset, length):
                return os.pread(fd, max(0, min(length, size - offset)), at + offset)
            assert read(0, 40) == table[:40]
            for line in lines[::53] + lines[-2:]:
                assert _line(read, size, line.split()[0]) == line, path
            assert _line(read, size, b"predicts") == b""
        finally:
            os.close(fd)
    assert package_data.asset_location(os.path.join(str(archive), "aegis", "squeezed.txt")) is None
    assert neighbours._source()[1] == len(table)         # this process reads it in place too


def test_neighbours_alone_are_no_evidence_however_many():
    # "novel" reaches "booked" through "book", "library" reaches "books": two loose words
    memory = "Wheelchair seats are booked only by phone; books of tickets go by post."
    terms = query_terms("recommend a good novel set in a library", expand=True)
    assert all(term.words[0] not in memory for term in terms)
    assert coverage(terms, memory) > 0
    assert lone_word_match(terms, memory)
    # one word of the prompt's own beside them is evidence
    assert not lone_word_match(query_terms("are wheelchair seats a novel booking, library "
                                           "staff ask", expand=True), memory)

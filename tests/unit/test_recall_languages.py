"""What a prompt naming a programming language gets (aegis.recall.languages): a request
for code the conventions about what the code will be in that language
(aegis.recall.coding), a question nothing written for another language
(aegis.recall.select)."""

from __future__ import annotations

from aegis.recall import languages
from aegis.recall.coding import conventions_for


def texts(service, prompt: str) -> list[str]:
    return [m.text for m in conventions_for(service, prompt, lambda _id: False)]


def test_a_request_in_one_language_does_not_bring_another_languages_rules(service):
    service.save("Go errors are wrapped with %w and every function returns them last.",
                 tags=["go", "convention"])
    service.save("Every Python function argument gets a type annotation.",
                 tags=["convention"])
    service.save("Function names are snake_case in every service.", tags=["convention"])
    asked = texts(service, "write a python function that flattens a nested list")
    assert any("Python function" in t for t in asked)
    assert any("snake_case" in t for t in asked)        # names no language: applies
    assert not any("Go errors" in t for t in asked)
    assert any("Go errors" in t for t in texts(service, "write a go function that sums a slice"))
    # a request naming no language gets them all
    assert len(texts(service, "write a function that sums a list")) == 3


def test_a_rule_about_what_the_code_will_not_contain_stays_out(service):
    service.save("Snapshot tests are recorded on the iPhone 15 simulator only.",
                 tags=["testing", "convention"])
    service.save("Every function argument gets a type annotation.", tags=["convention"])
    asked = texts(service, "write a function that checks a palindrome")
    assert asked == ["Every function argument gets a type annotation."]
    # the same rule comes with a request for what it is about
    assert any("Snapshot" in t for t in texts(service, "write a test for the login screen"))


def test_language_names_are_read_as_developers_spell_them():
    assert languages.named_in("write a c++ function", prose=False) == {"c++"}
    assert languages.named_in("a C# record and a TypeScript type") == {"c#", "javascript"}
    assert languages.named_in("keys live in src/lib/shortcuts.ts") == {"javascript"}
    # an English word is a language in prose only when capitalised
    assert languages.named_in("sensors go back to sleep; rust on the pins") == frozenset()
    assert languages.named_in("Go errors are wrapped") == {"go"}
    assert languages.named_in("write a go function", prose=False) == {"go"}
    assert languages.of_tags(["go", "convention", "R"]) == {"go", "r"}


def test_a_memory_naming_no_language_is_never_foreign():
    python = frozenset({"python"})
    assert not languages.foreign(python, "Function names are snake_case.", ["convention"])
    assert languages.foreign(python, "Perl subs take no signatures.", ["convention"])
    assert not languages.foreign(python, "Port the Perl job to Python.", [])
    assert not languages.foreign(frozenset(), "Perl subs take no signatures.", [])


def test_a_question_about_one_language_recalls_nothing_written_for_another(service):
    from aegis.recall.select import recall_hits
    service.save("Oban job args are plain ids, never structs, in the Elixir app.",
                 tags=["elixir", "convention"])

    def recalled(prompt: str) -> list[str]:
        return [hit.memory.text for hit in recall_hits(service, prompt, 5, 0.2)]
    assert recalled("c#: when should i use a struct instead of a class") == []
    # naming no language, or both, the Elixir rule is as relevant as its words make it
    assert recalled("when should i use a struct instead of a class")
    assert recalled("elixir or c#: when should i use a struct instead of a class")

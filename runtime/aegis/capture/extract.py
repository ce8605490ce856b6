"""Salient statements from a conversation, without an LLM.

Each prose sentence (see ``sentences``) is matched against cue patterns for
five categories — an explicit "remember that…", decisions, conventions and
rules, preferences, fixes and root causes. The strongest cue gives the base
salience; hedges, questions, narration ("Let me…") and hypotheticals lower it,
a rationale ("because…") or a concrete identifier raise it, and what the
assistant says weighs less than what the user says. Sentences below the
minimum salience are dropped. The user's plain project facts (a port, a path,
a version, an owner: ``facts``) and standing statements (``standing``) count
without a cue, as do the items of a list introduced as the project's rules
(``lists``); an edit to one thing is a task, not a rule (``oneoff``); a
correction takes back what it corrects in the same session (``corrections``). The assistant's "Found
it." makes the explanation after it a cause, and the fix said right after a
cause joins it in one memory. Kept sentences are made self-contained (a
leading "it"/"this" is resolved from the sentence before, a short heading
before a colon dropped), classified — a convention says what to do, a fact
how things are — and tagged (``tags``); the importance of a memory follows
its salience.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from aegis.capture import (answers, corrections, directives, facts, fragments, labelled, lists, marked, named,
                           oneoff, secret_only, standing, summaries)
from aegis.capture.sentences import paragraphs
from aegis.capture.tags import tags_for
from aegis.transcript import Message

ROLE_WEIGHT = {"user": 1.0, "assistant": 0.8}
MIN_WORDS, MAX_WORDS, MAX_CHARS = 4, 70, 600
MAX_STATEMENTS = 500


def _cue(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


# "Only the platform team can change the Terraform modules": who may do something, a rule.
ONLY_WHO = _cue(r"^only\s+(?:the\s+|our\s+)?(?:[\w'-]+\s+){0,3}?(?:can|may|should|gets?\s+to|"
                r"(?:is|are)\s+allowed\s+to)\b")


# "explain diffs briefly", "keep your answers short": how the user wants the assistant to
# talk, a preference of the user's whatever the project.
ASSISTANT_STYLE = _cue(r"^(?:(?:and|also|please|pls|plz|just)[,]?\s+)*(?:keep|make|explain|write|give|answer|reply|"
                       r"summari[sz]e|describe)\s+(?:(?:your|the|me|my|all)\s+)?(?:explanations?|"
                       r"answers?|replies|responses?|summar(?:y|ies)|diffs?)\b[^.?]{0,40}?\b(?:brief(?:ly)?|short(?:er)?|"
                       r"concise(?:ly)?|terse(?:ly)?|in\s+(?:english|bullets?|bullet\s+points|plain\s+\w+)|"
                       r"one\s+line|to\s+the\s+point)\b")

# (category, salience, pattern): the strongest matching cue wins.
CUES: tuple[tuple[str, float, re.Pattern], ...] = (
    ("preference", 0.8, ASSISTANT_STYLE),
    # "Rule number one for us: nothing is done by hand", "house rule: …": a rule named as one
    ("convention", 0.8, _cue(r"^(?:(?:our|the|a|one|house|golden|team|hard)\s+){0,2}rules?(?:\s+(?:number\s+)?"
                             r"(?:one|two|three|#?\d+))?(?:\s+(?:for\s+us|here|of\s+the\s+house))?\s*:\s*\S")),
    # "we want to stay OpenXR-only so the Pico build keeps working": a standing intent
    ("decision", 0.75, _cue(r"\bwe\s+(?:want|need|have|plan|intend|prefer)\s+to\s+(?:stay|keep|remain|stick)\b")),
    ("note", 0.95, _cue(r"\b(?:remember|don'?t forget|do not forget|keep in mind|note)\s+(?:that\b|:)"
                        r"|^(?:remember|note|fyi|important|constraints?|requirements?|rule)\s*[:,-]"
                        r"|\bfor future reference\b"
                        r"|\bmake a note\b")),
    ("preference", 0.85, _cue(r"\bI(?:'d| would) (?:much )?rather\b|\bI tend to (?:prefer|like|want)\b"
                              r"|\b(?:we|the team)\s+(?:really\s+|strongly\s+|generally\s+|usually\s+|always\s+)?prefer\b"
                              r"|\bI\s+(?:usually|normally|typically|generally|always)\s+(?:want|like)\b"
                              r"|\bI\s+(?:really\s+|strongly\s+|generally\s+|always\s+)?"
                              r"(?:prefer|like\s+\S+(?:\s+\S+)?\s+better"
                              r"|hate|dislike|don'?t like|can'?t stand|(?:don'?t|do not) want)\b"
                              r"|\bmy (?:preference|preferred|personal)\b"
                              r"|\bI (?:always|never) (?:want|use|write|put)\b"
                              r"|\bI'?m\s+(?:really\s+)?not\s+(?:a|a\s+big|much\s+of\s+a)\s+fan\s+of\b"
                              # "I like one describe block per function": a liking for a practice
                              r"|^(?:also\s+|and\s+)?I\s+(?:really\s+)?like\s+(?:one|a|an|each|every|"
                              r"all|my|our|(?:[a-z]+\s+)?\w+s\b)(?!\s+(?:idea|bit|lot|way|time|day|people)\b)"
                              r"|\bplease (?:always|never|don'?t|do not|stop|avoid)\b")),
    ("decision", 0.85, _cue(r"\b(?:we|I|the team)\s+(?:have\s+|had\s+)?(?:decided|agreed|settled)\b"
                            r"|\bdecided (?:to|on|that)\b|\bthe decision (?:is|was)\b"
                            r"|\blet'?s (?:use|go with|stick with|switch|keep|adopt|move|standardi[sz]e)\b"
                            r"|\bwe(?:'re| are) going (?:to go )?with\b"
                            r"|\bwe(?:'ll| will) (?:\w+ )?(?:use|go with|stick with|switch to|standardi[sz]e|"
                            r"generate|keep|build|deploy|run|move)\b"
                            r"|^(?:stick|go) with\b"
                            r"|\bgoing forward\b|\bfrom now on\b"
                            r"|\bwe (?:now|switched|moved|migrated|replaced|dropped|standardi[sz]ed)\b"
                            r"|\bchose\b.+\bover\b|\bsettled on\b|\bno longer\b"
                            r"|\b(?:we|I|the team)\s+(?:picked(?! up)|chose|opted for|selected|went with|went for)\b"
                            r"|\b(?:we|the team)\s+(?:ended up|landed on)\b"
                            r"|\bwe\s+(?:moved|migrated|switched)\s+(?:off|away from|from)\b")),
    # "plain MVVM was rejected since every team did it differently": a choice, said from the loser's side
    ("decision", 0.8, _cue(r"\b(?:was|were|got|been)\s+(?:rejected|ruled\s+out|vetoed|turned\s+down)\b"
                           r"|\bwe\s+(?:rejected|ruled\s+out|vetoed)\b")),
    # "no UDFs unless there's really no built-in", "…, no column renames without telling BI"
    ("convention", 0.7, _cue(r"(?:^|[,;:—–]\s*|\b(?:and|so|also)\s+)no\s+(?!(?:idea|luck|worries|worry|problem|"
                             r"rush|way|need|clue|doubt|matter|thanks|wait|sorry|offen[cs]e|longer|more|one|"
                             r"errors?|change|difference|issues?|response|output|results?|reason)\b)"
                             r"(?:[\w()`'./-]+\s+){1,3}?(?:unless|outside|without|except|in|on|for|before|"
                             r"after|during|anywhere|ever|allowed|inside|against|from)\b(?!.*\b(?:yet|so\s+far)\b)")),
    ("fix", 0.8, _cue(r"^(?:fixed|fix|root cause|cause)\s*:|\b(?:the|a|root)\s+(?:bug|issue|problem|cause|culprit|failure|crash|regression|error)"
                      r"\s+(?:was|is|came from)\b|\broot cause\b|\b(?:was|is|were|are) caused by\b"
                      r"|\bfixed (?:it |this |that )?by\b|\bthe fix (?:was|is)\b|\bturned out\b"
                      r"|^the fix (?:now )?(?:adds|builds|moves|makes|uses|keeps|sets|pins|drops|checks|"
                      r"passes|takes|reads|writes|wraps|caps|limits|retries|skips|stores)\b"
                      r"|\b(?:fails?|failed|failing|broke|breaks|crashe[sd]) because\b"
                      # "The import hung because…": what went wrong, and why
                      r"|^(?:(?:the|this|that|our)\s+|(?!(?:I|we|you|it|they|he|she)\b)(?=[A-Za-z]))(?:[\w-]+\s+){0,4}(?:was\s+\w+|were\s+\w+|\w+ed|hung|broke|ran|"
                      r"took|got|kept|went|fell|lost|leaked|stalled|spiked)\b[^.;]{0,80}?\bbecause\b"
                      r"|\bthe reason (?:was|is)\b|\bworkaround (?:is|was)\b|\bresolved by\b"
                      r"|\bthe solution (?:was|is)\b"
                      r"|\bwhat (?:was )?happen(?:ed|ing) (?:is|was)\b|\bthis (?:happened|happens|was happening) because\b"
                      r"|^the (?:culprit|problem|issue|bug)\s*:"
                      r"|\bthe root of (?:it|this|that|the (?:problem|issue|bug))\b"
                      r"|\b(?:hang|hangs|crash|crashes|leak|failure|failures|timeouts?|errors?|flake|flakiness|"
                      r"slowdown|regression|deadlock|race|drift|\d{3}s)\s+(?:came|comes|stems?|stemmed|was coming)"
                      r"\s+from\b"
                      # "The overflow came from COMP-3 fields…": whatever went wrong, and where from
                      r"|^(?:so\s+)?the\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:came|stemmed|was coming)\s+from\b"
                      r"|\bthat'?s why (?:the |it |this )?\w*\s*(?:was|is|were|kept|keeps)\s+(?:flaky|failing|"
                      r"slow|broken|hanging|crashing|timing out)\b")),
    ("convention", 0.75, _cue(r"\bthe way we (?:do|handle|write|name|run|deploy|ship|test|manage|structure)\b"
                              r"|\b(?:our|the|this project's|the team's) (?:convention|rule|standard|policy|"
                              r"style guide|naming scheme)\b(?!-)|\bby convention\b"
                              r"|\brule of thumb\b|\bas a rule\b|\b(?:standard|usual|accepted|common) practice "
                              r"(?:here|on this team|in this (?:repo|codebase|project)|for us)\b"
                              r"|\bthe norm (?:here|on this team)\b")),
    ("convention", 0.7, _cue(r"\b(?:always|never)\b"
                             r"|\bwe (?:still |also |only |currently |usually )?(?:need to |have to |must |should )?"
                             r"(?:use|run|deploy|keep|store|put|name|follow|require|pin|ship|"
                             r"release|build|test|target|support|avoid|write|prefix|version|format|lint|"
                             r"parse|generate|host|manage|handle|track|wrap|bundle|package|compile|"
                             r"serve|schedule|vendor|mock|tag|document|type|validate)\b"
                             # "tests should be table-driven": a bare plural subject is generic
                             r"|^(?:all\s+|new\s+)?(?:(?!(?:the|these|those|my|your|our|its|their|some|"
                             r"both)\s)[a-z][\w-]*\s+)?[a-z][\w-]*[a-rt-z]s\s+(?:should|must|need\s+to|have\s+to|"
                             r"shouldn'?t|should\s+not|mustn'?t|may\s+not|are\s+not\s+allowed\s+to)\s+"
                             r"(?!.*\b(?:now|today|tonight|soon|yet|anymore|again)\b)"
                             r"|\b(?:must|must not|mustn'?t|is required|are required|is mandatory)\b"
                             # "only the platform team can change the Terraform modules": who may
                             r"|" + ONLY_WHO.pattern +
                             r"|\bmake sure (?:to|that|you)\b"
                             r"|\bwe (?:tend|try|aim) to\b"
                             r"|\bwe (?:don'?t|do not|no longer) (?:use|run|deploy|ship|allow|merge|commit|"
                             r"call|write|store|keep|touch|support|accept|log)\b"
                             # "we don't vendor protobufs": any practice the team does not do
                             r"|\bwe (?:don'?t|do not|never) (?!know|think|have|need|care|want|mind|get|see|"
                             r"understand|remember|expect|like|worry|hesitate|really|always|usually)[a-z]{3,}\b")),
    ("convention", 0.65, _cue(r"\b(?:owns|is owned by|are owned by|is maintained by|needs? (?:a )?"
                              r"(?:review|approval|sign-?off)|requires? (?:a )?(?:review|approval|sign-?off))\b")),
    ("convention", 0.6, _cue(r"\bstays?\s+(?:out\s+of|inside|within)\b"
                             r"|\b(?:lives?|go(?:es)?|belongs?|(?:is|are) (?:kept|stored|marked|configured|"
                             r"defined|generated|pinned|written|built|formatted|linted|managed|parsed|"
                             r"handled|tracked|tested|deployed|hosted|bundled|packaged|compiled|served|"
                             r"scheduled|done|run)) (?:in|into|under|with|at|by|through|via)\b"
                             r"|\b(?:is|are) (?:marked|tagged|prefixed|suffixed|annotated) (?:with |as )?`")),
    ("instruction", 0.6, _cue(r"^(?:please\s+)?(?:use|run|deploy|prefer|avoid|keep|put|store|name|"
                              r"don'?t|do not|stop|pin|prefix|ship)\b" + directives.AS_SUBJECT +
                              r"|^(?:please\s+)?(?:cap|limit|set|switch|change|bump|raise|lower|increase|"
                              r"decrease|default|move|rename)\b.*\b(?:to|at)\b")),
    ("decision", 0.6, _cue(r"\binstead of\b|\brather than\b|[\w`/]+,\s+not\s+(?!(?:a|an|the|now|yet|really|sure|urgent|important|necessarily|quite|bad|great|good|"
                           r"bad|that|this|me|you|us|them|it)\b)[\w`/]")),
)
TRIGGER_WORD = re.compile(r"[a-z']+")
TRIGGERS = frozenset("""
remember forget mind note fyi important constraint constraints requirement requirements rule
reference prefer rather like hate dislike stand want my always never please decided agreed
settled decision let's lets going we'll will we switched moved migrated replaced dropped
standardized standardised standardize standardise chose longer bug issue problem cause culprit
failure crash regression error caused fixed fix turned because fails fail failed failing broke
breaks crashes crashed reason workaround resolved solution convention standard policy style
naming must mustn't required mandatory sure owns owned maintained needs need requires require
lives live goes go belongs belong kept stored marked configured defined generated pinned use
run deploy avoid keep put store name don't do stop pin prefix ship cap limit set switch change
bump raise lower increase decrease default move rename stick instead not i i'd
happening happened happens tend try aim into through via ended landed root came comes stems
stemmed that's why practice thumb norm tagged prefixed suffixed annotated off fan way stay stays
format lint parse host manage handle track wrap bundle package compile serve schedule vendor
mock tag document type validate written built formatted linted managed parsed handled tracked
tested deployed hosted bundled packaged compiled served scheduled done should
rejected vetoed no only shouldn't mustn't rules explain reply summarise summarize describe give answer
""".split())
HEDGES = _cue(r"\b(?:one|an|another|a|my|just an?)\s+(?:idea|option|thought|suggestion|proposal|possibility|"
              r"alternative)\b|\b(?:how|what) about\b|"
              r"\b(?:maybe|perhaps|might|possibly|probably|not sure|I think we could|I wonder|"
              r"could we|should we|what if|would it|wondering|unless|try to see)\b")
OPENING_HEDGE = _cue(r"^(?:maybe|perhaps|probably|possibly)\b")
NOT_DECIDED = _cue(r"\b(?:haven'?t|not yet|not|never|didn'?t) (?:decided|agreed|settled)\b|\bundecided\b")
HYPOTHETICAL = _cue(r"^(?:if|when|once|suppose|assuming|in case)\b")
NARRATION = _cue(r"^(?:let me|I'?ll|I will|I'?m going to|I am going to|now I|next,? I|first,? I|"
                 r"I(?:'ve| have) (?:added|updated|created|changed|made|written|run|read|looked)|"
                 r"looking at|checking|running|here'?s|here is|now let'?s|let'?s (?:check|see|look|run|try|start)|"
                 r"done|got it|all tests)\b")
CHITCHAT = _cue(r"^(?:thanks?|thank you|ok(?:ay)?|sounds good|great|cool|nice|awesome|perfect|"
                r"hi|hello|hey|yes|no|yep|nope|lgtm|sure)\b[\s!.,]*(?:\S+[\s!.,]*){0,3}$")
RATIONALE = _cue(r"\b(?:because|so that|since|otherwise|to avoid|to keep|due to)\b")
IDENTIFIER = re.compile(r"`[^`]+`|\b[\w-]+\.(?:py|js|ts|tsx|json|toml|ya?ml|md|sh|go|rs|java|rb|"
                        r"sql|cfg|ini|lock|txt|env|pyz)\b|\b[A-Z][a-z]+[A-Z]\w*\b|\bv?\d+\.\d+(?:\.\d+)?\b"
                        r"|\b[A-Z][A-Z0-9_]{2,}\b")
PERSONAL = _cue(r"\bI(?:'d| would) (?:much )?rather\b|\bI\s+(?:really\s+|strongly\s+|generally\s+|always\s+)?(?:prefer|"
                r"like|hate|dislike|don'?t like|can'?t stand)\b|\bmy (?:preference|preferred|personal)\b"
                r"|\bI (?:always|never) (?:want|use|write|put)\b")
PROJECT_BOUND = _cue(r"\b(?:this|our|the) (?:repo|repository|project|codebase|service|app|team)\b|\bhere\b")
PRONOUN_START = re.compile(r"^(It|This|That)\b(?:\s+one\b)?(?!\s+(?:is|was)\s+(?:a|an|the)\s+(?:good|great|nice|"
                           r"bad)\b)(?!(?:'s|\s+is|\s+was)\s+(?:\w+\s+)?(?:important|crucial|"
                           r"essential|vital|key|critical|necessary|required|mandatory|imperative|"
                           r"best|better|worth)\b)\s*(?:'s\b)?", re.I)
# "this decorator", "that flag": a noun the previous sentences name with a concrete value.
DEMONSTRATIVE = re.compile(r"\b(?:this|that|these|those|the same)\s+((?:naming\s+)?[a-z]+)\b", re.I)
# "This is a convention we follow to…", "This is to keep…": the reason for the rule before.
RATIONALE_ONLY = _cue(r"^(?:this|that|it)(?:'s|\s+is|\s+was|\s+will|\s+helps?|\s+makes?|\s+ensures?|"
                      r"\s+keeps?|\s+allows?|\s+lets?)\b(?!.*\b(?:instead|no longer|from now on|"
                      r"going forward)\b)")
# "…, we use conventional commits btw": the aside is not part of the memory.
ASIDE_AT_END = _cue(r"[\s,]+(?:btw|by the way|fwiw)\s*(?=[.!)]*$)")
CARRY_SENTENCES = 6             # a message's last sentences that may name what "it" is next
# The path in front of a name ("utils/" of "utils/retry.py"), searched just before it.
PATH_BEFORE = re.compile(r"(?<![\w./-])[\w.-]+/(?:[\w.-]+/)*$")
DANGLING = re.compile(r"\b(?:it|them)\b", re.I)
PRONOUN_FILLER = {"i", "we", "you", "they", "the", "a", "an", "to", "and", "so", "then", "just",
                  "also", "don't", "do", "not", "please", "have", "had", "it", "that", "this"}
LEAD_IN = _cue(r"^(?:(?:(?:no|nah|nope)(?=\s*[,.!;:—–-])|also|and|so|btw|by the way|oh|ah|hmm+|well|ok(?:ay)?|yes|yeah|sure|right|fwiw|"
               r"great|nice|cool|(?:fyi|heads[- ]up|just so you know|note|be aware)\s+that|fyi|one more thing|important|note|please|heads[- ]up|just so you know|"
               r"for context|psa|side note|quick note|to summari[sz]e|in summary|to sum up|anyway|"
               r"good catch|perfect|awesome|(?:(?:good\s+)?(?:morning|afternoon|evening)|hi|hello|hey|hiya)"
               r"(?=\W)(?:\s*[!.]*\s*[:;]-?[()DP])?)\s*[,:;—!.-]?\s+)+")
CLAUSE = _cue(r"\b(?:is|was|are|were|be|been|has|have|had|do|does|did|will|would|can|should|must)\b")
# "Some background: …", "First, some decisions from the last meeting: …": a short heading
# before a colon, naming nothing itself (a "Root cause:" label or "the culprit is X:" is kept).
PREAMBLE = _cue(r"^(?!(?:root cause|cause|fix|fixed|decision|rule|convention|constraints?|requirements?)\s*:)"
                r"(?:[\w'-]+[,]?\s+){0,7}[\w'-]+\s*:\s+(?=\S)")
# "…use max_attempts: 5, …": a setting and its value, not a heading before a colon.
SETTING_COLON = re.compile(r"\b[a-z]+_\w+:\s+[\d`'\"\[:]")
# "every event name starts with mossgrove: (like mossgrove:harvested)": the colon is part of
# the value the clause names, not the end of a heading.
VALUE_COLON = _cue(r"\b(?:with|by|as|is|are|to|from|prefix|prefixed)\s+[\w'-]+\s*:\s+$")
# What a heading is about: "There's a gotcha with the search index" → "the search index".
HEADING_TOPIC = _cue(r"\b(?:with|about|on|for|regarding|re)\s+((?:the|our|this)\s+[\w\s`.-]{1,40})$")
REMEMBER_PREFIX = _cue(r"^(?:please\s+)?(?:remember|don'?t forget|do not forget|keep in mind|note)"
                       r"\s*(?:that\b|:)\s*")
MEMORY_ID = re.compile(r"\bmem_[0-9a-f]{6,}\b")
REMEMBER_THAT = _cue(r"\b(?:remember|don'?t forget|do not forget|keep in mind|note)\s+(?:that\b|:)"
                     r"|\bfor future reference\b|\bmake a note\b")
FLAGGED_SALIENCE = 0.8
# When something happened: a report of an event, not a choice.
WHEN_IT_HAPPENED = _cue(r"\b(?:yesterday|last\s+(?:night|week|time|run)|this\s+(?:morning|afternoon)|ago|"
                        r"tonight|earlier\s+today|took|failed|crashed)\b")
# "we don't use UDFs unless there's no built-in": the exception to a ban hedges nothing.
BANNED_BEFORE = _cue(r"\b(?:don'?t|do not|never|no|avoid|only)\b")
# "The nightly job took 4 hours…": the noun phrase a next sentence's "It" stands for.
NOUN_SUBJECT = _cue(r"^((?:the|our|this|that)\s+(?:[\w-]+\s+){0,4}?[\w-]+)\s+(?:is|are|was|were|has|had|"
                    r"took|takes|runs?|ran|uses?|used|does|did|keeps?|kept|gets?|got|fails?|failed)\b")
# "the per-station median imputation is the rule": a statement that calls itself the rule.
DECLARED_RULE = _cue(r"\b(?:is|are)\s+(?:the|our)\s+(?:rule|convention|policy|standard|norm|default)\b")
# A quotation of several words, and a question that doubts what was quoted.
QUOTED_WORDS = re.compile(r"(?<!\w)'[^'\n]*\s[^'\n]*'(?!\w)|\"[^\"\n]*\s[^\"\n]*\"|“[^”\n]*\s[^”\n]*”")
DOUBT = _cue(r"^(?:(?:but|so|and|hmm+|wait|um+)[,.]?\s+)*(?:is|was|are|were|does|do)\s+(?:that|this|it|they)\s+"
             r"(?:really|actually|still|even|true|right|correct|our|the)\b.*\?\s*$"
             r"|\breally\s+(?:our|the)\s+(?:rule|convention|policy|standard|way)\b.*\?\s*$")
CORRECTED_SALIENCE = 0.7        # what a correction puts in place of what it takes back
LOCATION_SALIENCE = 0.6          # the weakest convention cue: where a thing lives or is defined
PLAIN_FACT_SALIENCE = 0.7
# "deploy it to staging when you're done": the next step of this task.
WHEN_DONE = _cue(r"\b(?:when|once|after|as soon as) (?:you'?re|you are|it'?s|it is|that'?s|this is|we'?re) "
                 r"(?:done|finished|ready|through|merged|green)\b|\bafter that\b|\bwhen you can\b")
TRAILING_PLEASE = _cue(r"\bplease[.!]*$")
# "rename `tmp` to something meaningful": an edit to one named thing, made once.
EDIT_ONCE = _cue(r"^(?:please\s+)?(?:rename|delete|remove|revert|split|bump|drop|undo|inline|extract)\s+"
                 r"(?:`[^`]+`|'[^'\s]+'|the\s+\w+|this|that|it|these|those|my|your)")
# A time clause about the past: "before we moved to zoneinfo", "since we switched".
HISTORY = _cue(r"\b(?:before|after|since|when|until|back when|ever since)\s+(?:we|the team|I|they)\s+"
               r"(?:moved|switched|migrated|replaced|dropped|decided|picked|chose|went|adopted|started)\b[^,;]*")
# "Now run the linter and fix whatever it complains about": the next step of this task.
NEXT_STEP = _cue(r"^(?:(?:ok(?:ay)?|so|and|great|cool|alright|right)[,.!]?\s+)*(?:now|next|then|first|"
                 r"after that|finally|meanwhile)\b(?!\s+on\b)|\b(?:whatever|again|real quick|quickly|for me)\b")
# The assistant reporting its own edit: status, whatever rule it mentions on the way.
REPORTS_A_CHANGE = _cue(r"\bI(?:'ve| have)?\s+(?:just\s+)?(?:added|changed|updated|made|set|fixed|wrote|"
                        r"created|removed|moved|renamed|replaced|switched)\b")
# "Understood, I will use pnpm from now on.": the assistant taking on what the user just
# said. The user's sentence is the memory; this one would be a second copy in its words.
PROMISE = _cue(r"^(?:(?:ok(?:ay)?|sure|understood|got it|noted|will do|right|yes|great|"
               r"perfect|makes sense|sounds good)[,.!:;]?\s+)*I(?:['’]ll|\s+will|\s+shall|['’]m going to|"
               r"\s+am going to)\b")
# What was changed to fix it, said right after the cause.
THE_CHANGE = _cue(r"^(?:so\s+|and\s+)?(?:I|we)(?:'ve| have)?\s+(?:also\s+|just\s+)?(?:[a-z]{3,}ed\b|changed|added|set|gave|moved|replaced|"
                  r"switched|made|updated|wrapped|pinned|bumped|removed|fixed|patched|reverted|"
                  r"regenerated|increased|decreased|raised|lowered|renamed|restored|re-?added|"
                  r"started|passed|converted|quoted|escaped|closed|awaited|deleted|dropped)\b"
                  r"|^the (?:fix|solution|workaround) (?:is|was)\b"
                  r"|^(?:the\s+)?[\w`'.-]+(?:\s+[\w`'.-]+){0,5}\s+(?:is|are)\s+now\s+\w+(?:ed|en)\b"
                  r"|^[a-z]+ing\b.{0,160}\b(?:fixe[sd]|solve[sd]|resolve[sd])\b")
# "Found it." / "Found the problem:": what the assistant says next is the cause it found.
FOUND = _cue(r"^(?:ok(?:ay)?[,.]?\s+|aha[,.!]?\s+)?(?:found it|found the (?:problem|bug|issue|culprit|cause)|"
             r"got it|that'?s it|there it is|this is it)\s*(?:[.!:—-]+\s*|$)")
# The user finding the cause: "found the issue, the cron ran in local time…" (not "got it").
USER_FOUND = _cue(r"^(?:ok(?:ay)?[,.]?\s+|aha[,.!]?\s+)?(?:I\s+)?found (?:it|the (?:problem|bug|issue|culprit|cause))"
                  r"\s*[,.!:—-]+\s*")
# An explanation: the cause and what it led to, in one sentence.
CAUSAL = _cue(r"\b(?:so|because|since|which (?:meant|means|made|makes|caused|causes|broke|breaks)|"
              r"causing|meaning|hence|that'?s why|which is why|(?:comes?|came|stems?|stemmed) from)\b")
FOUND_SALIENCE = 0.8
# "Fix: …", "The fix is …": the sentence before it states the cause.
FIX_LABEL = _cue(r"^(?:the\s+)?fix(?:ed)?\s*(?:[:—-]|\s+(?:is|was)\b)")
# "As a rule of thumb, …" frames the rule that follows; it announces no rules to come.
RULE_OF_THUMB = _cue(r"\b(?:as )?a rule(?: of thumb)?\b")
# "Important: …", "Worth noting: …": a fact the speaker marks as one (besides directives.FLAG).
FLAG_MARK = _cue(r"^(?:important|note|nb|n\.b\.|psa|warning|caution|gotcha|tip|worth noting|good to know|"
                 r"(?:house\s+|team\s+|project\s+)?(?:convention|rule|policy))\s*[:!—-]"
                 r"|\bworth noting\b|\bimportant to know\b")
# "Careful with the units.", "Heads up.", "One important thing:": a flag alone, for what follows.
FLAG_ALONE = _cue(r"^(?:(?:yes|yeah|ok(?:ay)?|but|and|so|oh|ah)[,.]?\s+)*(?:(?:be\s+)?careful|heads[\s-]up|"
                  r"watch\s+out|caution|warning|gotcha|one\s+(?:important|more)\s+thing|important|"
                  r"worth\s+knowing|keep\s+in\s+mind)\b(?:\s+\w+){0,4}\s*[.:!—-]*\s*$")
# "The build is red right now because of the lockfile": how things stand at this moment.
RIGHT_NOW = _cue(r"\b(?:right now|at the moment|just now|as we speak|currently (?:red|green|broken|down|"
                 r"failing|blocked|stuck))\b"
                 # "don't push to main this afternoon", "today I push directly", "merged by wednesday"
                 # (not "today's date", "tomorrow's slots": a value the rule computes)
                 r"|\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening))\b(?!'s)"
                 r"|\bby (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|eod|cob|"
                 r"end of (?:the )?day|next week)\b")
QUOTED_VALUE = re.compile(r"(?<!\w)'[^'\s]+'|`[^`]+`|\"[^\"\s]+\"|@\w+")
FOR_NOW = _cue(r"\b(?:for now|for the moment|for the time being|just this once)\b")
# "for this branch please turn off the preview bridge": one piece of work, not the project.
THIS_WORK = _cue(r"\b(?:for|in|on)\s+this\s+(?:pr|mr|branch|ticket|change|commit|fix|sprint|one|time|run|task)\b")
# "…is 20 because of the old relay, but that was before we moved to Postmark": no longer so.
NO_LONGER_TRUE = _cue(r"\b(?:but\s+)?that\s+was\s+(?:before|until)\b")
# "Bug: reservations … stay locked forever": the symptom being reported.
PROBLEM_LABEL = _cue(r"^(?:(?:the\s+)?(?:bug|problem|issue|symptom)(?:\s+of\s+today)?|problem\s+today)\s*:")
# "we never await them", "our events are fire-and-forget": what the team does or how its
# things are, with a rule's mark — about the work whatever its vocabulary.
TEAM_RULE = _cue(r"\b(?:we|our)\s+(?:\w+\s+){0,2}?(?:never|always|only|don'?t|do not|must|mustn'?t)\s+"
                 r"(?!know|think|have|need|care|want|mind|get|see|understand|remember|expect|like|"
                 r"worry|hesitate|forget|stop|give up|compromise|settle|value|believe|strive)\w+")
BARE_OBJECT = _cue(r"\s+(?:that|it|this|them|those|these|one)\b")
# A last clause that turns to the task at hand ("…, so this has to be merged by wednesday").
# "…, so this has to be merged by wednesday", "…, design agreed this morning": a last clause
# about this moment or when the rule was agreed, cut before the rule is read.
MOMENT_TAIL = _cue(r"[,;]\s*(?:(?:so|and|but|which means)\s+(?:this|that|it|we|I|you)|"
                   r"(?:[\w-]+\s+){0,2}(?:agreed|decided|signed\s+off|approved|confirmed)(?:\s+(?:it|that))?)"
                   r"\b[^,;]*$")
NUMBER = re.compile(r"\b\d{2,}\b")      # "from now on we also need 1920": a value to keep
FIRST_PERSON = _cue(r"^(?:that\s+)?(?:I|I'?ve|I'?m|I'?ll|I'?d|me|my)\b")
# The task of the session ("add a `--json` flag to the CLI"): something to make once.
TASK = _cue(r"^(?:please\s+)?(?:add|create|write|implement|build|make|set up|scaffold|generate|draft|"
            r"introduce)\s+(?:a|an|some|one|two|three|new|another)\b")
# What makes a statement a rule to follow rather than a description.
NORMATIVE = _cue(r"\b(?:always|never|must|mustn'?t|should|shouldn'?t|needs? to|have to|has to|don'?t|do not|"
                 r"make sure|ensure|every|each|all|any|convention|rule|policy|standard|required|"
                 r"mandatory|only|avoid|prefer|please|instead of|rather than|not allowed|forbidden|"
                 r"needs? (?:a )?(?:review|approval|sign-?off)|we (?:tend|try|aim) to)\b"
                 r"|,\s+not\s+\S"
                 r"|^(?:use|run|keep|put|name|prefix|pin|ship|deploy|store|write|follow|cap|limit|"
                 r"set|switch|avoid|stick)\b"
                 r"|\bwe (?:still |also |only |usually |normally |typically |generally )?(?:use|run|deploy|"
                 r"keep|store|put|name|follow|require|pin|ship|release|build|test|target|support|"
                 r"avoid|write|prefix|version|send|squash|rebase|merge|review)\b")
HABIT = _cue(r"\bwe (?:always |never |usually |normally |typically |generally )?(?:use|run|deploy|keep|"
             r"store|put|name|follow|pin|ship|release|build|prefix|version|send|squash|rebase|"
             r"review)\b")
# A choice stated as one ("we'll generate the clients with buf", "stick with grpc-go"), which
# needs no technical word to count; "going forward"/"instead of" alone do.
STRONG_DECISION = _cue(r"\b(?:we|I|the team)\s+(?:have\s+|had\s+)?(?:decided|agreed|settled|picked|chose|"
                       r"opted|went with|went for|selected)\b|\bdecided (?:to|on|that)\b|\bthe decision (?:is|was)\b"
                       r"|\blet'?s (?:use|go with|stick with|switch|keep|adopt|standardi[sz]e)\b"
                       r"|^(?:stick|go) with\b|\bwe(?:'ll| will) (?:\w+ )?(?:use|go with|stick with|"
                       r"switch to|generate|keep|build|deploy|run)\b|\bsettled on\b"
                       r"|\bchose\b.+\bover\b|\bwe(?:'re| are) going (?:to go )?with\b"
                       r"|\b(?:we|the team)\s+(?:ended up (?:going with|using|with|choosing|picking)|landed on)\b"
                       r"|\bwe\s+(?:moved|migrated|switched)\s+(?:off|away from|from)\b")


@dataclass(frozen=True)
class Statement:
    text: str
    category: str          # decision | convention | preference | fix | fact
    salience: float        # 0..1, after role weighting
    role: str
    scope: str             # project | user
    tags: tuple[str, ...]
    correction: str = ""   # the frame of a correction ("scratch that,"), see ``corrections``
    mid_message: bool = False  # said after other sentences of its message

    @property
    def kind(self) -> str:
        return "event" if self.category == "fix" else "fact"

    @property
    def importance(self) -> float:
        return round(min(0.95, 0.25 + 0.7 * self.salience), 2)


def may_be_salient(sentence: str) -> bool:
    """Cheap pre-check: every cue contains one of ``TRIGGERS`` (most sentences have none)."""
    return not TRIGGERS.isdisjoint(TRIGGER_WORD.findall(sentence.lower()))


def score(sentence: str, role: str, previous: str | None = None) -> tuple[str, float]:
    """(category, salience) of one sentence; salience 0 means not memorable.

    ``previous`` is the sentence before, which a leading "it"/"this" refers to."""
    words = sentence.split()
    # "deps.edn only, no leiningen", "Go 1.22": the user's terse set-up (``fragments``)
    terse = role == "user" and 2 <= len(words) <= MAX_WORDS and fragments.is_telegraphic(sentence)
    if not (MIN_WORDS <= len(words) <= MAX_WORDS or terse) or len(sentence) > MAX_CHARS:
        return "", 0.0
    if sentence.rstrip().endswith("?") or (CHITCHAT.match(sentence) and not terse):
        return "", 0.0
    if sentence.rstrip().endswith(":") and (summaries.is_heading(sentence) or lists.introduces_rules(sentence)):
        return "", 0.0                   # "Summary of what we settled on:", "rules for this package:" head what follows
    original = sentence
    flagged = directives.is_flagged_fact(sentence, _flagged_project_noun) or _marked_fact(
        sentence)                                   # before "FYI," goes
    sentence = LEAD_IN.sub("", sentence) or sentence   # "ok, we use X" is about X
    sentence = directives.LEAD.sub("", sentence) or sentence
    directive = directives.is_directive(sentence, role) and not (
        TASK.match(sentence) and not directives.GENERAL.search(sentence))
    flagged = flagged and not directive
    # "Prometheus scrapes it on port 9108": the user's plain fact (its "it" needs a sentence before).
    plain_fact = (role == "user" and not (directive or flagged) and facts.is_project_fact(sentence)
                  and not (previous is None and PRONOUN_START.match(sentence)))
    # "Dates are stored as UTC everywhere": a standing statement said plainly (``standing``).
    plain_rule = (role == "user" and not (directive or flagged or plain_fact)
                  and not (previous is None and PRONOUN_START.match(sentence))
                  and (standing.is_standing(sentence, previous if PRONOUN_START.match(sentence) else None,
                                            bool(standing.ASIDE.search(original)))
                       or (_passive_rule(sentence) and not sentence.rstrip().endswith("?"))))
    # "eas build profiles: development, preview, production": a label and what it is (``labelled``)
    form = (role == "user" and not (directive or flagged or plain_fact or plain_rule)
            and labelled.is_labelled(sentence))
    # "patient data never leaves the machine": a rule by its mark, in any domain's words (``marked``)
    rule_mark = (role == "user" and not (directive or flagged or plain_fact or plain_rule or form)
                 and not (previous is None and PRONOUN_START.match(sentence))
                 and marked.is_marked_rule(original))
    if not (directive or flagged or plain_fact or plain_rule or terse or form or rule_mark
            or may_be_salient(sentence)):
        return "", 0.0
    best_category, best = "", 0.0
    cued = HISTORY.sub("", sentence)          # "written before we moved to X" decides nothing
    for category, salience, pattern in CUES:
        if salience > best and pattern.search(cued):
            best_category, best = category, salience
    if directive and best < directives.weight(sentence):
        best_category, best = "convention", directives.weight(sentence)
    elif flagged and best < FLAGGED_SALIENCE:
        best_category, best = "fact", FLAGGED_SALIENCE
    elif plain_fact and best < PLAIN_FACT_SALIENCE:
        best_category, best = "fact", PLAIN_FACT_SALIENCE
        flagged = True                   # as good as flagged for the checks below
    elif plain_rule and best < PLAIN_FACT_SALIENCE:
        best_category, best = standing.category(sentence), PLAIN_FACT_SALIENCE
    elif terse and best < PLAIN_FACT_SALIENCE:
        best_category, best = fragments.category(sentence), PLAIN_FACT_SALIENCE
    elif form and best < PLAIN_FACT_SALIENCE:
        best_category, best = labelled.category(sentence), PLAIN_FACT_SALIENCE
    elif rule_mark and best < PLAIN_FACT_SALIENCE:
        best_category, best = "convention", PLAIN_FACT_SALIENCE
    flagged = flagged or plain_rule or terse or form or rule_mark or bool(
        ASSISTANT_STYLE.match(sentence))                # about the work, or the user's own
    if not best:
        return "", 0.0
    explicit = best_category == "note" and REMEMBER_THAT.search(sentence)
    if not (explicit or best_category == "fix") and (
            directives.SOCIAL.search(sentence) or directives.NOT_A_RULE.search(sentence)):
        return "", 0.0                   # "my door is always open", "I've always admired…"
    if best_category == "convention" and best <= LOCATION_SALIENCE and role != "user" and not (
            directive or flagged):
        return "", 0.0                   # "`export_csv` is defined in exports/csv.py": the code says so
    if not explicit and role == "user" and oneoff.is_one_off(sentence):
        return "", 0.0                   # "set the timeout in settings.py to 45 seconds"
    if best_category == "note":
        best_category = "convention" if directive else "fact"
    if best_category == "instruction":
        if role != "user" or (not directive and (directives.ONE_OFF.search(sentence)
                                                 or (EDIT_ONCE.match(sentence)
                                                     and not directives.GENERAL.search(sentence))
                                                 or NEXT_STEP.search(original)
                                                 or TRAILING_PLEASE.search(sentence)
                                                 or WHEN_DONE.search(sentence))):
            return "", 0.0               # "run the full test suite please": a request for now
        best_category = "convention"
    if (best_category == "convention" and role != "user" and not directive
            and REPORTS_A_CHANGE.search(sentence)):
        return "", 0.0                   # "the function must return a list, so I changed…"
    if best_category == "decision" and directive and not STRONG_DECISION.search(sentence):
        best_category = "convention"     # "from now on, end names with '_x'" is a rule
    if best_category == "preference" and role != "user":
        return "", 0.0                   # the assistant's tastes are not the user's
    if role != "user" and PROMISE.search(sentence):
        return "", 0.0                   # "I'll use pnpm from now on": an echo of the user
    if not (explicit or directive) and RATIONALE_ONLY.match(sentence) and best_category in (
            "convention", "decision"):
        return "", 0.0                   # the reason given for the rule before it
    if (best_category in ("convention", "preference", "fact") or (
            best_category == "decision" and not STRONG_DECISION.search(sentence))
            ) and not (directive or flagged) and (not _about_the_work(sentence, previous) or (
            directives.ANNOUNCEMENT.search(RULE_OF_THUMB.sub("", sentence)) and not (
                directives.CODE_VALUE.search(sentence) or ONLY_WHO.match(sentence)))):
        return "", 0.0                   # nothing technical, or a rule announced, not stated
    if not explicit and best_category != "decision" and RIGHT_NOW.search(sentence):
        return "", 0.0                   # a status of this moment, whatever its cue
    if not explicit and FOR_NOW.search(sentence) and not (
            STRONG_DECISION.search(sentence) or FLAG_MARK.search(original)) and not (
            directive and (directives.GENERAL.search(sentence) or QUOTED_VALUE.search(sentence))):
        return "", 0.0                   # "run only this file for now" (not "stick with grpc-go for now",
                                         # nor what the speaker marks "Note:")
    if not explicit and (THIS_WORK.search(sentence) or NO_LONGER_TRUE.search(sentence)
                         or (best_category != "fix" and PROBLEM_LABEL.match(original))):
        return "", 0.0                   # this branch's chore, a value since replaced, the bug report
    if best_category == "decision" and NOT_DECIDED.search(sentence):
        return "", 0.0
    if best_category == "decision" and best <= 0.6 and WHEN_IT_HAPPENED.search(sentence):
        return "", 0.0                   # "the job took 4 hours yesterday instead of 40 minutes"
    if not explicit and (not directive or OPENING_HEDGE.match(original)):
        if any(not (m.group(0).lower() == "unless" and BANNED_BEFORE.search(sentence, 0, m.start()))
               for m in HEDGES.finditer(sentence)):
            best -= 0.35                 # "maybe we should never…" suggests, even as an order
        if HYPOTHETICAL.match(sentence) and not CONDITIONAL_RULE.search(sentence):
            best -= 0.25                 # (not "when a sailing is cancelled we never…": a rule's condition)
    if NARRATION.match(sentence) and best_category not in ("fact", "fix") and not directive:
        best -= 0.35
    if RATIONALE.search(sentence):
        best += 0.05
    if IDENTIFIER.search(sentence):
        best += 0.05
    best *= ROLE_WEIGHT.get(role, 0.8)
    return _kind_of_rule(best_category, sentence, directive), round(max(0.0, min(1.0, best)), 3)


def _kind_of_rule(category: str, sentence: str, directive: bool) -> str:
    """Convention or fact: a convention says what to do ("we always…", "never…", "every
    fixture must…"); "the build cache lives in `.cache/build`" only says how things are,
    and "remember that we deploy with `make ship`" states a habit of the team (a flagged
    "note that the pool size must stay at 4" stays a fact)."""
    rule = REMEMBER_PREFIX.sub("", sentence)          # "keep in mind that…" is no imperative
    if category == "convention" and not NORMATIVE.search(rule) and not (
            directive and (rule == sentence or directives.IMPERATIVE.match(rule))):
        return "fact"
    if category == "fact" and HABIT.search(sentence):
        return "convention"
    return category


def _cause_before_fix(sentence: str, category: str, following: str) -> bool:
    """The assistant's sentence is the cause of the fix said right after it, whatever its
    words: "The validation score was inflated because… Fix: …" (after a fix label, any
    explanation about the work that the cue rules left out), or "The sweeper looks only at
    'held', so reopened ones never match. I changed the query…" (before the change it
    made, a causal explanation, even one kept as a rule or a fact, not told in the first
    person). Never narration, a report of a change or a question."""
    if NARRATION.match(sentence) or REPORTS_A_CHANGE.search(sentence) or sentence.rstrip().endswith("?"):
        return False
    following = LEAD_IN.sub("", following)
    if not category and FIX_LABEL.match(following) and (CAUSAL.search(sentence) or _about_the_work(sentence)):
        return True
    return (category in ("", "convention", "fact") and THE_CHANGE.match(following) is not None
            and bool(CAUSAL.search(sentence)) and _about_the_work(sentence)
            and not FIRST_PERSON.match(LEAD_IN.sub("", sentence)))


def _flagged_next(sentence: str) -> bool:
    """After "Careful with the units.": a statement of how things are, about the work."""
    text = LEAD_IN.sub("", sentence)
    return not (sentence.rstrip().endswith("?") or facts.ASKS.search(text) or NARRATION.match(text)
                or FIRST_PERSON.match(text) or directives.IMPERATIVE.match(text)
                or standing.PAST.search(text)) and bool(
        standing.PRESENT.search(text) and _about_the_work(text))


def _marked_fact(sentence: str) -> bool:
    """ "Important: the `orders` table is append-only" — not "worth noting: I skipped the e2e
    tests", which reports what the speaker did."""
    if FLAG_MARK.search(sentence) is None:
        return False
    rest = FLAG_MARK.sub("", sentence).strip(" ,:;—-")
    return not (NARRATION.match(rest) or REPORTS_A_CHANGE.match(rest) or FIRST_PERSON.match(rest)
                or HYPOTHETICAL.match(rest)) and _about_the_work(rest)


def _flagged_project_noun(rest: str) -> bool:
    """What follows "FYI" names a thing of the project and says something of it."""
    return bool(standing.PROJECT_NOUN.search(rest) and CLAUSE.search(rest))


def _about_the_work(sentence: str, previous: str | None = None) -> bool:
    if previous and (PRONOUN_START.match(sentence) or _dangling_pronoun(sentence)):
        sentence = previous + " " + sentence
    return bool(directives.TECHNICAL.search(sentence) or directives.CONCRETE.search(sentence)
                or named.names_something(sentence) or DECLARED_RULE.search(sentence)
                or (directives.FROM_NOW_ON.search(sentence) and NUMBER.search(sentence))
                or _team_rule(sentence) or _passive_rule(sentence))


# "wheelchair seats are booked through the box office, never online", "refunds are only
# approved by a manager": how a kind of thing is handled, with a rule's mark — a rule of the
# work whatever the domain's words (no word list knows box offices).
PASSIVE_RULE = _cue(r"^(?:(?:the|all|our|any|every|each|new)\s+)?(?:[\w-]+\s+){0,4}?[\w-]+\s+(?:is|are|get|gets)\s+"
                    r"(?:always\s+|only\s+|never\s+|all\s+)?[a-z]{3,}(?:ed|en)\s+(?:only\s+)?(?:through|by|via|in|on|at|"
                    r"with|from|to|before|after|over|as|per)\b")
CONDITIONAL_RULE = _cue(r",\s+(?:we|the\s+\w+|it)\s+(?:always|never|must|mustn'?t|don'?t|do\s+not)\b")
RULE_MARK = _cue(r"\b(?:never|always|only|must|mustn'?t|nobody|no\s+one|not\s+allowed|ever)\b")


def _passive_rule(sentence: str) -> bool:
    text = LEAD_IN.sub("", sentence)
    return bool(PASSIVE_RULE.match(text) and RULE_MARK.search(text)
                and not (standing.PAST.search(text) or RIGHT_NOW.search(text) or FOR_NOW.search(text)))


def _team_rule(sentence: str) -> bool:
    """A TEAM_RULE that names what it is about: its object is no bare "that"/"it", or a
    clause before it says what ("the analytics events are fire-and-forget, we never
    await them"); "we don't use that anymore" alone names nothing."""
    match = TEAM_RULE.search(sentence)
    if match is None or standing.CREED.search(sentence):
        return False
    named_before = len(sentence[:match.start()].split()) >= 3
    return named_before or not BARE_OBJECT.match(sentence, match.end())


def self_contained(sentence: str, previous: str | None,
                   earlier: Sequence[str] = (), topic: str | None = None) -> str:
    """Strip lead-ins and "remember that"; resolve an "it"/"this" that points outside.

    A leading pronoun is replaced by the previous sentence's identifier when it
    has one; "this decorator" by the decorator an earlier sentence of the same
    paragraph names ("the '@retry' decorator"); otherwise, and for an early
    "it"/"them" ("I fixed it by…"), the short previous sentence is kept in front
    so the memory reads on its own. ``topic`` is the name the conversation was last
    about (an earlier message's), for an "it" the previous sentence does not name.
    """
    text = REMEMBER_PREFIX.sub("", LEAD_IN.sub("", REMEMBER_PREFIX.sub("", sentence.strip()))).strip()
    preamble = PREAMBLE.match(text)
    if preamble and len(text[preamble.end():].split()) >= MIN_WORDS and not (
            IDENTIFIER.search(preamble.group(0)) or CLAUSE.search(preamble.group(0))
            or CAUSAL.search(preamble.group(0))
            or SETTING_COLON.search(text[:preamble.end() + 12]) or VALUE_COLON.search(preamble.group(0))
            or labelled.is_labelled(text)):    # "queues: sqs for jobs, …": the label says of what
        text = REMEMBER_PREFIX.sub("", LEAD_IN.sub("", text[preamble.end():])).strip()
        named = HEADING_TOPIC.search(preamble.group(0).rstrip(" :"))
        lead = PRONOUN_START.match(text)
        if named and lead:               # "A gotcha with the search index: it's rebuilt…"
            verb = "is " if lead.group(0).lower().endswith(chr(39) + "s") else ""
            text = f"{named.group(1)} {verb}{text[lead.end():].lstrip()}"
    text = _resolve_demonstrative(text, list(earlier) or ([previous] if previous else []))
    context = _usable_context(previous)
    match = PRONOUN_START.match(text)
    if match and topic:
        subject = topic
        rest = text[match.end():].lstrip()
        text = f"{subject} {'is ' if match.group(0).lower().endswith(chr(39) + 's') else ''}{rest}"
    elif match and context:
        subject = _subject(context)
        rest = text[match.end():].lstrip()
        noun = None if subject else NOUN_SUBJECT.match(LEAD_IN.sub("", context))
        if subject or noun:
            subject = subject or noun.group(1)
            text = f"{subject} {'is ' if match.group(0).lower().endswith(chr(39) + 's') else ''}{rest}"
        elif not WHEN_IT_HAPPENED.search(context):   # "it ran 3h yesterday" is no part of a rule
            text = f"{context} {text[:1].upper()}{text[1:]}"
    elif context and _dangling_pronoun(text) and not WHEN_IT_HAPPENED.search(context):
        text = f"{context} {text[:1].upper()}{text[1:]}"
    text = re.sub(r"\s+", " ", ASIDE_AT_END.sub("", text)).strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = LEAD_IN.sub("", text[1:-1]).strip()   # "(btw Oksana owns the bookings app)"
    return _capitalised(text)


def _capitalised(text: str) -> str:
    """A capital first letter, unless the first word is a name (`gpu-02`, `npm`, `x.py`)."""
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if text and first.isalpha() else text


def _resolve_demonstrative(text: str, earlier: Sequence[str]) -> str:
    for match in DEMONSTRATIVE.finditer(text):
        noun = match.group(1).lower().rstrip("s")
        for sentence in reversed(earlier[-3:]):
            named = re.search(rf"((?:`[^`]+`|'[^'\s]+'|\"[^\"\s]+\"|@\w+)(?:\s+\w+)?\s+{re.escape(noun)}s?)\b"
                              rf"|\b({re.escape(noun)}s?\s+(?:`[^`]+`|'[^'\s]+'|\"[^\"\s]+\"))", sentence, re.I)
            if named:
                phrase = named.group(1) or named.group(2)
                return text[:match.start()] + "the " + phrase + text[match.end():]
    return text


def _usable_context(previous: str | None) -> str | None:
    if not previous:
        return None
    previous = LEAD_IN.sub("", previous).strip()
    words = previous.split()
    if not 4 <= len(words) <= 30 or previous.endswith("?") or CHITCHAT.match(previous):
        return None
    return previous


def _dangling_pronoun(text: str) -> bool:
    """An "it"/"them" with at most two content words before it refers outside the sentence
    (not the "it" of "it's important to…", which refers to nothing)."""
    match = DANGLING.search(text)
    if match is not None and match.start() == 0 and not PRONOUN_START.match(text):
        match = DANGLING.search(text, 3)
    if match is None:
        return False
    before = [w for w in re.findall(r"[A-Za-z']+", text[:match.start()])
              if w.lower() not in PRONOUN_FILLER]
    return len(before) <= 2


def _corrects_the_last(sentence: str, frame: str, previous: str | None) -> bool:
    """"Scratch that, it listens on 9090": a strong correction whose "it" is what the
    speaker just said is about the work whenever that was (trial5 F10)."""
    return bool(previous and PRONOUN_START.match(sentence) and corrections.STRONG.search(frame))


def _with_subject_of(correction: str, corrected: str) -> str:
    """"It polls every 45 seconds" after "The queue worker polls every 30 seconds": the
    corrected sentence's subject, found before the verb both use, in place of the "it"."""
    said = re.match(r"(?:It|That|This)\s+([a-z]{3,})\b(.*)$", correction, re.S)
    if said is None:
        return correction
    verb = re.search(rf"\s{said.group(1)}\b", corrected)
    subject = corrected[:verb.start()].strip() if verb else ""
    if not 1 <= len(subject.split()) <= 6 or any(c in subject for c in ".!?;:"):
        return correction
    return f"{LEAD_IN.sub('', subject)} {said.group(1)}{said.group(2)}"


def _subject(sentence: str) -> str | None:
    match = IDENTIFIER.search(sentence)
    return match.group(0) if match else None


def statements_from_text(text: str, role: str, min_salience: float,
                         context: str | None = None, topic: str | None = None,
                         parsed: list[tuple[list[str], bool]] | None = None) -> list[Statement]:
    """The statements of one message. ``context`` is the last sentence of the message
    before and ``topic`` the name the conversation was last about: what a message's
    leading "it"/"that" refers to ("It should never be called from a handler").
    ``parsed``: ``paragraphs(text)``, when the caller has it already."""
    found: list[Statement] = []
    pending = ""                                    # "Scratch that." corrects what follows
    seen = 0                                        # sentences of this message so far
    rules_list = False                              # under "A few things about this repo:"
    question_before = False                         # this message's last sentence was a question
    if parsed is None:
        parsed = paragraphs(text, lists.introduces_rules if role == "user" else None)
    for number, (unit, bullet) in enumerate(parsed):
        # Another message's sentence only lends a name for a leading "it" ("It should
        # never be called from a handler" after "the `event_bus` module"), never its words.
        carried = number == 0 and unit and PRONOUN_START.match(LEAD_IN.sub("", unit[0])) and (
            topic or (context and _subject(context)))
        previous: str | None = context if carried else None
        unit_topic = (topic or _subject(context or "")) if carried else None
        if not bullet:
            rules_list = role == "user" and bool(unit) and lists.introduces_rules(unit[-1])
        listed = bullet and rules_list
        fix_source: str | None = None           # the sentence the last fix was found in
        earlier: list[str] = []
        after_found = False                     # the sentence before was "Found it."
        user_found = False                      # … said by the user ("found the issue, …")
        terse_before = False                    # the sentence before was kept as a terse piece
        flag_before = False                     # … was "Careful with the units."
        for index, sentence in enumerate(unit):
            asked_before, question_before = question_before, sentence.rstrip().endswith("?")
            if MEMORY_ID.search(sentence):
                # Relaying a stored memory (/recall output, a quoted recall note): it is
                # already remembered, and a copy would outlive `/forget` of the original.
                previous = sentence
                continue
            found_it = FOUND.match(sentence) or (USER_FOUND.match(sentence) if role == "user" else None)
            if found_it and len(sentence[found_it.end():].split()) < MIN_WORDS:
                previous, after_found = None, True              # "Found it." names nothing
                user_found = role == "user" and bool(USER_FOUND.match(sentence))
                continue
            if found_it:
                sentence, after_found = sentence[found_it.end():], True  # "Found it: the pool…"
                user_found = role == "user" and bool(USER_FOUND.match(found_it.group(0)))
            # Only the user's corrections and flags are read (the assistant's would take
            # back or mark its own narration); skipping them keeps long sessions cheap.
            sentence, frame = corrections.strip(sentence) if role == "user" else (sentence, "")
            if frame and asked_before:
                frame = ""      # "…the digest cron? no wait, it runs in UTC": it withdraws the question
            if frame and not seen and previous is None and context and PRONOUN_START.match(sentence):
                # "Scratch that — it listens on 9090" opening a message: its "it" is what
                # the message before was about, as for a message that opens with "it"
                previous, unit_topic = context, topic or _subject(context)
            corrects_last = _corrects_the_last(sentence, frame, previous)
            if corrects_last:
                sentence = _with_subject_of(sentence, previous)
            if frame and len(sentence.split()) < MIN_WORDS:
                # "Actually, no." opening a message corrects with what follows; after
                # other sentences ("bump the bom? no wait, leave it") it took those back.
                pending = frame if not seen else ""
                previous = None
                seen += 1
                continue
            fixed = (corrections.with_value_fixed(found[-1].text, sentence)
                     if frame and found and previous is not None and found[-1].role == role
                     else None)
            if fixed is not None:       # "… 10 files per claim. actually make that 20 files"
                last = found.pop()
                found.append(Statement(fixed, last.category, last.salience, last.role, last.scope,
                                       tags_for(fixed, last.category), frame, last.mid_message))
                previous = sentence
                earlier.append(sentence)
                seen += 1
                continue
            tail = MOMENT_TAIL.search(sentence)
            if tail and RIGHT_NOW.search(tail.group(0)) and not RIGHT_NOW.search(sentence, 0, tail.start()):
                sentence = sentence[:tail.start()] + "."   # "…thursday, so this has to be merged by wednesday"
            frame, pending = frame or pending, ""
            local = bool(seen)
            seen += 1
            category, salience = score(sentence, role, previous)
            if role == "user" and (not category or _told_before_a_rule(sentence)):
                inner = _inner_clause(sentence, role)
                if inner is not None:    # "one change: cap the backoff at 30 minutes not 10, …"
                    sentence, category, salience = inner
            if (frame and not category and role == "user" and len(sentence.split()) >= MIN_WORDS
                    and (_about_the_work(sentence) or corrects_last)
                    and not (
                        sentence.rstrip().endswith("?") or NARRATION.match(sentence)
                        or CHITCHAT.match(sentence) or oneoff.is_one_off(sentence))):
                # "wait, no, cobra uses 2, so validation failures exit with 3": what a
                # correction says instead is what is in force, cue or not
                category, salience = "convention", CORRECTED_SALIENCE
            if flag_before and not category and role == "user" and _flagged_next(sentence):
                category, salience = "fact", FLAGGED_SALIENCE   # "Careful with the units. X…"
            flag_before = role == "user" and len(sentence) < 60 and bool(FLAG_ALONE.match(sentence))
            if listed and not category and role == "user":
                category = lists.item_category(sentence)
                salience = lists.ITEM_SALIENCE if category else 0.0
            if (after_found and category in ("", "convention", "fact") and (role == "assistant" or user_found)
                    and CAUSAL.search(sentence) and _about_the_work(sentence)
                    and not NARRATION.match(sentence)):
                category, salience = "fix", round(FOUND_SALIENCE * ROLE_WEIGHT[role], 3)
            after_found = False
            if category and index + 1 < len(unit) and QUOTED_WORDS.search(sentence) \
                    and DOUBT.search(unit[index + 1]):
                category = ""                   # "Someone wrote 'never use X'. Is that really our rule?"
            if role == "assistant" and index + 1 < len(unit) and _cause_before_fix(
                    sentence, category, unit[index + 1]):
                category, salience = "fix", round(FOUND_SALIENCE * ROLE_WEIGHT[role], 3)
            if (category in ("", "fix") and found and found[-1].category == "fix" and previous
                    and previous is fix_source and THE_CHANGE.match(LEAD_IN.sub("", sentence))):
                # "The root cause was X. I set Y in z.py": the fix belongs with its cause.
                last = found.pop()
                text = f"{last.text} {LEAD_IN.sub('', sentence).strip()}"
                found.append(Statement(text, "fix", last.salience, role, last.scope,
                                       tags_for(text, "fix")))
                previous = sentence
                earlier.append(sentence)
                continue
            if category and salience >= min_salience:
                shown = sentence if REMEMBER_THAT.search(sentence) else secret_only.without_secret(
                    sentence, lambda rest: bool(score(rest, role)[0]))
                if shown is None:               # it only said what a secret is (unless asked to)
                    previous = sentence
                    earlier.append(sentence)
                    continue
                sentence = shown
                memory = self_contained(sentence, previous, earlier,
                                        unit_topic if previous is context else None)
                if category == "convention":
                    memory = directives.memory_text(memory)
                for part in (directives.clauses(memory) if category == "convention" else [memory]):
                    if len(part.split()) < (lists.MIN_ITEM_WORDS if listed else MIN_WORDS) and not (
                            role == "user" and len(part.split()) >= 2 and fragments.is_telegraphic(part)):
                        continue
                    scope = "user" if (category == "preference" and role == "user"
                                       and (PERSONAL.search(sentence) or ASSISTANT_STYLE.match(LEAD_IN.sub("", sentence)))
                                       and not PROJECT_BOUND.search(sentence)
                                       and not IDENTIFIER.search(sentence)) else "project"
                    if (found and found[-1].category == "fact" and part != found[-1].text
                            and part.startswith(found[-1].text.rstrip(".!"))):
                        found.pop()     # "X. It must never…" kept X in front: one memory, not two
                    if (role == "user" and found and terse_before and found[-1].role == role
                            and fragments.is_telegraphic(sentence)):
                        # "deps.edn only. no lein, no boot": a run of terse pieces is one statement
                        last = found.pop()
                        part = f"{last.text.rstrip()} {part}"
                        category = "convention" if "convention" in (last.category, category) else category
                    elif (role == "user" and index and not terse_before and fragments.is_telegraphic(sentence)
                          and fragments.shaped_pieces(unit[index - 1])
                          and fragments.is_telegraphic(f"{unit[index - 1]} {sentence}")):
                        # "and heex only. no ~E, no eex partials": the piece before, too terse
                        # to stand alone, belongs with this one
                        lead = directives.LEAD.sub("", LEAD_IN.sub("", unit[index - 1])).strip()
                        part = f"{lead[:1].upper()}{lead[1:]} {part}"
                    found.append(Statement(part, category, salience, role, scope,
                                           tags_for(part, category),
                                           corrections.frame_of(part, frame), local))
                    fix_source = sentence if category == "fix" else None
            terse_before = bool(found) and found[-1].text.endswith(sentence.strip()) and role == "user" \
                and fragments.is_telegraphic(sentence)
            previous = sentence
            earlier.append(sentence)
    return found


def extract(messages: Iterable[Message], min_salience: float = 0.5) -> list[Statement]:
    """Memorable statements in ``messages``, in order, each text at most once.

    A message's first sentence is read with the last sentence of the message before
    (its "it" may point there); a correction ("scratch that, …") drops what it takes
    back from the same speaker's recent messages (``corrections``)."""
    found: dict[str, Statement] = {}
    said_in: dict[str, int] = {}                  # statement key -> message number
    spoke_before: dict[str, int] = {}             # role -> its latest message number
    context: str | None = None
    topic: str | None = None
    asked: str | None = None                      # the assistant's last sentence, a question
    summary_asked = False                         # the user asked for a summary of what was settled
    questions: list[str] = []                     # the questions of the assistant's last message
    number = -1                                   # messages spoken (tool results are not)
    for message in messages:
        if message.tool_output or message.role not in ROLE_WEIGHT or not message.text.strip():
            continue
        number += 1
        # The user's pasted rules file after "so you know the house rules:" is a list.
        parsed = paragraphs(message.text, lists.introduces_rules if message.role == "user" else None)
        found_here = statements_from_text(message.text, message.role, min_salience, context, topic, parsed)
        if message.role == "assistant" and (summary_asked or _opens_summary(parsed)):
            found_here = _with_summary(found_here, parsed)   # "Decisions: - The night window is …"
        answer = _answer(asked, parsed) if message.role == "user" else None
        # "Which time zone…? And by entry or by exit time?" — "local. by entry time": each
        # reply sentence answers its question, in order
        paired = _paired_answers(questions, parsed) if message.role == "user" and len(questions) >= 2 else []
        said = answer.text.lower() if answer is not None else ""
        if answer is not None and not (answer.category == answers.CHOICE and found_here) and not any(
                s.text.lower().rstrip(".!") in said for s in found_here):
            # a choice the reply goes on to state in full, or a reply kept on its own, is
            # kept as that statement
            found_here.insert(0, answer)
        for later in paired:
            if not any(later.text.lower().rstrip(".!") in s.text.lower()
                       or s.text.lower().rstrip(".!") in later.text.lower() for s in found_here):
                found_here.append(later)
        for statement in found_here:
            key = " ".join(statement.text.lower().split())
            if statement.correction:
                _retract(found, said_in, statement, number, spoke_before.get(message.role))
            kept = found.get(key)
            if kept is None or statement.salience > kept.salience:
                found[key] = statement
                said_in[key] = number
            if len(found) >= MAX_STATEMENTS:
                return list(found.values())
        context, topic = _carried(parsed, context, topic)
        asked = context if message.role == "assistant" and context and context.rstrip().endswith("?") else None
        questions = [sentence for unit, _ in parsed for sentence in unit
                     if sentence.rstrip().endswith("?")][-3:] if asked is not None else []
        spoke_before[message.role] = number
        summary_asked = message.role == "user" and any(
            summaries.is_request(sentence) for unit, _ in parsed for sentence in unit)
    return list(found.values())


# Where a sentence joins clauses that may each stand alone: a colon, a semicolon, a dash.
CLAUSE_BREAK = re.compile(r":\s+|;\s+|\s[—–-]\s|\s*—\s*")
# A clause that starts by pointing elsewhere needs its sentence: "they show as bookable…".
POINTING = _cue(r"^(?:they|it|this|that|these|those|he|she|them|which|so|but|and|or|because|since|"
                r"I|I'?m|I'?ll|I'?ve|you|we'?ll|we'?re\s+going)\b")


# "one change:", "update:", "correction:": what follows replaces a value, and is the rule.
CHANGE_LABEL = _cue(r"^(?:(?:one|a|small|quick|last)\s+)?(?:change|update|correction|amendment)s?$")


def _told_before_a_rule(sentence: str) -> bool:
    """The sentence opens with a symptom, a status or what happened ("The gate screen is
    frozen again - it's a policy thing: …"): a rule after it is the memory, not all of it."""
    first = CLAUSE_BREAK.split(sentence, 1)[0]
    # ("we never return raw errors" is a rule with an event's verb, not a symptom)
    event = facts.EVENT.search(first) and not standing.QUANTIFIED.search(first)
    return first != sentence and bool(standing.PAST.search(first) or standing.is_status(first)
                                      or event or RIGHT_NOW.search(first))


def _inner_clause(sentence: str, role: str) -> tuple[str, str, float] | None:
    """(clause, category, salience) of a later clause that states a rule or a fact on its own
    when the whole sentence does not: "it's a policy thing: wheelchair seats are booked by
    phone, never online", "one change: cap the backoff at 30 minutes not 10". Not after a
    label of the task ("Bug:", "Problem:"), which makes what follows its symptom, and not a
    clause that leans on the one before ("they show as bookable online")."""
    head = directives.LEAD.sub("", LEAD_IN.sub("", sentence)).split(":", 1)[0].strip()
    if sentence.rstrip().endswith("?") or PROBLEM_LABEL.match(sentence) or (
            labelled.DISCOURSE.match(head) and not CHANGE_LABEL.match(head)):
        return None
    parts = CLAUSE_BREAK.split(sentence)
    if len(parts) < 2:
        return None
    for part in parts[1:]:
        part = part.strip(" ,")
        if len(part.split()) < MIN_WORDS or POINTING.match(LEAD_IN.sub("", part)):
            continue
        category, salience = score(part, role, None)
        if category:
            return part, category, salience
    return None


def _opens_summary(parsed: list[tuple[list[str], bool]]) -> bool:
    first = next((unit[0] for unit, _ in parsed if unit), "")
    return summaries.is_heading(first) and bool(summaries.ABOUT.search(first))


def _with_summary(found: list[Statement], parsed: list[tuple[list[str], bool]]) -> list[Statement]:
    """``found`` and each statement of the assistant's summary of what was settled
    (``summaries``) that no statement of ``found`` already holds."""
    out = list(found)
    held = [s.text.lower() for s in found]
    for unit, _ in parsed:
        for sentence in unit:
            text = LEAD_IN.sub("", sentence).strip()
            if MEMORY_ID.search(text) or not summaries.is_item(text):
                continue
            shown = secret_only.without_secret(text, summaries.is_item)
            if shown is None or any(shown.lower().rstrip(".!") in h or h.rstrip(".!") in shown.lower()
                                    for h in held):
                continue
            shown = _capitalised(shown)
            salience = round(summaries.SALIENCE * ROLE_WEIGHT["assistant"], 3)
            out.append(Statement(shown, "decision", salience, "assistant", "project",
                                 tags_for(shown, "decision"), "", True))
            held.append(shown.lower())
    return out


def _paired_answers(questions: list[str], parsed: list[tuple[list[str], bool]]) -> list[Statement]:
    """The user's reply to several questions, one sentence to each, in order (``answers``);
    empty unless the reply has a sentence for each question."""
    said = [sentence for unit, _ in parsed for sentence in unit]
    if len(said) < len(questions):
        return []
    out = []
    followed = [answers.follow_up(q, questions[0]) for q in questions[1:]]
    first = answers.statement(questions[0], said[0])
    for number, (question, reply) in enumerate(zip(questions[:1] + followed, said)):
        found = first if number == 0 else answers.statement(
            question, reply, first is not None and question != questions[number])
        if found is not None and len(found[0]) <= MAX_CHARS:
            out.append(Statement(found[0], found[1], answers.SALIENCE, "user", "project",
                                 tags_for(found[0], found[1])))
    return out


def _answer(asked: str | None, parsed: list[tuple[list[str], bool]]) -> Statement | None:
    """The user's reply read with the assistant's question (``answers``): its first
    sentence, or the whole reply when it is short ("local, Europe/Prague. by entry time")."""
    if asked is None:
        return None
    said = [sentence for unit, _ in parsed for sentence in unit]
    if not said:
        return None
    whole = " ".join(said)
    reply = whole if len(whole.split()) <= answers.MAX_ANSWER_WORDS else said[0]
    found = answers.statement(asked, reply)
    if found is None:
        return None
    text, category = found
    if len(text) > MAX_CHARS:
        return None
    return Statement(text, category, answers.SALIENCE, "user", "project", tags_for(text, category))


def _retract(found: dict[str, Statement], said_in: dict[str, int], correction: Statement,
             number: int, before: int | None) -> None:
    """Drop what ``correction`` takes back among the same speaker's statements of the last
    few messages (``corrections.retracts``): those it names or shares a subject with, else
    (a bare "scratch that") its "last" statement — the latest one of its own message when it
    is said mid-message, else the last of the speaker's message just before (``before``):
    "you're right, we raised it to 23" after a list of rules takes back its last item, not
    the list)."""
    mine = [key for key, s in found.items() if s.role == correction.role
            and number - corrections.WINDOW <= said_in[key] <= number]
    here = [key for key in mine if said_in[key] == number]
    if correction.mid_message and corrections.STRONG.search(correction.correction) \
            and not corrections.ABOUT.search(correction.correction):
        # "…Driftwood.Gameplay... actually no, scratch that, …": what the speaker said just
        # before, not an older statement that shares a word with the correction; when
        # nothing of this message was kept before it, what it corrects is in its own text
        # ("…moved to vitest... no wait, that was just a spike") or was never kept
        mine = here[-1:]
    named = [key for key in mine if corrections.retracts(
        correction.text, correction.correction, found[key].text, False)]
    if not named:
        here = [key for key in mine if said_in[key] == number]
        latest = here[-1:] if correction.mid_message else [
            key for key in mine if said_in[key] == before][-1:]
        named = [key for key in latest if corrections.retracts(
            correction.text, correction.correction, found[key].text, True)]
    for key in named:
        del found[key], said_in[key]


def _carried(parsed: list[tuple[list[str], bool]], context: str | None,
             topic: str | None) -> tuple[str | None, str | None]:
    """The last sentence of a message (its ``paragraphs``) and the last name it mentions,
    for the next message; a message that names nothing passes on the name from before."""
    units = [unit for unit, _ in parsed if unit]
    if not units:
        return context, topic
    for sentence in reversed([s for unit in units for s in unit][-CARRY_SENTENCES:]):
        names = list(IDENTIFIER.finditer(sentence))
        if names:
            last = names[-1]
            path = PATH_BEFORE.search(sentence[max(0, last.start() - 80):last.start()])
            return units[-1][-1], (path.group(0) if path else "") + last.group(0)
    return units[-1][-1], topic

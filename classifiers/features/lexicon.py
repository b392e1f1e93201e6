"""A small hand-written lexicon of abusive language, by category.

The training sets are tweets; news commenters insult each other with a different
vocabulary ("hypocrite", "imbecile", "wingnut"). Category counts let the model give
weight to a word it rarely or never saw in training because it belongs to a category
it learned to weigh, and they give the sub-labels (insult, threat, identity attack,
obscenity) their weak supervision. Entries ending in ``*`` match as prefixes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

INSULT = """
idiot* moron* stupid* dumb dumber dumbest dumbass* imbecil* cretin* fool fools foolish loser* pathetic
clown* clueless ignorant ignoramus brainless retard* halfwit* nitwit* dimwit* dolt* dunce* jerk* scum*
lowlife* vermin trash trashy garbage hypocrit* liar liars coward* traitor* sleaze* slimy creep* disgusting
despicable contemptible vile worthless useless incompetent lunatic* nutjob* nutcase* wingnut* crackpot*
bigot* sheeple troll trolls shill* buffoon* twit twits twat* douche* idiocy deplorable* libtard* snowflake*
moonbat* ugly fatso freak freaks psycho* degenerate* parasite* maggot* rat rats pig pigs swine dog dogs
shameless spineless gutless sicko* nutter* bimbo* airhead* numbskull* bonehead* knucklehead* dipshit*
dumbfuck* shithead* asshat* dickhead* jackass* prick* arse arsehole* asshole* bastard*
""".split()

OBSCENITY = """
fuck* fck* fuk* fukk* phuck* shit* sh1t* bullshit* crap crappy bitch* biatch* ass asses arse cunt* dick dicks
cock cocks pussy pussies piss* bollock* wank* wtf stfu motherfuck* mofo slut* whore* hoe hoes tits titty
damn goddamn hell bugger* bloody boner* jizz* cum blowjob* handjob* porn* screw screwed sucks suck
""".split()

THREAT = """
kill killing killed murder* shoot shooting shot stab* hang hanged hanging lynch* behead* execute* execution
bullet* gun guns bomb* burn burned torture* strangle* choke* slit punch* beat beaten smash* destroy die
dies dying dead death deserve hunt hurt rape* raped bury
""".split()

# Milder disparagement common in political comment threads; its own category so its
# weight is learned apart from outright insults.
DISPARAGING = """
corrupt* crook* criminal* thug* fascis* nazi* commie* treason* lying lies delusion* deranged hysteric*
whine whining whiner* crybab* rant ranting dishonest* disgrace* shameful shame evil sick sickening insane
crazy nuts mental hateful racist* sexist* bigotry propaganda brainwash* ridiculous absurd nonsense laughable
idiotic stupidity gullible hypocrisy arrogan* smug
""".split()

IDENTITY_SLUR = """
nigg* nigga* negro* fag fags faggot* dyke* tranny* trannies kike* spic spics chink* wetback* raghead*
towelhead* paki pakis gook* coon coons beaner* retards queer* homo homos sandnigg* jihadi* savage savages
""".split()

IDENTITY_GROUP = """
muslim* islam* jew jews jewish black blacks white whites immigrant* refugee* migrant* gay gays lesbian*
transgender* trans women woman girls feminist* arab* mexican* african* asian* chinese indian* native*
christian* catholic* liberal* conservative* leftist* rightwing* foreigner* minorit* race racial
""".split()

# Phrases carry intent single words cannot ("i will find you").
THREAT_PHRASES = [
    r"\b(?:i|we)(?:'ll| will| am going to| gonna| are going to)\s+(?:\w+\s+){0,2}(?:kill|shoot|hurt|find|stab|beat|hunt|end|destroy|get)\b",
    r"\b(?:should|ought to|deserves? to|needs? to|must)\s+(?:be\s+)?(?:shot|hanged|hung|killed|die|executed|lynched|burned|beaten|jailed and shot)\b",
    r"\b(?:hope|wish)\s+(?:you|he|she|they)\s+(?:\w+\s+)?(?:die|dies|get killed|gets killed|rot|burn)\b",
    r"\bwatch your back\b|\bdead man walking\b|\byou(?:'re| are) dead\b|\bi know where you live\b",
]
INSULT_PHRASES = [
    r"\byou(?:'re| are|r)\s+(?:\w+\s+){0,2}(?:an?\s+)?(?:idiot|moron|fool|stupid|dumb|liar|clown|joke|loser|pathetic|ignorant)",
    r"\bshut up\b|\bget lost\b|\bgo away\b|\bscrew you\b|\bf\W?off\b|\bpiss off\b|\bget a life\b|\bgrow up\b",
]

CATEGORIES = ("insult", "obscenity", "threat", "identity_slur", "identity_group", "disparaging")
_WORDS = {"insult": INSULT, "obscenity": OBSCENITY, "threat": THREAT, "identity_slur": IDENTITY_SLUR, "identity_group": IDENTITY_GROUP, "disparaging": DISPARAGING}
_PHRASES = {"insult": [re.compile(p) for p in INSULT_PHRASES], "threat": [re.compile(p) for p in THREAT_PHRASES]}
# Masked spellings ("f*ck", "sh!t") are obscenities whatever the letters hidden.
_MASKED = re.compile(r"^[a-z]+[*!@$#]+[a-z]*$")


def _compile(entries: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact = frozenset(e for e in entries if not e.endswith("*"))
    prefixes = tuple(e[:-1] for e in entries if e.endswith("*"))
    return exact, prefixes


_COMPILED = {name: _compile(words) for name, words in _WORDS.items()}


@lru_cache(maxsize=100_000)
def token_categories(token: str) -> tuple[str, ...]:
    """The lexicon categories a single normalised token belongs to."""
    found = []
    for name, (exact, prefixes) in _COMPILED.items():
        if token in exact or token.startswith(prefixes):
            found.append(name)
    if "obscenity" not in found and _MASKED.match(token):
        found.append("obscenity")
    return tuple(found)


def category_hits(tokens: list[str], text: str) -> dict[str, list[str]]:
    """Category -> matched words and phrases, for one comment's tokens and normalised text."""
    hits: dict[str, list[str]] = {name: [] for name in CATEGORIES}
    for token in tokens:
        for name in token_categories(token):
            hits[name].append(token)
    for name, patterns in _PHRASES.items():
        for pattern in patterns:
            hits[name].extend(m.group(0) for m in pattern.finditer(text))
    return hits


def lexicon_matrix(token_lists: list[list[str]], texts: list[str]) -> np.ndarray:
    """Dense per-comment features: log counts per category plus two interactions.

    A group word next to a slur or insult is what identity attacks look like; second
    person plus an insult is what a personal attack looks like.
    """
    rows = np.zeros((len(token_lists), len(CATEGORIES) + 2), dtype=np.float32)
    for i, (tokens, text) in enumerate(zip(token_lists, texts)):
        hits = category_hits(tokens, text)
        counts = [len(hits[name]) for name in CATEGORIES]
        rows[i, : len(CATEGORIES)] = np.log1p(counts)
        negative = counts[0] + counts[3]
        rows[i, -2] = float(counts[4] > 0 and negative > 0)
        rows[i, -1] = float(negative > 0 and any(t in ("you", "your", "u", "ur", "youre") for t in tokens))
    return rows

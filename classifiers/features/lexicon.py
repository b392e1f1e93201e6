"""A small hand-written lexicon of abusive language, by category.

The training sets are tweets; news commenters insult each other with a different
vocabulary ("hypocrite", "imbecile", "wingnut"). Category counts let the model give
weight to a word it rarely or never saw in training because it belongs to a category
it learned to weigh, and they give the sub-labels (insult, threat, identity attack,
obscenity) their weak supervision. Entries ending in ``*`` match as prefixes.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

from classifiers.features.token_table import TokenTable

INSULT = ["idiot*", "moron*", "stupid*", "dumb", "dumber", "dumbest", "dumbass*", "imbecil*", "cretin*", "fool", "fools", "foolish", "loser*", "pathetic", "clown*", "clueless", "ignorant", "ignoramus", "brainless", "retard*", "halfwit*", "nitwit*", "dimwit*", "dolt*", "dunce*", "jerk*", "scum*", "lowlife*", "vermin", "trash", "trashy", "garbage", "hypocrit*", "liar", "liars", "coward*", "traitor*", "sleaze*", "slimy", "creep*", "disgusting", "despicable", "contemptible", "vile", "worthless", "useless", "incompetent", "lunatic*", "nutjob*", "nutcase*", "wingnut*", "crackpot*", "bigot*", "sheeple", "troll", "trolls", "shill*", "buffoon*", "twit", "twits", "twat*", "douche*", "idiocy", "deplorable*", "libtard*", "snowflake*", "moonbat*", "ugly", "fatso", "freak", "freaks", "psycho*", "degenerate*", "parasite*", "maggot*", "rat", "rats", "pig", "pigs", "swine", "dog", "dogs", "shameless", "spineless", "gutless", "sicko*", "nutter*", "bimbo*", "airhead*", "numbskull*", "bonehead*", "knucklehead*", "dipshit*", "dumbfuck*", "shithead*", "asshat*", "dickhead*", "jackass*", "prick*", "arse", "arsehole*", "asshole*", "bastard*", "dummy", "dummies", "dimwitted", "nincompoop*", "simpleton*", "pinhead*", "neanderthal*", "troglodyte*", "stooge*", "lackey*", "sycophant*", "bootlick*", "scumbag*", "dirtbag*", "sleazebag*", "weasel*", "leech*", "freeloader*", "deadbeat*", "windbag*", "blowhard*", "gasbag*", "braindead", "mindless", "asinine", "inane", "illiterate*", "uneducated", "nutbar*", "loony", "loon", "loons", "kook*", "wacko*", "whacko*", "weirdo*", "pervert*", "perv", "pervs", "pedo", "pedos", "paedo*", "pedophile*", "sociopath*", "psychopath*", "narcissist*", "charlatan*", "huckster*", "grifter*", "toady", "toadies", "thief", "thieves", "conservatard*", "leftard*", "trumptard*", "rethug*", "repuglican*", "repugnican*", "dumbocrat*", "demonrat*", "feminazi*", "bozo*", "goon*", "dope", "dopes", "doofus*", "dork*", "ignoramus*"]

OBSCENITY = ["fuck*", "fck*", "fuk*", "fukk*", "phuck*", "shit*", "sh1t*", "bullshit*", "crap", "crappy", "bitch*", "biatch*", "ass", "asses", "arse", "cunt*", "dick", "dicks", "cock", "cocks", "pussy", "pussies", "piss*", "bollock*", "wank*", "wtf", "stfu", "motherfuck*", "mofo", "slut*", "whore*", "hoe", "hoes", "tits", "titty", "damn", "goddamn", "hell", "bugger*", "bloody", "boner*", "jizz*", "cum", "blowjob*", "handjob*", "porn*", "screw", "screwed", "sucks", "suck"]

THREAT = ["kill", "killing", "killed", "murder*", "shoot", "shooting", "shot", "stab*", "hang", "hanged", "hanging", "lynch*", "behead*", "execute*", "execution", "bullet*", "gun", "guns", "bomb*", "burn", "burned", "torture*", "strangle*", "choke*", "slit", "punch*", "beat", "beaten", "smash*", "destroy", "die", "dies", "dying", "dead", "death", "deserve", "hunt", "hurt", "rape*", "raped", "bury"]

# Milder disparagement common in political comment threads; its own category so its
# weight is learned apart from outright insults.
DISPARAGING = ["corrupt*", "crook*", "criminal*", "thug*", "fascis*", "nazi*", "commie*", "treason*", "lying", "lies", "delusion*", "deranged", "hysteric*", "whine", "whining", "whiner*", "crybab*", "rant", "ranting", "dishonest*", "disgrace*", "shameful", "shame", "evil", "sick", "sickening", "insane", "crazy", "nuts", "mental", "hateful", "racist*", "sexist*", "bigotry", "propaganda", "brainwash*", "ridiculous", "absurd", "nonsense", "laughable", "idiotic", "stupidity", "gullible", "hypocrisy", "arrogan*", "smug", "pompous", "condescending", "sanctimonious", "incompetence", "ignorance", "lame", "drivel", "rubbish", "baloney", "hogwash", "twaddle", "claptrap", "bs"]

IDENTITY_SLUR = ["nigg*", "nigga*", "negro*", "fag", "fags", "faggot*", "dyke*", "tranny*", "trannies", "kike*", "spic", "spics", "chink*", "wetback*", "raghead*", "towelhead*", "paki", "pakis", "gook*", "coon", "coons", "beaner*", "retards", "queer*", "homo", "homos", "sandnigg*", "jihadi*", "savage", "savages"]

IDENTITY_GROUP = ["muslim*", "islam*", "jew", "jews", "jewish", "black", "blacks", "white", "whites", "immigrant*", "refugee*", "migrant*", "gay", "gays", "lesbian*", "transgender*", "trans", "women", "woman", "girls", "feminist*", "arab*", "mexican*", "african*", "asian*", "chinese", "indian*", "native*", "christian*", "catholic*", "liberal*", "conservative*", "leftist*", "rightwing*", "foreigner*", "minorit*", "race", "racial"]

# Phrases carry intent single words cannot ("i will find you"). Each pattern comes
# with word groups it cannot match without: a comment is searched only when, for every
# group, one of its words contains one of the group's strings ("^": at the word's start
# or after a joining character in it).
# Most comments fail that test, which spares running the patterns over all text.
THREAT_PHRASES = [
    (
        r"\b(?:i|we)(?:'ll| will| am going to| gonna| are going to)\s+(?:\w+\s+){0,2}(?:kill|shoot|hurt|find|stab|beat|hunt|end|destroy|get)\b",
        (("will", "'ll", "gonna", "going"), ("^kill", "^shoot", "^hurt", "^find", "^stab", "^beat", "^hunt", "^end", "^destroy", "^get")),
    ),
    (
        r"\b(?:should|ought to|deserves? to|needs? to|must)\s+(?:be\s+)?(?:shot|hanged|hung|killed|die|executed|lynched|burned|beaten|jailed and shot)\b",
        (("^should", "^ought", "^deserve", "^need", "^must"), ("^shot", "^hanged", "^hung", "^killed", "^die", "^executed", "^lynched", "^burned", "^beaten", "^jailed")),
    ),
    (
        r"\b(?:hope|wish)\s+(?:you|he|she|they)\s+(?:\w+\s+)?(?:die|dies|get killed|gets killed|rot|burn)\b",
        (("^hope", "^wish"), ("^die", "^get", "^rot", "^burn")),
    ),
    (
        r"\bwatch your back\b|\bdead man walking\b|\byou(?:'re| are) dead\b|\bi know where you live\b",
        (("^back", "^walking", "^dead", "^live"),),
    ),
]
INSULT_PHRASES = [
    (
        r"\byou(?:'re| are|r)\s+(?:\w+\s+){0,2}(?:an?\s+)?(?:idiot|moron|fool|stupid|dumb|liar|clown|joke|loser|pathetic|ignorant)",
        (("^you",), ("^idiot", "^moron", "^fool", "^stupid", "^dumb", "^liar", "^clown", "^joke", "^loser", "^pathetic", "^ignorant")),
    ),
    (
        r"\bshut up\b|\bget lost\b|\bgo away\b|\bscrew you\b|\bf\W?off\b|\bpiss off\b|\bget a life\b|\bgrow up\b",
        (("shut", "lost", "away", "screw", "off", "life", "grow"),),
    ),
    (
        r"\bgo back to school\b|\bget a (?:brain|clue)\b|\buse your (?:brain|head)\b|\bshut your (?:mouth|trap|pie hole)\b",
        (("^school", "^brain", "^clue", "^head", "^mouth", "^trap", "^hole"),),
    ),
]

CATEGORIES = ("insult", "obscenity", "threat", "identity_slur", "identity_group", "disparaging")
_WORDS = {"insult": INSULT, "obscenity": OBSCENITY, "threat": THREAT, "identity_slur": IDENTITY_SLUR, "identity_group": IDENTITY_GROUP, "disparaging": DISPARAGING}
_PHRASES = [(name, re.compile(p), groups) for name, table in (("insult", INSULT_PHRASES), ("threat", THREAT_PHRASES)) for p, groups in table]
# Masked spellings ("f*ck", "sh!t") are obscenities whatever the letters hidden.
_MASKED = re.compile(r"^[a-z]+[*!@$#]+[a-z]*$")
SECOND_PERSON = frozenset({"you", "your", "u", "ur", "youre"})
# "you are not stupid", "I don't hate them": a negator shortly before a hostile word
# often reverses it. The model gets the count of such words as its own feature, so
# it can learn how much of their weight to take back.
NEGATORS = frozenset(
    ["not", "no", "never", "nobody", "nothing", "hardly", "cannot", "isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "wont", "cant", "aint"]
    + [w + "n" + q + "t" for q in "'’" for w in ("is", "are", "was", "were", "do", "does", "did", "wo", "ca", "ai")]
)
_PERSON_OR_NEGATOR = SECOND_PERSON | NEGATORS
NEGATION_WINDOW = 3
_HOSTILE = ("insult", "threat", "identity_slur", "disparaging")

# Bits of a token's mask: its categories, second person, negator, then each phrase group.
_SECOND_PERSON_BIT = 1 << len(CATEGORIES)
_NEGATOR_BIT = 1 << (len(CATEGORIES) + 1)
_CATEGORY_BITS = (1 << len(CATEGORIES)) - 1
_HOSTILE_BITS = sum(1 << CATEGORIES.index(name) for name in _HOSTILE)
_GROUPS = [group for _, _, groups in _PHRASES for group in groups]
_GROUP_BIT = {id(group): 1 << (len(CATEGORIES) + 2 + k) for k, group in enumerate(_GROUPS)}

def _group_finder(anchored: bool) -> tuple[re.Pattern, dict[str, int]]:
    """A pattern finding the longest group string at each position of a word (at its
    start only, for anchored strings), and each string's bits.

    A string's bits include those of every string it implies (contains, or starts
    with when anchored), so shorter strings hidden by a longer match are not lost.
    """
    bits: dict[str, int] = {}
    for group in _GROUPS:
        for part in group:
            if part.startswith("^") == anchored:
                part = part.lstrip("^")
                bits[part] = bits.get(part, 0) | _GROUP_BIT[id(group)]
    strings = sorted(bits, key=len, reverse=True)
    implied = {s: 0 for s in strings}
    for s in strings:
        for part, bit in bits.items():
            if (s.startswith(part) if anchored else part in s):
                implied[s] |= bit
    alternatives = "(?=(" + "|".join(map(re.escape, strings)) + "))"
    # A pattern's \b before a word can also fall inside a token, after a joining character.
    return re.compile(("(?:^|(?<=[*'’.$@!]))" if anchored else "") + alternatives, re.MULTILINE), implied


_GROUP_FINDERS = (_group_finder(anchored=True), _group_finder(anchored=False))
_MASK_CACHE_LIMIT = 300_000


def _compile(entries: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact = frozenset(e for e in entries if not e.endswith("*"))
    prefixes = tuple(e[:-1] for e in entries if e.endswith("*"))
    return exact, prefixes


_COMPILED = {name: _compile(words) for name, words in _WORDS.items()}


def _category_pattern(exact: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern:
    alternatives = [re.escape(e) + "$" for e in sorted(exact)] + [re.escape(p) for p in prefixes]
    return re.compile("^(?:" + "|".join(alternatives) + ")", re.MULTILINE)


# Membership of a category: the word is one of its entries or starts with one of its
# prefixes; as patterns, so many words are checked in one pass.
_CATEGORY_PATTERNS = [(1 << CATEGORIES.index(name), _category_pattern(*_COMPILED[name])) for name in CATEGORIES]
_OBSCENITY_BIT = 1 << CATEGORIES.index("obscenity")
_MASKED_LINES = re.compile(r"^[a-z]+[*!@$#]+[a-z]*$", re.MULTILINE)


def token_masks(tokens: list[str]) -> list[int]:
    """Each token's bits: lexicon categories, second person, negator, phrase-trigger groups.

    The tokens are joined one per line and each pattern runs once over them all, so a
    batch's new words cost a few passes, not a few calls per word.
    """
    joined = "\n".join(tokens)
    line_starts = np.cumsum([0] + [len(t) + 1 for t in tokens[:-1]])
    masks = np.zeros(len(tokens), dtype=np.int64)

    def mark(pattern: re.Pattern, bits_of) -> None:
        matches = [(m.start(), bits_of(m)) for m in pattern.finditer(joined)]
        if matches:
            where, bits = zip(*matches)
            np.bitwise_or.at(masks, np.searchsorted(line_starts, where, side="right") - 1, np.array(bits, dtype=np.int64))

    for bit, pattern in _CATEGORY_PATTERNS:
        mark(pattern, lambda m, bit=bit: bit)
    masked = np.zeros(len(tokens), dtype=np.int64)
    matches = [m.start() for m in _MASKED_LINES.finditer(joined)]
    masked[np.searchsorted(line_starts, matches, side="right") - 1] = _OBSCENITY_BIT
    masks |= masked
    for finder, implied in _GROUP_FINDERS:
        mark(finder, lambda m, implied=implied: implied[m.group(1)])
    out = masks.tolist()
    for k in [k for k, token in enumerate(tokens) if token in _PERSON_OR_NEGATOR]:
        out[k] |= (_SECOND_PERSON_BIT if tokens[k] in SECOND_PERSON else 0) | (_NEGATOR_BIT if tokens[k] in NEGATORS else 0)
    return out


def category_hits(tokens: list[str], text: str) -> dict[str, list[str]]:
    """Category -> matched words and phrases, for one comment's tokens and normalised text."""
    masks = token_masks(tokens) if tokens else []
    present = 0
    for mask in masks:
        present |= mask
    return _hits(tokens, masks, present, text)


def _hits(tokens: list[str], masks: list[int], present: int, text: str) -> dict[str, list[str]]:
    """Hits of one comment: ``tokens`` (with their ``masks``) may leave out words in no
    category; ``present`` is every word's bits together."""
    hits: dict[str, list[str]] = {name: [] for name in CATEGORIES}
    for token, mask in zip(tokens, masks):
        if mask & _CATEGORY_BITS:
            for c, name in enumerate(CATEGORIES):
                if mask >> c & 1:
                    hits[name].append(token)
    for name, pattern, groups in _PHRASES:
        if all(present & _GROUP_BIT[id(g)] for g in groups):
            hits[name].extend(pattern.findall(text))
    return hits


class Lexicon:
    """Per-comment lexicon features for a whole batch, from its token table.

    Each distinct word's mask is computed once and remembered by the word's hash.
    """

    def __init__(self):
        self._masks: dict[int, int] = {}

    def token_masks(self, table: TokenTable) -> np.ndarray:
        """Each token's bits (see ``token_masks``), in the table's order."""
        hashes, first, inverse = table.unique()
        masks = self._masks
        keys = hashes.tolist()
        found = list(map(masks.get, keys))
        missing = [k for k, value in enumerate(found) if value is None]
        if missing:
            if len(masks) + len(missing) > _MASK_CACHE_LIMIT:
                masks.clear()
            text, where = table.text, first[missing]
            words = [text[s : s + n] for s, n in zip(table.starts[where].tolist(), table.lengths[where].tolist())]
            new_masks = token_masks(words)
            masks.update(zip([keys[k] for k in missing], new_masks))
            for k, value in zip(missing, new_masks):
                found[k] = value
        return np.asarray(found, dtype=np.int64)[inverse]

    def hits(self, table: TokenTable, masks: np.ndarray, texts: list[str]) -> list[dict[str, list[str]]]:
        """``category_hits`` of each comment of ``table`` (``masks``: its ``token_masks``)."""
        present = np.zeros(table.n_docs, dtype=np.int64)
        np.bitwise_or.at(present, table.doc, masks)
        # Only the words in some category are listed; most words are in none.
        listed = np.flatnonzero(masks & _CATEGORY_BITS)
        tokens = table.tokens()
        words, bits = [tokens[k] for k in listed.tolist()], masks[listed].tolist()
        bounds = np.searchsorted(table.doc[listed], np.arange(table.n_docs + 1)).tolist()
        return [
            _hits(words[a:b], bits[a:b], int(present[i]), texts[i]) for i, (a, b) in enumerate(itertools.pairwise(bounds))
        ]

    def rows(self, table: TokenTable, texts: list[str], masks: np.ndarray | None = None) -> np.ndarray:
        """Log counts per category, two interactions and negated hostile words, one row per comment.

        A group word next to a slur or insult is what identity attacks look like; second
        person plus an insult is what a personal attack looks like. ``masks``: the
        table's ``token_masks``, when the caller already has them.
        """
        n = table.n_docs
        masks = self.token_masks(table) if masks is None else masks
        counts = np.zeros((n, len(CATEGORIES)), dtype=np.float32)
        for k in range(len(CATEGORIES)):
            counts[:, k] = np.bincount(table.doc, weights=(masks >> k) & 1, minlength=n)
        present = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(present, table.doc, masks)
        for name, pattern, groups in _PHRASES:
            need = [_GROUP_BIT[id(g)] for g in groups]
            candidates = np.flatnonzero(np.logical_and.reduce([(present & bit) > 0 for bit in need]))
            column = CATEGORIES.index(name)
            for i in candidates.tolist():
                counts[i, column] += len(pattern.findall(texts[i]))
        rows = np.zeros((n, len(CATEGORIES) + 3), dtype=np.float32)
        rows[:, : len(CATEGORIES)] = np.log1p(counts)
        negative = counts[:, 0] + counts[:, 3]
        rows[:, len(CATEGORIES)] = (counts[:, 4] > 0) & (negative > 0)
        rows[:, len(CATEGORIES) + 1] = (negative > 0) & ((present & _SECOND_PERSON_BIT) > 0)
        rows[:, len(CATEGORIES) + 2] = np.log1p(_negated_hostile(masks, table.doc, n))
        return rows


def _negated_hostile(masks: np.ndarray, doc: np.ndarray, n: int) -> np.ndarray:
    """Per comment, hostile words with a negator among the few words before them."""
    negator = (masks & _NEGATOR_BIT) > 0
    negated = np.zeros(len(masks), dtype=bool)
    for step in range(1, NEGATION_WINDOW + 1):
        negated[step:] |= negator[:-step] & (doc[step:] == doc[:-step])
    return np.bincount(doc, weights=negated & ((masks & _HOSTILE_BITS) > 0), minlength=n)

"""Contrast examples written for this project: threats and group hatred beside look-alikes that are neither.

The public sets hold few threats (about 430 of 87,000 examples, most in Wikipedia or tweet
register) and little hatred phrased politely, and almost none of the comments that look like
them but are fine: war and crime reporting full of violent words, counter-speech, quoting abuse
to condemn it, criticism of a government rather than a people. A model that learns from them
reads topic words, not who is threatened or what is said of a group. These sentences are built
from frames and fillers written here (a grammar, not text from any dataset or from the policy
suite), so that every harmful frame has civil neighbours sharing its words:

- threats, explicit and veiled, at the journalist, a reader, an official or a group, and wishes
  of violence (threat, abuse; identity attack too when the target is a people or faith);
- dehumanising, exclusionary and politely worded contempt for a nationality, faith or other
  protected group (identity attack, abuse);
- direct insults at the author or a reader, some disguised by spacing, masking or digits (insult);
- negatives sharing those words: violent reporting, idioms ("killed it"), counter-speech,
  condemnation that quotes the words, neutral or warm mentions of the same groups, sharp
  criticism of states, armies and articles, civil disagreement with the author.

They are examples like any source's: a fixed share is held out for validation, and each counts
for `WEIGHT` (a look-alike for `CONTRAST_WEIGHT`, so that each is drawn about as often as the harm it resembles).
They teach the sub-label heads only (threat, identity attack, insult, obscenity): their abuse
target is left unknown, so the abuse head keeps the public sets' notion of abuse. Tuned with
these as abuse examples too, the adapters learnt the harms but every dev set lost 0.008 to 0.01
ROC AUC.
"""

from __future__ import annotations

import random
import re

from classifiers.encoder.data import EncoderExample, _example

NAN = float("nan")

SOURCE = "written"
WEIGHT = 1.0  # a harmful example; threats and identity attacks are also drawn more often in tuning (rare_harm_weight)
CONTRAST_WEIGHT = 2.0  # a look-alike that is fine, so each is drawn about as often as the harm it resembles
PER_KIND = 700  # examples drawn from each kind (fewer where a kind has fewer combinations)
SEED = 31

# --- who is spoken of -------------------------------------------------------------------------
PEOPLE = [  # (as object, possessive pronoun, reflexive)
    ("the journalist", "her", "herself"), ("the reporter", "his", "himself"), ("the author", "her", "herself"),
    ("the editor", "his", "himself"), ("whoever wrote this", "their", "themselves"), ("the writer of this article", "his", "himself"),
    ("the columnist", "her", "herself"), ("the photographer", "his", "himself"), ("the prosecutor", "her", "herself"),
    ("the judge", "his", "himself"), ("the witness", "her", "herself"), ("the councillor", "his", "himself"),
    ("the referee", "his", "himself"), ("the manager", "her", "herself"), ("the mayor", "his", "himself"),
    ("that commenter", "their", "themselves"), ("the poster above", "their", "themselves"), ("Dave", "his", "himself"),
    ("Priya", "her", "herself"), ("@Gareth_W", "his", "himself"), ("@MossyBank", "their", "themselves"), ("Joanne", "her", "herself"),
    ("the defence lawyer", "his", "himself"), ("the spokesman", "his", "himself"), ("the landlord", "her", "herself"),
]

GROUPS = [  # plural noun, adjective of the people, their country or faith institution
    ("Russians", "Russian", "Russia"), ("Ukrainians", "Ukrainian", "Ukraine"), ("Poles", "Polish", "Poland"),
    ("Romanians", "Romanian", "Romania"), ("Nigerians", "Nigerian", "Nigeria"), ("Pakistanis", "Pakistani", "Pakistan"),
    ("Somalis", "Somali", "Somalia"), ("Chinese people", "Chinese", "China"), ("Israelis", "Israeli", "Israel"),
    ("Palestinians", "Palestinian", "the Palestinian Authority"), ("Afghans", "Afghan", "Afghanistan"), ("Albanians", "Albanian", "Albania"),
    ("Muslims", "Muslim", "the mosque"), ("Jews", "Jewish", "the synagogue"), ("Catholics", "Catholic", "the Church"),
    ("Hindus", "Hindu", "the temple"), ("Sikhs", "Sikh", "the gurdwara"), ("Roma", "Roma", "their community"),
    ("immigrants", "immigrant", "the Home Office"), ("refugees", "refugee", "the camps"), ("asylum seekers", "asylum-seeking", "the Home Office"),
    ("gay people", "gay", "Pride"), ("trans people", "trans", "their charities"), ("Black people", "Black", "their churches"),
    ("Irish travellers", "traveller", "their sites"), ("Eastern Europeans", "Eastern European", "the EU"),
]
DEHUMANISING = ["vermin", "animals", "parasites", "cockroaches", "rats", "a disease", "a plague", "subhuman", "savages", "filth",
                "a cancer", "a virus", "leeches", "not really human", "barely human", "a lower form of life"]
EXCLUDE = ["deported, every last one of them", "sent back where they came from", "kept out of this country for good",
           "banned from living among decent people", "removed from our towns", "stripped of citizenship and expelled"]
EXTERMINATE = ["wiped out", "exterminated", "gassed", "shot on sight", "lined up and shot", "burned out of their homes",
               "hanged from the lamp posts", "put down like dogs", "driven into the sea", "hunted down one by one"]
POLITE_CONTEMPT = [
    "With the greatest respect, {G} are simply not capable of living in a civilised society.",
    "I have nothing against them personally, but {G} are a backward people and always will be.",
    "It is not racist to point out that {G} are less intelligent on average. It is simply true.",
    "Let us be frank: {G} cannot be trusted. It is in their nature and no amount of integration changes that.",
    "This country would be a calmer, cleaner place without {G} in it, and most people quietly agree.",
    "I say this calmly: {G} are a drain on every nation that makes the mistake of letting them in.",
    "Nobody wants to say it, but {G} breed crime wherever they settle.",
    "{G} have contributed nothing to civilisation, and it would be no loss if they disappeared from it.",
    "Respectfully, {G} do not have the same moral sense as the rest of us. Ask anyone who has lived near them.",
    "I don't hate {G}, I simply think they should not be allowed to vote, own property or hold office here.",
    "History shows that {G} are a people of liars and thieves. That's not hatred, it's the record.",
    "The problem was never one government. The problem is {G} themselves, as a people.",
    "In a polite society we would simply say that {G} do not belong here and never will.",
    "Forgive me, but {G} are not our equals and it is dishonest to pretend otherwise.",
]

# --- threats ----------------------------------------------------------------------------------
HARM_VERBS = ["break {pos} legs", "smash {pos} face in", "put {obj} in hospital", "cut {pos} throat", "kill {obj}",
              "shoot {obj}", "stab {obj}", "burn {pos} house down", "beat {obj} senseless", "make {obj} disappear",
              "end {obj}", "strangle {obj}", "run {obj} over", "knock {pos} teeth out", "slit {pos} throat"]
EXPLICIT = [
    "I will {harm}.", "I'm going to {harm}, mark my words.", "Next time I see {target} I will {harm}.",
    "If {target} writes one more word like this I'll {harm}.", "Somebody needs to {harm} and I'd be happy to do it.",
    "Give me five minutes alone with {target} and I'll {harm}.", "Mark my words, I'll {harm} before the year is out.",
    "One of these days someone is going to {harm}, and it might be me.", "I swear I will find {target} and {harm}.",
    "Say that again and I will {harm}.", "Keep it up and I'll {harm}, I'm not joking.",
]
HURTS = ["shoots", "stabs", "kills", "runs over", "beats up", "strangles", "hangs", "torches the house of"]
HARMED = ["shot", "stabbed", "beaten senseless", "run over", "burned alive", "strangled", "killed", "hanged", "put in hospital",
          "beaten to a pulp", "dragged out and shot"]
WISH = [
    "I hope someone {hurts} {target}.", "{Target} deserves to be {harmed}, and I hope it happens soon.",
    "Someone should {harm}. Nobody would miss {obj}.", "I'd pay good money to see {target} {harmed}.",
    "{Target} should be {harmed}. Simple as.", "Here's hoping {target} gets {harmed} on the way home tonight.",
]
VEILED = [
    "We found out where {target} lives.", "We know where {target} lives and we know {pos} car.",
    "{Target} had better start watching {refl}.", "{Target} should be careful walking home at night.",
"Accidents happen to people like {target}.",
    "{Target} will get what's coming. Sooner than {subj_pron} thinks.", "We have {pos} address. See you soon.",
    "People have found {target}'s house before. It isn't hard.", "Tell {target} to check under {pos} car in the mornings.",
"{Target} won't be writing much longer, one way or another.",
    "We'll be waiting outside {pos} office when {subj_pron} finishes work.", "Sleep well tonight, {target}. While you can.",
    "Someone is going to pay {target} a visit, and it won't be friendly.", "{Target} has a lovely house. Would be a pity if it burned.",
    "I've seen which school {pos} kids go to.", "Nice photo of {pos} front door on social media. Very useful.",
    "My mates and I know your street now.", "You'd better watch your back from now on.", "We know who you are and we know your street.",
    "Keep posting and see what happens to you.", "You won't be so brave when we turn up at your door.", "Careful, I know which train you take home.",
    "Enjoy your family while you can. That goes for {target} too.",
]
GROUP_THREATS = [
    "Every last one of the {G} round here should be {ext}.", "{G} will be {ext} when our time comes.",
    "When we are in charge, {G} will be {ext}.", "We're coming for the {G} on our street, one house at a time.",
    "Get the {G} out of our town or we'll burn them out ourselves.", "Any {G} caught in our area will be dealt with. We keep a list.",
]

# --- insults ----------------------------------------------------------------------------------
INSULT_NOUNS = ["idiot", "moron", "imbecile", "cretin", "halfwit", "clown", "buffoon", "muppet", "numpty", "fool",
                "prat", "dimwit", "plonker", "pillock", "nitwit", "dunce"]
INSULT_FRAMES = [
    "{Target} is a complete {n}.", "What a {n} {target} is.", "Only an absolute {n} would write this.", "You are a {n}, plain and simple.",
    "Are you really this thick, you {n}?", "Shut up, you {n}.", "{Target} is a brainless {n} who should not be allowed near a keyboard.",
    "Typical {n} reporter, can't even read a map.", "You absolute {n}, read it again.", "Listen here, you {n}.", "Who let this {n} publish anything?", "Read the article before commenting, you {n}.",
]


def _disguise(word: str, rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return " ".join(word)
    if kind == 1:
        return ".".join(word)
    if kind == 2:
        return word[0] + "*" * (len(word) - 2) + word[-1] if len(word) > 3 else word[0] + "*" * (len(word) - 1)
    return word.translate(str.maketrans("ioeas", "10345"))


# --- look-alikes that are fine -----------------------------------------------------------------
REPORTING = [
    "The shelling killed {n} civilians queuing for bread, the article says.", "{n} soldiers were shot dead at the checkpoint overnight.",
    "The jury heard that the victim was stabbed {n} times outside the pub.", "A car bomb killed the mayor and {n} of his staff.",
    "The drone strike burned {n} houses to the ground.", "They executed {n} prisoners, according to the United Nations report.",
    "The gunman shot {n} people before police arrived.", "Shrapnel cut the medic's throat and she bled out in {n} minutes.",
    "The defendant admitted strangling his neighbour and dumping the body.", "The artillery wiped out an entire village of {n} people.",
    "Snipers were shooting anyone who crossed the square, {n} in one day.", "Rebels hanged {n} men from the bridge as a warning.",
    "The court was told he threatened to kill the witness and her children.", "Troops were ordered to burn every house in the valley.",
    "Witnesses saw the attackers beat a man senseless and run him over.", "The report says {n} people disappeared after the arrests.",
]
REPORT_REACTIONS = [
    "Horrifying. I hope whoever ordered it faces a war crimes trial.", "I can't imagine what the families are going through.",
    "The reporter deserves credit for getting this story out.", "This is why independent journalism matters.",
    "Grim reading, but people need to know.", "Those responsible should be arrested and tried.",
]
IDIOMS = [
    "The striker absolutely killed it in the second half.", "I could murder a bacon sandwich right now.",
    "The comedian slayed the audience last night.", "The new stadium is to die for.", "My boss will kill me if I'm late again.",
    "That final chapter destroyed me, in a good way.", "We got slaughtered five nil, the defence was shot to pieces.",
    "The editor is going to have my head for this typo.", "Honestly this crossword is killing me.",
    "She knocked it out of the park with this column.", "I'd kill for a bit of sunshine this week.",
    "The opposition got absolutely hammered in the debate.", "Our keeper was shot to bits by their wingers.",
]
COUNTER_THREAT = [
    "Threatening {target} is a crime, not an argument. Report it to the police.",
    "Whoever said they know where {target} lives should be banned and reported.",
    "Nobody deserves to be threatened for writing an article, whatever you think of it.",
    "Saying someone should {harm} is vile. Moderators, please remove it.",
    "Disagree with {target} all you like, but threats of violence have no place here.",
    "Someone above wrote that they would '{harm}'. That is disgusting.",
    "If you think {target} is wrong, write a letter. Don't threaten people.",
    "I'd like to meet {target} one day and thank {obj} for this reporting.",
    "{Target} should be proud of this piece.", "I know where {target} is coming from, but I disagree.",
    "Keep writing, {target}. Your reporting from there is the best we have.", "I hope {target} stays safe out there.",
]
NEUTRAL_GROUP = [
    "{G} have been part of this town for generations and run half the shops on the high street.",
    "Many {G} are fleeing the fighting with nothing but what they can carry.",
    "My neighbours are {G} and they have been nothing but kind to us.", "The {A} community raised thousands for the flood victims.",
    "{G} are as varied as any other people. You cannot judge millions by one man.", "Plenty of {G} oppose what is being done in their name.",
    "The article quotes several {G} who have lost family members.", "It's worth hearing from {G} themselves rather than assuming.",
    "The {A} families I know are worried sick about relatives back home.", "The {A} volunteers at the food bank have been brilliant.",
    "Historians estimate {G} have been part of this country for centuries.", "My grandmother was one of the {G} who came here after the war.",
]
COUNTER_GROUP = [
    "Calling {G} {d} is exactly the language that comes before a massacre.", "No, {G} are not {d}. They are people like you and me.",
    "Someone above says {G} should be {x}. That is hatred and it should be removed.",
    "Blaming all {G} for the crimes of a few is bigotry, plain and simple.",
    "I'm sick of seeing {G} described as {d} in these comments. Moderators, do your job.",
    "There is no such thing as a people who are naturally criminal, {G} included.",
    "Whatever you think of the government, ordinary {G} are not the enemy.",
    "Saying {G} should be {x} is not free speech, it's incitement.",
]
STATE_CRITICISM = [
    "The {A} government has lied about this from the start and should be held to account.",
    "The {A} army's conduct here looks like a war crime and must be investigated.",
    "I have no sympathy for {C}'s leadership, who started this mess.", "The {A} authorities' handling of this is a disgrace.",
    "Sanction the {A} ministers responsible, not the ordinary people.", "{C}'s foreign policy has been reckless for a decade.",
]
DISAGREE = [
    "{Target} has got the numbers wrong here: the council's own figures say otherwise.",
    "I think {target} is being far too kind to the government in this piece.",
    "With respect to {target}, this is one-sided and leaves out the other defendants.",
    "This is lazy journalism. Where are the sources for the casualty figures?",
    "{Target} clearly hasn't spent time in the town. Nobody there talks like that.",
    "Strongly disagree with {target}. The bridge was never going to be finished on time.",
    "A poor article. It repeats one side's claims without checking them.", "I used to respect this paper. Not after this.",
]


def _people(rng: random.Random) -> tuple[str, str, str, str]:
    obj, pos, refl = rng.choice(PEOPLE)
    subj = {"her": "she", "his": "he", "their": "they"}[pos]
    return obj, pos, refl, subj


def _fill(frame: str, rng: random.Random) -> str:
    target, pos, refl, subj = _people(rng)
    obj = {"her": "her", "his": "him", "their": "them"}[pos]
    harm = rng.choice(HARM_VERBS).format(pos=pos, obj=obj)
    harmed = rng.choice(HARMED)
    text = frame.format(
        target=target, Target=target[:1].upper() + target[1:], pos=pos, refl=refl, obj=obj, subj_pron=subj, harm=harm,
        hurts=rng.choice(HURTS), harmed=harmed,
    )
    return _tidy(text)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,!?])", r"\1", text)
    return text[:1].upper() + text[1:]


NATIONS = 12  # the first GROUPS are peoples with a state of their own


def _group_fill(frame: str, rng: random.Random, nations_only: bool = False) -> str:
    plural, adjective, country = rng.choice(GROUPS[:NATIONS] if nations_only else GROUPS)
    text = frame.format(G=plural, A=adjective, C=country, d=rng.choice(DEHUMANISING), x=rng.choice(EXCLUDE + EXTERMINATE),
                        ext=rng.choice(EXTERMINATE))
    return _tidy(text)


def _draw(rng: random.Random, make, count: int) -> list[str]:
    seen: dict[str, None] = {}
    for _ in range(count * 8):
        if len(seen) >= count:
            break
        seen.setdefault(make(), None)
    return list(seen)


def _written(text: str, abuse: int, **sub_labels: float) -> EncoderExample:
    """A harmful example (``abuse=1``) with the sub-labels it shows, or a look-alike (``abuse=0``),
    evidence against every sub-label unless one is given; the abuse target itself stays unknown."""
    if abuse == 0:
        sub_labels = {"insult": 0.0, "threat": 0.0, "identity_attack": 0.0, "obscenity": 0.0, **sub_labels}
        return _example(text, SOURCE, CONTRAST_WEIGHT, abuse=NAN, **sub_labels)
    return _example(text, SOURCE, WEIGHT, abuse=NAN, **sub_labels)


def written_examples(per_kind: int = PER_KIND, seed: int = SEED) -> list[EncoderExample]:
    rng = random.Random(seed)
    out: list[EncoderExample] = []

    def add(texts, **targets):
        out.extend(_written(t, **targets) for t in texts)

    # Harmful.
    add(_draw(rng, lambda: _fill(rng.choice(EXPLICIT + WISH), rng), per_kind), abuse=1, threat=1, obscenity=0)
    add(_draw(rng, lambda: _fill(rng.choice(VEILED), rng), per_kind), abuse=1, threat=1, insult=0, obscenity=0)
    add(_draw(rng, lambda: _group_fill(rng.choice(GROUP_THREATS), rng), per_kind // 2), abuse=1, threat=1, identity_attack=1, insult=0)
    dehumanise = ["{G} are {d}.", "{G} are {d} and everyone knows it.", "Let's be honest, {G} are {d}.", "{G} should be {x}.",
                  "The {A} lot are {d}, the whole nation of them.", "{G}? {d}, the lot of them.", "{A} people are {d}. Always have been."]
    add(_draw(rng, lambda: _group_fill(rng.choice(dehumanise), rng), per_kind // 2),
        abuse=1, identity_attack=1, obscenity=0)
    add(_draw(rng, lambda: _group_fill(rng.choice(POLITE_CONTEMPT), rng), per_kind), abuse=1, identity_attack=1, threat=0, obscenity=0)

    def insult() -> str:
        noun = rng.choice(INSULT_NOUNS)
        if rng.random() < 0.4:
            noun = _disguise(noun, rng)
        return _fill(rng.choice(INSULT_FRAMES).replace("{n}", noun), rng)

    add(_draw(rng, insult, per_kind // 2), abuse=1, insult=1, threat=0, identity_attack=0)

    # Fine, sharing their words.
    add(_draw(rng, lambda: _tidy(rng.choice(REPORTING).format(n=rng.choice(["two", "nine", "14", "40", "dozens of", "three"]))
                                 + ("" if rng.random() < 0.4 else " " + rng.choice(REPORT_REACTIONS))), per_kind // 2), abuse=0)
    add(_draw(rng, lambda: rng.choice(IDIOMS), per_kind // 4), abuse=0)
    add(_draw(rng, lambda: _fill(rng.choice(COUNTER_THREAT), rng), per_kind), abuse=0)
    add(_draw(rng, lambda: _group_fill(rng.choice(NEUTRAL_GROUP), rng), per_kind), abuse=0)
    add(_draw(rng, lambda: _group_fill(rng.choice(COUNTER_GROUP), rng), per_kind), abuse=0)
    add(_draw(rng, lambda: _group_fill(rng.choice(STATE_CRITICISM), rng, nations_only=True), per_kind // 2), abuse=0)
    add(_draw(rng, lambda: _fill(rng.choice(DISAGREE), rng), per_kind // 2), abuse=0)
    return out


# --- slurs ------------------------------------------------------------------------------------
# Kept apart from `written_examples` (their own source and validation split), so that adding them
# moved none of the examples before them between training and validation.
SLURS = ["niggers", "kikes", "spics", "chinks", "wetbacks", "ragheads", "towelheads", "pakis", "gooks", "coons", "faggots",
         "dykes", "trannies", "wogs", "pikeys", "gyppos", "yids", "darkies", "sambos", "japs"]
SLUR_FRAMES = [
    "Send the {s} back where they came from.", "Too many {s} round here these days.", "Typical {s}, what did anyone expect?",
    "The {s} are ruining this country.", "Another lot of {s} causing trouble. No surprise there.", "Nobody cares what a bunch of {s} think.",
    "Get these {s} out of our town.", "Of course it was {s}. It always is.", "{S} like him should never have been let in.",
    "Bloody {s} everywhere you look now.", "The whole estate is full of {s}.", "What do you expect from {s}?",
]
SLUR_CONDEMNED = [
    "Someone above called them '{s}'. That word has no place here.", "Anyone who uses a word like '{s}' should be banned from here.",
    "Reported the comment calling people '{s}'. Moderators, please remove it.",
    "My grandfather was called one of the '{s}' at work every day. Nobody should have to hear that now.",
    "The defendant is accused of shouting '{s}' at the victims, the court heard.",
    "Words like '{s}' were painted on the mosque wall, and the police are looking for whoever did it.",
]


def slur_examples(per_kind: int = PER_KIND // 2, seed: int = SEED + 1) -> list[EncoderExample]:
    """Slurs at a group (identity attack), beside reports and condemnations that quote them (fine)."""
    rng = random.Random(seed)

    def fill(frames):
        slur = rng.choice(SLURS)
        return _tidy(rng.choice(frames).format(s=slur, S=slur.capitalize()))

    # A quoted slur is no attack, but whether it is obscene is left unknown.
    return ([_written(t, abuse=1, identity_attack=1) for t in _draw(rng, lambda: fill(SLUR_FRAMES), per_kind)]
            + [_written(t, abuse=0, obscenity=NAN) for t in _draw(rng, lambda: fill(SLUR_CONDEMNED), per_kind)])

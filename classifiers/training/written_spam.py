"""Spam written for this project in the register of news comments.

The only spam data with a licence for commercial use is YouTube comments, where spam is short
and shouts ("check out my channel"). Under a news article it often reads like a comment: a line
about the story, then the advert, the scam or the link. Trained on YouTube alone, the model took
length, money and links for spam and flagged one real news comment in fifteen (Globe and Mail
comments that cite a source or a sum of money); taught with news comments as examples of what is
not spam, it learnt "sounds like a news comment, so not spam" and let adverts written that way
pass. These sentences, built from frames and fillers written here (a grammar, not text from any
dataset or from the policy suite), give it spam in that register: crypto and "recovery" scams,
trading and work-from-home schemes, pharmacy, loans, betting, dating, shops, tradesmen, channel
and blog plugs, and link drops, each opened by a remark about a story.
"""

from __future__ import annotations

import random

from classifiers.training.datasets import SpamExample

SOURCE = "written_spam"
SEED = 47
COUNT = 900

TOPICS = [
    "the flood defences", "the rail strike", "the hospital waiting lists", "the new stadium", "the war",
    "the ceasefire talks", "the trial", "the school closures", "the housing crisis", "the budget",
    "energy prices", "the election", "the bypass plans", "the refugee crisis", "the heatwave",
    "the bus cuts", "the police inquiry", "the transfer window", "the cost of living", "the bridge repairs",
]

OPENERS = [
    "Sad to read about {topic}.", "Good piece on {topic}.", "Interesting article.", "Thanks for covering {topic}.",
    "Nobody in charge cares about {topic}.", "I've followed {topic} for months.", "Another day, more bad news about {topic}.",
    "Typical of this government.", "Well written as always.", "Shocking story.", "Sorry to go off topic.",
    "While everyone argues about {topic},", "Speaking of {topic},", "Not related, but", "With prices what they are,",
    "If {topic} worries you,", "People are struggling because of {topic}.", "",
]

# Each pitch ends where a call to action follows.
PITCHES = [
    "I lost my savings to a fake exchange and {agent} got every coin back within days",
    "a certified recovery team traced my stolen {coin} and returned it",
    "{name} showed me how to turn £{small} into £{big} trading {coin}",
    "my cousin makes £{daily} a day from home with an automated trading bot",
    "I now earn ${daily} a day working from my kitchen table, no experience needed",
    "the {coin} presale closes tonight and early buyers are up {pct}%",
    "there is a new AI investment platform paying {pct}% a month, guaranteed",
    "you can buy {drug} online without a prescription, delivered discreetly",
    "genuine {drug} at {pct}% off, no doctor needed",
    "same-day loans up to £{big}, bad credit accepted, no checks",
    "get a free bet of £{small} when you sign up, plus {spins} free spins",
    "my tipster group hits {pct}% of its accumulators",
    "lonely singles near you want to chat tonight",
    "designer handbags and trainers are {pct}% off this weekend only",
    "we do roofing, driveways and extensions, fully insured, cash discount",
    "I post daily videos on this story that the media won't show you",
    "my blog has the full story they don't want you to read",
    "the real footage is on my channel, uncensored",
    "you can claim a £{small} supermarket voucher by answering five questions",
    "stream every match live in HD for free, no signup",
    "emergency plumber and locksmith, any time, any area, fixed prices",
    "grow your followers by {big} in a week, real accounts",
    "this one simple trick cuts your energy bill by {pct}%",
    "payday advances approved in minutes straight to your account",
]

ACTIONS = [
    "Visit {site}.", "Details at {site}", "Message them on WhatsApp {phone}.", "Call {phone} today.",
    "Email {email} and mention this page.", "Join the Telegram group {handle} now!", "Follow {handle} for the link.",
    "Sign up at {site} before it's gone!!", "Full story: {site}", "DM {handle}, limited places.", "Link in my profile.",
    "Use code {code} at {site}", "Subscribe: {site}", "Go to {site} and thank me later.", "Text {phone} for a free quote.",
]

AGENTS = ["Recovery Pro", "CoinTrace Agents", "Digital Asset Rescue", "Mr Kevin Hart of FundBack", "Cyber Refund Team"]
NAMES = ["Mrs Helen Ward", "Mr Daniel Price", "Coach Amara", "Lucy from FX Academy", "my mentor Steve"]
COINS = ["bitcoin", "USDT", "ethereum", "crypto", "BTC", "a new token"]
DRUGS = ["Viagra", "tramadol", "diazepam", "weight-loss jabs", "modafinil", "oxycodone"]
SITE_WORDS = ["profit", "quick", "cash", "recover", "deal", "win", "meds", "loan", "trade", "bonus", "free", "secret", "news", "truth"]
SITE_ENDINGS = [".com", ".net", ".co", ".club", ".live", ".shop", ".site", ".online", ".io", ".xyz", ".co.uk", ".info", ".bet"]


def _site(rng: random.Random) -> str:
    words = rng.sample(SITE_WORDS, 2)
    name = rng.choice(["{}{}", "{}-{}", "{}{}24", "the{}{}"]).format(*words)
    prefix = rng.choice(["", "www.", "https://", "http://"])
    path = rng.choice(["", "", "/join", "/offer", "/" + str(rng.randint(10, 999))])
    return f"{prefix}{name}{rng.choice(SITE_ENDINGS)}{path}"


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        topic=rng.choice(TOPICS), agent=rng.choice(AGENTS), name=rng.choice(NAMES), coin=rng.choice(COINS),
        drug=rng.choice(DRUGS), small=rng.choice([10, 20, 50, 250, 500]), big=rng.choice([2000, 5000, 9000, 15000, 40000]),
        daily=rng.choice([300, 450, 700, 1200]), pct=rng.choice([30, 50, 70, 85, 90, 300]), spins=rng.choice([20, 50, 100]),
        site=_site(rng), phone=f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
        email=f"{rng.choice(SITE_WORDS)}{rng.randint(1, 99)}@{rng.choice(['gmail.com', 'protonmail.com', 'outlook.com'])}",
        handle=f"@{rng.choice(SITE_WORDS)}_{rng.choice(SITE_WORDS)}{rng.randint(1, 99)}", code=f"SAVE{rng.randint(10, 90)}",
    )


def written_spam(count: int = COUNT, seed: int = SEED) -> list[SpamExample]:
    """``count`` different spam comments in a news comment's register (the same ones for the same seed)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[SpamExample] = []
    while len(out) < count:
        opener = _fill(rng.choice(OPENERS), rng)
        pitch = _fill(rng.choice(PITCHES), rng)
        joiner = " " if opener.endswith(",") or not opener else " Anyway, " if rng.random() < 0.3 else " "
        pitch = pitch if opener.endswith(",") or joiner.endswith(", ") else pitch[0].upper() + pitch[1:]
        text = f"{opener}{joiner}{pitch}. {_fill(rng.choice(ACTIONS), rng)}".strip()
        if text not in seen:
            seen.add(text)
            out.append(SpamExample(text, 1, SOURCE, ""))
    return out

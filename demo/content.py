"""Demo data for ``manage.py seed_demo``, kept as data in ``data/forum.json``.

Everything there is fictional and written for CareThread. The people are
invented pseudonyms with ``example.org`` addresses, and the posts hold no real
names, places or contact details (the one phone number, in a post the
moderators are asked to look at, is from the range set aside for drama; links
go to ``.example`` sites). Clinician replies give general information and send
people back to their own care team; they are not medical advice.

``DEMO_PASSWORD`` is for local demos only: anyone who reads the file knows it,
so never run ``seed_demo`` against a database that is reachable from the
internet.

Times are spans before the moment of seeding, like ``"3d 4h 10m"``
(``demo.timeline`` reads them).

Users: ``username``, ``email``, ``display_name``, ``bio``, ``language`` ("en"
unless given), ``joined``, and ``role``: "patient", "clinician", "applicant",
"moderator" or "admin". ``follows`` lists the condition slugs the member
follows from the day they join. A long-standing clinician carries
``clinician`` (the verified profile's fields and ``verified``); a member who
applied carries ``application`` (its fields, ``submitted`` and optionally a
``decision``: ``action`` "approve", "reject" or "request_info", ``by``,
``at``, ``reason``). ``note`` is printed next to the login.

Threads: ``author``, ``title``, ``conditions`` (slugs), ``started``, ``body``,
``language`` ("en" unless given), ``replies``, and optionally ``flags`` and
``moderation`` (on the question or the thread), ``accept: false`` (no
accepted answer), ``possible_risk: true`` (the one post written to land in
the moderators' possible-risk list). Replies: ``author``, ``body``, ``at`` or
``after`` (since the question; neither: a plausible gap), ``held: true`` (a
newcomer's post held for approval), ``flags`` (``by``, ``at``, ``reason``,
``note``) and ``moderation`` (``action``, ``by``, ``at``, ``reason``; see
``seed_demo`` for the actions).

The file keeps two lists of threads. ``threads`` are the first sixteen: the
crisis detector's model learns what everyday posts look like from their words
(``safety.evaluation.demo_lines``), so change their text only together with
retraining it (``manage.py train_crisis_model``); their authors and times are
the demo's own. ``more_threads`` came later, in English and French.
"""

import json
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "forum.json"

_data = json.loads(PATH.read_text(encoding="utf-8"))

DEMO_PASSWORD: str = _data["password"]
USERS: list[dict] = _data["users"]
THREADS: list[dict] = _data["threads"] + _data["more_threads"]
# Around the answers: clinicians' reviews and corrections, "I have this
# question too", members' statements, a claim (``seed_demo``'s ``trust``).
TRUST: dict = _data["trust"]

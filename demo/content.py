"""Demo data for ``manage.py seed_demo``, kept as data in ``data/forum.json``.

Everything there is fictional and written for CareThread. The people are
invented pseudonyms with ``example.org`` addresses, and the posts hold no real
names, places or contact details. Clinician replies give general information
and send people back to their own care team; they are not medical advice.

``DEMO_PASSWORD`` is for local demos only: anyone who reads the file knows it,
so never run ``seed_demo`` against a database that is reachable from the
internet.

Users: ``role`` is "patient", "clinician", "moderator" or "admin"; clinicians
carry the profile fields for a verified ClinicianProfile. Threads: title,
body, author, conditions (slugs) and replies.
"""

import json
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "forum.json"

_data = json.loads(PATH.read_text(encoding="utf-8"))

DEMO_PASSWORD: str = _data["password"]
USERS: list[dict] = _data["users"]
THREADS: list[dict] = _data["threads"]
NEWCOMER_REPLY: str = _data["newcomer_reply"]

"""Demo data for ``manage.py seed_demo``: plain data, no code.

Everything here is fictional and written for CareThread. The people are
invented pseudonyms with ``example.org`` addresses, and the posts hold no real
names, places or contact details. Clinician replies give general information
and send people back to their own care team; they are not medical advice.

``DEMO_PASSWORD`` is for local demos only: anyone who reads this file knows it,
so never run ``seed_demo`` against a database that is reachable from the
internet.
"""

DEMO_PASSWORD = "carethread-demo"

# role: "patient", "clinician", "moderator" or "admin". Clinicians carry the
# profile fields for a verified ClinicianProfile.
USERS: list[dict] = [
    {
        "username": "maple",
        "email": "maple@example.org",
        "display_name": "MapleWalker",
        "role": "patient",
        "bio": "Relapsing-remitting MS since my early thirties. Slow walker, "
        "fast reader.",
    },
    {
        "username": "harbour",
        "email": "harbour@example.org",
        "display_name": "QuietHarbour",
        "role": "patient",
        "bio": "Living with rheumatoid arthritis and the odd migraine. Here to "
        "learn and to pass on what helped me.",
    },
    {
        "username": "fen",
        "email": "fen@example.org",
        "display_name": "SunnyFen",
        "role": "patient",
        "bio": "Type 1 for fifteen years, coeliac for about five minutes.",
    },
    {
        "username": "tomasz",
        "email": "tomasz@example.org",
        "display_name": "Tomasz_R",
        "role": "patient",
        "bio": "Asthma since childhood, Crohn's since my twenties, and now "
        "blood pressure to keep an eye on too.",
    },
    {
        "username": "dr_kestrel",
        "email": "kestrel@example.org",
        "display_name": "Dr Ada Kestrel",
        "role": "clinician",
        "bio": "Consultant neurologist with an interest in MS and headache. "
        "I answer in general terms; your own team knows your history.",
        "clinician": {
            "profession": "physician",
            "specialty": "Neurology",
            "registration_number": "DEMO-GMC-0001",
            "issuing_body": "General Medical Council",
            "country": "United Kingdom",
            "conditions": ["multiple-sclerosis", "migraine", "epilepsy"],
        },
    },
    {
        "username": "jo_ashby",
        "email": "ashby@example.org",
        "display_name": "Jo Ashby",
        "role": "clinician",
        "bio": "Community pharmacist. Happy to explain how medicines work and "
        "what to ask your prescriber.",
        "clinician": {
            "profession": "pharmacist",
            "specialty": "Community pharmacy",
            "registration_number": "DEMO-GPHC-0002",
            "issuing_body": "General Pharmaceutical Council",
            "country": "United Kingdom",
            "conditions": [
                "asthma",
                "hypertension",
                "type-1-diabetes",
                "rheumatoid-arthritis",
                "depression",
                "coeliac-disease",
                "crohns-disease",
            ],
        },
    },
    {
        "username": "sam_rn",
        "email": "sam@example.org",
        "display_name": "Sam_RN",
        "role": "applicant",
        "bio": "",
        "application": {
            "profession": "nurse",
            "specialty": "Diabetes specialist nursing",
            "registration_number": "DEMO-NMC-0003",
            "issuing_body": "Nursing and Midwifery Council",
            "country": "United Kingdom",
            "conditions": ["type-1-diabetes", "type-2-diabetes"],
            "bio": "Diabetes specialist nurse in a hospital outpatient team; "
            "I help people start on insulin pumps and sensors.",
        },
    },
    {
        "username": "juniper",
        "email": "juniper@example.org",
        "display_name": "Juniper_Mod",
        "role": "moderator",
        "bio": "Volunteer moderator. Report anything that worries you and I'll "
        "take a look.",
    },
    {
        "username": "admin",
        "email": "admin@example.org",
        "display_name": "CareThread Admin",
        "role": "admin",
        "bio": "",
    },
]

# Newest first: the command backdates thread i to about i*17+3 hours ago, so
# the order here is the order of the "latest" list on a fresh database.
# Bodies are Markdown; replies are {author username, body} in posting order.
THREADS: list[dict] = [
    # 0 — unanswered
    {
        "author": "fen",
        "title": "Newly diagnosed coeliac: how careful do I need to be with a "
        "shared toaster and kitchen?",
        "conditions": ["coeliac-disease"],
        "body": """\
Got my biopsy results last week and it's confirmed coeliac. I already live \
with type 1 so I'm used to reading labels, but the gluten side is new.

I share a flat with two people who eat normal bread, pasta, the lot. Things \
I'm unsure about:

- Do I really need my **own toaster**, or are toaster bags enough?
- Is a shared butter tub / jam jar a problem if people use the same knife?
- What about the colander, wooden spoons and the chopping board?

I don't want to be the flatmate who relabels the whole kitchen, but I also \
don't want to keep getting glutened while my gut is supposed to be healing. \
What did you actually change at home?
""",
        "replies": [],
    },
    # 1 — patient-only
    {
        "author": "tomasz",
        "title": "Home blood pressure readings are always higher in the evening. "
        "Is that normal?",
        "conditions": ["hypertension"],
        "body": """\
My GP asked me to do a week of home readings before deciding about changing \
my tablets. I've been doing two readings in the morning and two in the \
evening, sitting down, cuff on the bare arm.

Mornings are usually around 132/84, evenings more like 145/90. I take my \
tablet in the morning.

Is it common for it to creep up through the day like this, or am I doing \
something wrong in the evening (I usually measure after dinner)?
""",
        "replies": [
            {
                "author": "harbour",
                "body": """\
Mine is the same pattern. The nurse at my surgery told me to wait at least \
half an hour after eating, caffeine or exercise and to sit quietly for five \
minutes before the first reading. My evening numbers dropped a bit once I \
stopped measuring straight after dinner.

Worth writing down the times you take your tablet too, because the GP will \
probably ask.""",
            },
            {
                "author": "tomasz",
                "body": """\
Thanks, that's useful. I was definitely measuring about ten minutes after \
eating and with the TV on. I'll redo the evenings properly and take the \
full sheet to the appointment.""",
            },
        ],
    },
    # 2 — pharmacist and patients
    {
        "author": "harbour",
        "title": "Struggling to tell rheumatoid arthritis fatigue apart from "
        "depression",
        "conditions": ["rheumatoid-arthritis", "depression"],
        "body": """\
I've had RA for six years. My joints are mostly calm at the moment (my last \
bloods were "fine" according to the rheumatology team), but for about two \
months I've been **exhausted** and I've lost interest in things I normally \
enjoy, like my allotment.

I honestly can't tell whether this is RA fatigue, the weekly methotrexate, \
winter, or whether I'm getting depressed again (I had a bad patch years \
ago).

How did you work out which was which? And who do I even raise this with: \
rheumatology or my GP?
""",
        "replies": [
            {
                "author": "maple",
                "body": """\
Not RA, but with MS I had exactly this muddle. What helped me was keeping \
a simple diary for a few weeks: energy out of 10, mood out of 10, sleep, \
and anything unusual. It made the conversation with my GP much easier, and \
it turned out to be a bit of both.""",
            },
            {
                "author": "jo_ashby",
                "body": """\
That sounds really draining, and it's a very common question. In general, \
tiredness in RA can come from several things at once, including disease \
activity, anaemia, thyroid problems, poor sleep, some medicines and low \
mood, so it's worth getting it looked at rather than guessing.

It's fine to raise it with **either** team: your GP can look at mood and \
order general blood tests, and your rheumatology team will want to know \
about the fatigue too. A diary like the one above is a great thing to bring.

If your mood ever drops to the point where you feel unsafe or have \
thoughts of harming yourself, please contact your GP urgently or emergency \
services straight away rather than waiting for an appointment.""",
            },
            {
                "author": "harbour",
                "body": """\
Thank you both. I've booked a GP appointment and started the diary tonight. \
Somehow writing it down already makes it feel less vague.""",
            },
        ],
    },
    # 3 — neurologist
    {
        "author": "maple",
        "title": "Does MS fatigue get worse in hot weather for anyone else?",
        "conditions": ["multiple-sclerosis"],
        "body": """\
Every summer it's the same: once it gets above about 25°C my legs feel \
heavy, my vision in my left eye goes a bit blurry, and by mid-afternoon \
I'm done for the day. It all settles when I cool down in the evening.

Is this a relapse each time? I don't want to ring my MS nurse every hot \
day, but I also don't want to ignore something important.
""",
        "replies": [
            {
                "author": "dr_kestrel",
                "body": """\
What you describe is very common in MS and has a name: **Uhthoff's \
phenomenon**. A small rise in body temperature, from heat, exercise, a \
hot bath or a fever, can temporarily slow signals through nerves that were \
damaged before. Old symptoms come back for a while and then settle as you \
cool down. It does not by itself mean new damage.

Things people often find helpful are cooling vests or scarves, cool \
drinks, planning activity for cooler parts of the day, and fans.

As a general rule, a relapse is new or clearly worse symptoms lasting \
**more than 24 hours** without a fever or infection to explain them. If \
that happens, or if you're unsure, do contact your MS team: they'd rather \
hear from you. And any sudden change in vision is worth a same-day call.""",
            },
            {
                "author": "maple",
                "body": """\
This is really reassuring, thank you. I've ordered a cooling scarf and I'll \
keep a note of anything that doesn't settle within a day.""",
            },
        ],
    },
    # 4 — pharmacist
    {
        "author": "tomasz",
        "title": "My reliever inhaler use is creeping up. When is it time to see "
        "someone?",
        "conditions": ["asthma"],
        "body": """\
For years I only needed my blue inhaler a couple of times a month. Since \
a cold about six weeks ago I'm using it most days, and a few nights a week \
I wake up coughing.

I still take my brown preventer morning and evening. I feel a bit daft \
making a fuss, but is this the kind of thing the asthma nurse would want \
to know about?
""",
        "replies": [
            {
                "author": "jo_ashby",
                "body": """\
Not daft at all: this is **exactly** what your asthma nurse or GP wants to \
hear about. Needing a reliever on most days, or waking at night with \
symptoms, are general signs that asthma isn't as well controlled as it \
could be, and an asthma review can look at why.

A few things that are usually checked at a review:

- inhaler technique (a surprising number of us drift over the years)
- whether the preventer is still the right one and the right dose
- triggers such as that lingering cold, allergies or smoke
- an up-to-date written asthma action plan

Please don't wait for a routine review if your reliever isn't helping, \
you're too breathless to speak in full sentences, or your lips look \
blue: that needs urgent help straight away.""",
            },
            {
                "author": "tomasz",
                "body": """\
Booked in with the asthma nurse for Thursday. I'll bring both inhalers so \
she can watch my technique.""",
            },
        ],
    },
    # 5 — patients and pharmacist
    {
        "author": "fen",
        "title": "Overnight lows after evening exercise: how do others handle it "
        "with type 1?",
        "conditions": ["type-1-diabetes"],
        "body": """\
I've started going to a 7pm spin class twice a week. The class itself is \
fine, but my CGM alarms for a low around 3am on those nights, **every \
time**, even though I go to bed in range.

So far I've been treating the lows and going back to sleep, but it's \
wrecking the next day. What have other people with T1D found helps with \
delayed lows after exercise?
""",
        "replies": [
            {
                "author": "harbour",
                "body": """\
I'm not T1D myself but my running club has a few members who are, and \
they all talked about "the lows that come later". One of them worked out \
a plan with her diabetes nurse for exercise days, and it made a big \
difference. Might be worth asking yours?""",
            },
            {
                "author": "jo_ashby",
                "body": """\
Delayed lows after exercise are well recognised: muscles keep topping up \
their glucose stores for many hours afterwards, so glucose can drop \
overnight.

The usual approaches, such as adjusting insulin doses on exercise days, \
a bedtime snack, or changing the timing of the session, all depend on \
your insulin regimen, so the best next step is to go through your CGM data \
with your diabetes team and agree an exercise-day plan with them, rather \
than experimenting with overnight doses on your own. Meanwhile keep \
treating lows as you have been, and keep your hypo treatment by the bed.""",
            },
            {
                "author": "fen",
                "body": """\
Thanks both. I've sent my CGM reports to the diabetes clinic and asked for \
a call about an exercise-day plan.""",
            },
        ],
    },
    # 6 — busy thread (6 replies)
    {
        "author": "maple",
        "title": "Starting a new disease-modifying therapy next month: what "
        "questions should I ask?",
        "conditions": ["multiple-sclerosis"],
        "body": """\
After two relapses last year my neurologist has recommended switching to \
a higher-efficacy DMT. I've got a follow-up appointment next month to \
decide, and I always forget half my questions once I'm in the room.

So far my list is:

1. How will we know if it's working?
2. What monitoring (bloods, scans) will I need and how often?
3. What are the common side effects, and which ones should make me call?
4. Do I need any vaccines **before** starting?
5. What happens if I want to try for a baby in a few years?

What else would you add? Especially keen to hear from people who've \
switched treatments before.
""",
        "replies": [
            {
                "author": "dr_kestrel",
                "body": """\
That's an excellent list already. A few more that people often find \
useful to ask:

- **How is it given** (tablet, injection, infusion) and what does that \
mean for work and travel?
- What are the infection risks, and what should you do if you get an \
infection while on it?
- Is there a washout period between your current treatment and the new one?
- Who do you contact between appointments, and how quickly do they reply?

It's also completely reasonable to ask for written information to take \
away, and to bring someone with you to take notes.""",
            },
            {
                "author": "harbour",
                "body": """\
From the RA side (I switched to a biologic two years ago): ask what to do \
about **routine dental work and minor surgery**, and whether you should \
pause treatment when you're unwell. Nobody told me and I had to ring \
around when I needed a tooth out.""",
            },
            {
                "author": "jo_ashby",
                "body": """\
Good additions. From the pharmacy side, I'd add: bring a full list of \
everything you take, including supplements and anything bought over the \
counter, so the team can check for interactions. And ask whether the new \
medicine needs special storage (some need a fridge) and how repeat \
supplies are arranged, because that varies a lot between treatments.""",
            },
            {
                "author": "tomasz",
                "body": """\
Not MS, but when I started a biologic for Crohn's I found it useful to ask \
**what a "good result" looks like at six and twelve months**. It stopped \
me panicking when I didn't feel different after four weeks.""",
            },
            {
                "author": "juniper",
                "body": """\
Lovely thread, everyone. A gentle reminder for anyone reading later: \
please keep details like clinic names and appointment dates out of your \
posts, so your pseudonym stays yours.""",
            },
            {
                "author": "maple",
                "body": """\
This has turned into a brilliant checklist, thank you all. I've added \
everything to my notes app, plus the dental question, which I'd never have \
thought of. Will report back after the appointment.""",
            },
        ],
    },
    # 7 — unanswered
    {
        "author": "tomasz",
        "title": "Crohn's flare or just a stomach bug? How do you tell the difference?",
        "conditions": ["crohns-disease"],
        "body": """\
Two days of cramps and loose stools. Half the people at work have had a \
sickness bug this week, so it could easily be that, but it feels a bit \
like the start of my last flare.

For those of you with Crohn's: what makes you decide it's a flare rather \
than a bug? Things I'm watching:

- no blood so far
- no fever
- eating less than normal but keeping fluids down

At what point do you ring your IBD nurse rather than waiting it out?
""",
        "replies": [],
    },
    # 8 — patient-only
    {
        "author": "harbour",
        "title": "Migraine and screens at work: what adjustments actually helped you?",
        "conditions": ["migraine"],
        "body": """\
I'm back at a desk job after a long break and my migraines have gone from \
about two a month to one a week. The office has bright overhead strip \
lights and I'm on two monitors all day.

Before I ask my manager for adjustments I'd love to know what actually \
made a difference for other people. Things like screen settings, breaks, \
lighting, where you sit?
""",
        "replies": [
            {
                "author": "maple",
                "body": """\
Things that helped me:

- **dark mode** everywhere and brightness turned right down
- a desk by a window, away from the flickering strip light
- a 20-20-20 reminder (every 20 minutes, look 20 feet away for 20 seconds)

And writing it down as a request with the reason attached. My manager \
was much more helpful once it was on paper.""",
            },
            {
                "author": "fen",
                "body": """\
Seconding the window seat. Also drinking enough water: I didn't realise \
how little I drank at my desk until I started refilling a bottle at set \
times.""",
            },
            {
                "author": "tomasz",
                "body": """\
Not a migraine person, but our office swapped the strip lights for LED \
panels after a few people asked, so it's worth raising. You probably \
aren't the only one bothered by them.""",
            },
        ],
    },
    # 9 — pharmacist
    {
        "author": "harbour",
        "title": "Weekly methotrexate: does the day-after nausea ever settle?",
        "conditions": ["rheumatoid-arthritis"],
        "body": """\
I take methotrexate tablets once a week (Friday evenings) plus folic acid \
on another day, as prescribed. The methotrexate works well for my joints, \
but most Saturdays I feel queasy and washed out until the afternoon.

It's been four months. Does this usually settle with time, or is it \
something I should bring up?
""",
        "replies": [
            {
                "author": "jo_ashby",
                "body": """\
Nausea the day after a weekly methotrexate dose is one of the most common \
side effects, and it's definitely worth mentioning to your rheumatology \
team rather than just putting up with it. There are several options \
they can consider, for example changing when you take it, reviewing the \
folic acid, anti-sickness medicine, or switching to the injectable form, \
which some people tolerate better.

Please don't change the dose or the day yourself without talking to them \
first. And as always with methotrexate: it's a **once-weekly** medicine, \
never daily, so it's worth double-checking any new packs or labels.""",
            },
            {
                "author": "harbour",
                "body": """\
Thank you, I didn't know the injection was sometimes easier on the \
stomach. I'll ask at my next review instead of suffering through \
Saturdays.""",
            },
        ],
    },
    # 10 — neurologist
    {
        "author": "maple",
        "title": "First time with the 'MS hug' and it really scared me",
        "conditions": ["multiple-sclerosis", "anxiety-disorders"],
        "body": """\
Last night I had a tight, squeezing band around my ribs, like a belt done \
up one notch too far. It lasted about an hour, then eased off. I've read \
about the "MS hug" but never had it before.

In the moment I panicked that it was my heart, which didn't help the \
tightness. Is there anything that helps, and how do you know when it's \
*not* the MS hug?
""",
        "replies": [
            {
                "author": "dr_kestrel",
                "body": """\
I'm sorry, that sounds frightening. The "MS hug" is a band-like squeezing \
or pressure around the chest or abdomen, caused by MS affecting the \
nerves that supply that area. It can last seconds to hours.

However, chest tightness can have other causes, including heart and lung \
problems, and those need urgent assessment. As a general rule, call \
emergency services straight away for chest pain or pressure that spreads \
to the arm, jaw or back, or comes with breathlessness, sweating, feeling \
faint or being sick. Don't assume it's MS.

A new symptom is also worth telling your MS team about, as they may want \
to check whether it's part of a relapse and can talk through options if \
it keeps happening.""",
            },
            {
                "author": "maple",
                "body": """\
Thank you. I've let my MS nurse know, and I've saved your list of warning \
signs so I'm not second-guessing it next time.""",
            },
        ],
    },
    # 11 — pharmacist and patient
    {
        "author": "harbour",
        "title": "Coming off antidepressants slowly: what was your experience?",
        "conditions": ["depression"],
        "body": """\
I've been well for over a year and my GP and I have agreed it's a good \
time to try reducing my antidepressant. We've made a plan to come down \
gradually over a few months.

I'm nervous about it. For those who've done it: what did the process \
feel like, and what helped you tell the difference between withdrawal \
effects and the depression coming back?
""",
        "replies": [
            {
                "author": "jo_ashby",
                "body": """\
It's great that you're doing this with a plan agreed with your GP: that's \
the safe way to do it, and stopping suddenly is what usually causes the \
most trouble.

Some people notice temporary effects as the dose comes down, such as \
dizziness, "brain zaps", vivid dreams or irritability. These tend to start \
within days of a reduction. Low mood returning tends to build more \
gradually over weeks. They can overlap, so it helps to jot down how you \
feel after each step and share it with your GP.

If any step feels too hard, it's fine to go back to your GP and ask to \
slow the plan down. And if your mood drops a lot or you have thoughts of \
harming yourself, please seek help urgently.""",
            },
            {
                "author": "fen",
                "body": """\
I came off mine two years ago. The first couple of reductions were easy, \
the last one was the hardest, and my GP agreed to slow it right down. \
Going slower than planned wasn't a failure. It's your plan, so it can \
change. Good luck!""",
            },
        ],
    },
    # 12 — pharmacist
    {
        "author": "tomasz",
        "title": "Swollen ankles since starting amlodipine. Is this common?",
        "conditions": ["hypertension"],
        "body": """\
I started amlodipine for blood pressure about three weeks ago. My readings \
are much better, but my ankles are puffy by the evening and my socks leave \
deep marks. It goes down overnight.

Is this a known thing with amlodipine? I don't want to stop it because the \
numbers are finally good.
""",
        "replies": [
            {
                "author": "jo_ashby",
                "body": """\
Yes, ankle swelling is one of the best-known side effects of amlodipine \
and similar medicines, and it's often related to the dose. You're right \
not to just stop it: have a chat with your GP or practice pharmacist, as \
there are different ways to manage it, including other blood pressure \
medicines if it's bothering you.

Do get checked **promptly** if the swelling is only in one leg, the leg is \
painful, hot or red, or you become short of breath, as those can have \
other causes that need looking at quickly.""",
            },
            {
                "author": "tomasz",
                "body": """\
Both ankles, no pain, no breathlessness, so I'll book a routine \
appointment with the practice pharmacist. Thanks for the clear list.""",
            },
        ],
    },
    # 13 — patient-only
    {
        "author": "fen",
        "title": "Tips for explaining type 1 diabetes and hypos to a new workplace",
        "conditions": ["type-1-diabetes"],
        "body": """\
I'm starting a new job next month, in an office with about twenty people. \
In my last job nobody knew what to do when I went low, and once someone \
tried to give me insulin instead of sugar because they'd mixed things up.

How much do you tell colleagues, and how? I'm thinking of a short note \
for my team along the lines of:

- **what a hypo looks like** for me (shaky, pale, a bit muddled)
- where my glucose tablets live
- what to do if I can't treat it myself

Is that too much on day one?
""",
        "replies": [
            {
                "author": "harbour",
                "body": """\
Not too much at all. I wish more people did this. I'd maybe tell your \
manager and one or two people you sit near first, then share the note once \
you've settled in. Keeping it short and calm makes it feel like practical \
info rather than a big announcement.""",
            },
            {
                "author": "maple",
                "body": """\
My old workplace had a one-page "if I'm unwell" sheet for a colleague with \
epilepsy, pinned inside the first-aid cupboard. Nobody thought it was odd, \
and it meant everyone knew what to do. Could you ask whether the first \
aiders would keep a copy?""",
            },
            {
                "author": "fen",
                "body": """\
Great idea about the first aiders. I'll tell my manager in week one and \
send the note round once I know people. Thanks both.""",
            },
        ],
    },
    # 14 — patient-only (one reply)
    {
        "author": "tomasz",
        "title": "Asthma and Crohn's together: anyone else juggling steroids for both?",
        "conditions": ["asthma", "crohns-disease"],
        "body": """\
Over the last year I've needed a course of steroid tablets for an asthma \
flare and another for a Crohn's flare, from two different teams.

Does anyone else have two conditions where steroids keep coming up? How do \
you make sure both teams know what the other has prescribed? I'm starting \
to worry about the total amount, especially for my bones.
""",
        "replies": [
            {
                "author": "harbour",
                "body": """\
RA here, and I've had steroid courses from both rheumatology and my GP, \
so similar juggling. I keep one list on my phone with every course, the dates and who \
prescribed it, and I show it at every appointment. My GP also arranged a \
bone density scan because of the number of courses. It's worth asking \
your GP whether that applies to you.""",
            },
        ],
    },
    # 15 — neurologist, two conditions
    {
        "author": "maple",
        "title": "Migraine aura or MS symptom? How do I tell them apart?",
        "conditions": ["migraine", "multiple-sclerosis"],
        "body": """\
I've had migraines since my teens and MS for a few years now. Sometimes I \
get tingling in one hand or zigzag lights before a headache, and I can \
never decide whether it's my usual aura or something MS-related I should \
report.

Are there any general differences that help, or is it always a judgement \
call for the MS team?
""",
        "replies": [
            {
                "author": "dr_kestrel",
                "body": """\
A very reasonable question: the two can overlap, and it's common to have \
both conditions. Speaking generally:

- **Migraine aura** usually builds up gradually over several minutes, \
lasts up to about an hour, often involves "positive" symptoms such as \
zigzag lights or spreading tingling, and is typically followed by the \
headache.
- **An MS relapse** usually develops over hours to days and lasts at least \
24 hours, often with numbness, weakness or blurred vision rather than \
flashing lights.

Anything *sudden*, such as sudden weakness on one side, a drooping face, \
slurred speech or sudden loss of vision, is an emergency: call emergency \
services straight away rather than waiting to see if it's an aura.

It would be worth describing your typical aura to your MS team, so they \
know what's usual for you and what would be new.""",
            },
            {
                "author": "maple",
                "body": """\
That's the clearest explanation I've had, thank you. I'll write down what \
my usual aura looks like and take it to my next review.""",
            },
        ],
    },
]


# A first post by a new member: pre-moderation holds it for the review queue.
NEWCOMER_REPLY = (
    "Hello, I'm new here. In my clinic we suggest writing down questions "
    "before each appointment; it really helps people get the answers they need."
)

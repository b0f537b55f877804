"""Seed the condition catalogue with common conditions patients ask about.

The data is embedded here on purpose: a migration must keep working after the
app code changes, so it never imports from ``forum``. Running it again (or on a
database where some rows already exist) updates the rows by slug instead of
duplicating them; reversing it deletes exactly these slugs.

Descriptions are one plain sentence for patients, not clinical definitions.
Synonyms are comma-separated abbreviations and other names people search for.
"""

from django.db import migrations

CONDITIONS = [
    # --- Autoimmune and inflammatory -------------------------------------
    {
        "name": "Rheumatoid arthritis",
        "slug": "rheumatoid-arthritis",
        "category": "autoimmune",
        "description": (
            "A long-term autoimmune condition in which the immune system attacks "
            "the lining of the joints, causing pain, swelling and stiffness, "
            "often in the hands and feet."
        ),
        "synonyms": "RA, rheumatoid disease, inflammatory arthritis",
    },
    {
        "name": "Lupus (SLE)",
        "slug": "lupus",
        "category": "autoimmune",
        "description": (
            "An autoimmune disease in which the immune system can attack many "
            "parts of the body, such as the skin, joints, kidneys and blood, "
            "often in flares that come and go."
        ),
        "synonyms": "SLE, systemic lupus erythematosus, lupus erythematosus",
    },
    {
        "name": "Psoriasis and psoriatic arthritis",
        "slug": "psoriasis",
        "category": "autoimmune",
        "description": (
            "An immune-related condition that causes patches of thickened, scaly "
            "skin; some people also develop psoriatic arthritis, which causes "
            "joint pain and swelling."
        ),
        "synonyms": "PsA, psoriatic arthritis, plaque psoriasis, psoriatic disease",
    },
    # --- Neurological ------------------------------------------------------
    {
        "name": "Multiple sclerosis",
        "slug": "multiple-sclerosis",
        "category": "neurological",
        "description": (
            "A condition in which the immune system damages the protective coating "
            "around nerves in the brain and spinal cord, which can affect vision, "
            "movement, sensation and balance."
        ),
        "synonyms": (
            "MS, disseminated sclerosis, RRMS, relapsing-remitting MS, "
            "SPMS, PPMS, progressive MS"
        ),
    },
    {
        "name": "Epilepsy",
        "slug": "epilepsy",
        "category": "neurological",
        "description": (
            "A condition in which bursts of electrical activity in the brain cause "
            "repeated seizures, which can look very different from person to person."
        ),
        "synonyms": "seizure disorder, seizures, fits, convulsions",
    },
    {
        "name": "Parkinson's disease",
        "slug": "parkinsons-disease",
        "category": "neurological",
        "description": (
            "A progressive condition in which nerve cells that make dopamine are "
            "lost, leading to tremor, stiffness and slow movement, as well as "
            "non-movement symptoms."
        ),
        "synonyms": (
            "PD, Parkinson's, Parkinson disease, parkinsonism, paralysis agitans"
        ),
    },
    {
        "name": "Migraine",
        "slug": "migraine",
        "category": "neurological",
        "description": (
            "A common neurological condition causing attacks of moderate to severe "
            "headache, often with nausea and sensitivity to light or sound, and "
            "sometimes preceded by an aura."
        ),
        "synonyms": (
            "migraine headache, migraine with aura, migraine without aura, "
            "chronic migraine, vestibular migraine"
        ),
    },
    {
        "name": "Alzheimer's disease and dementia",
        "slug": "alzheimers-dementia",
        "category": "neurological",
        "description": (
            "Dementia is a decline in memory, thinking and daily functioning caused "
            "by brain disease; Alzheimer's disease is its most common cause."
        ),
        "synonyms": (
            "AD, Alzheimer's, dementia, vascular dementia, Lewy body dementia, "
            "frontotemporal dementia, FTD, cognitive impairment"
        ),
    },
    {
        "name": "Motor neurone disease (ALS)",
        "slug": "motor-neurone-disease",
        "category": "neurological",
        "description": (
            "A progressive condition in which the nerve cells that control muscles "
            "stop working, leading to increasing weakness that can affect walking, "
            "speech, swallowing and breathing."
        ),
        "synonyms": (
            "MND, ALS, amyotrophic lateral sclerosis, motor neuron disease, "
            "Lou Gehrig's disease"
        ),
    },
    # --- Metabolic and endocrine ------------------------------------------
    {
        "name": "Type 1 diabetes",
        "slug": "type-1-diabetes",
        "category": "metabolic",
        "description": (
            "An autoimmune condition in which the pancreas stops making insulin, "
            "so people need insulin every day to keep their blood glucose in range."
        ),
        "synonyms": "T1D, T1DM, juvenile diabetes, insulin-dependent diabetes, IDDM",
    },
    {
        "name": "Type 2 diabetes",
        "slug": "type-2-diabetes",
        "category": "metabolic",
        "description": (
            "A condition in which the body does not respond well to insulin or "
            "does not make enough of it, so blood glucose runs too high; it is "
            "managed with lifestyle changes and often medicines."
        ),
        "synonyms": (
            "T2D, T2DM, adult-onset diabetes, non-insulin-dependent diabetes, "
            "NIDDM, diabetes mellitus type 2"
        ),
    },
    {
        "name": "Hashimoto's thyroiditis and hypothyroidism",
        "slug": "hashimotos-hypothyroidism",
        "category": "metabolic",
        "description": (
            "Hypothyroidism means the thyroid gland makes too little thyroid "
            "hormone, causing tiredness, weight gain and feeling cold; Hashimoto's "
            "is the autoimmune condition that most often causes it."
        ),
        "synonyms": (
            "underactive thyroid, Hashimoto's disease, Hashimoto's, "
            "autoimmune thyroiditis, chronic lymphocytic thyroiditis, low thyroid"
        ),
    },
    {
        "name": "Graves' disease and hyperthyroidism",
        "slug": "graves-hyperthyroidism",
        "category": "metabolic",
        "description": (
            "Hyperthyroidism means the thyroid gland makes too much thyroid hormone, "
            "causing a fast heartbeat, weight loss and anxiety; Graves' disease is "
            "the autoimmune condition that most often causes it."
        ),
        "synonyms": (
            "overactive thyroid, Graves', thyrotoxicosis, Basedow's disease, "
            "thyroid eye disease, TED"
        ),
    },
    # --- Heart and circulation --------------------------------------------
    {
        "name": "Hypertension",
        "slug": "hypertension",
        "category": "cardiovascular",
        "description": (
            "Blood pressure that stays higher than it should be, which usually "
            "causes no symptoms but raises the risk of heart attack, stroke and "
            "kidney disease over time."
        ),
        "synonyms": "high blood pressure, HBP, HTN, raised blood pressure",
    },
    {
        "name": "Heart failure",
        "slug": "heart-failure",
        "category": "cardiovascular",
        "description": (
            "A long-term condition in which the heart does not pump blood around "
            "the body as well as it should, often causing breathlessness, "
            "tiredness and swollen ankles."
        ),
        "synonyms": (
            "HF, congestive heart failure, CHF, cardiac failure, HFrEF, HFpEF"
        ),
    },
    {
        "name": "Atrial fibrillation",
        "slug": "atrial-fibrillation",
        "category": "cardiovascular",
        "description": (
            "A common heart rhythm problem in which the upper chambers of the heart "
            "beat irregularly, which can cause palpitations and raises the risk of "
            "stroke."
        ),
        "synonyms": "AF, AFib, A-fib, irregular heartbeat",
    },
    {
        "name": "Coronary artery disease",
        "slug": "coronary-artery-disease",
        "category": "cardiovascular",
        "description": (
            "Narrowing of the arteries that supply the heart muscle with blood, "
            "which can cause chest pain (angina) and lead to heart attacks."
        ),
        "synonyms": (
            "CAD, coronary heart disease, CHD, ischaemic heart disease, "
            "ischemic heart disease, IHD, angina"
        ),
    },
    # --- Lungs and breathing ----------------------------------------------
    {
        "name": "Asthma",
        "slug": "asthma",
        "category": "respiratory",
        "description": (
            "A long-term condition in which the airways become inflamed and narrow, "
            "causing wheeze, cough, chest tightness and breathlessness that can "
            "flare up with triggers."
        ),
        "synonyms": (
            "bronchial asthma, allergic asthma, exercise-induced asthma, severe asthma"
        ),
    },
    {
        "name": "Chronic obstructive pulmonary disease (COPD)",
        "slug": "copd",
        "category": "respiratory",
        "description": (
            "A group of lung conditions, including emphysema and chronic "
            "bronchitis, in which airflow out of the lungs is limited, causing "
            "breathlessness and cough that develop over years."
        ),
        "synonyms": (
            "COPD, emphysema, chronic bronchitis, COAD, "
            "chronic obstructive airways disease"
        ),
    },
    # --- Mental health ----------------------------------------------------
    {
        "name": "Depression",
        "slug": "depression",
        "category": "mental_health",
        "description": (
            "A common mental health condition involving persistent low mood or "
            "loss of interest, often with changes in sleep, appetite and energy, "
            "lasting weeks or longer."
        ),
        "synonyms": (
            "major depressive disorder, MDD, clinical depression, low mood, "
            "postnatal depression, PND"
        ),
    },
    {
        "name": "Anxiety disorders",
        "slug": "anxiety-disorders",
        "category": "mental_health",
        "description": (
            "Conditions in which worry, fear or panic is strong and persistent "
            "enough to interfere with daily life, including generalised anxiety, "
            "panic disorder and social anxiety."
        ),
        "synonyms": (
            "anxiety, GAD, generalised anxiety disorder, generalized anxiety "
            "disorder, panic disorder, panic attacks, social anxiety, phobias"
        ),
    },
    {
        "name": "Bipolar disorder",
        "slug": "bipolar-disorder",
        "category": "mental_health",
        "description": (
            "A mental health condition with episodes of depression and episodes of "
            "unusually high mood and energy (mania or hypomania)."
        ),
        "synonyms": (
            "bipolar affective disorder, BPAD, manic depression, bipolar I, "
            "bipolar II, cyclothymia"
        ),
    },
    {
        "name": "Post-traumatic stress disorder (PTSD)",
        "slug": "ptsd",
        "category": "mental_health",
        "description": (
            "A condition that can develop after frightening or distressing events, "
            "with flashbacks, nightmares, feeling on edge and avoiding reminders."
        ),
        "synonyms": "PTSD, C-PTSD, complex PTSD, post-traumatic stress",
    },
    {
        "name": "ADHD",
        "slug": "adhd",
        "category": "mental_health",
        "description": (
            "A neurodevelopmental condition affecting attention, impulsivity and "
            "activity levels, which often continues into adulthood and may only "
            "be diagnosed then."
        ),
        "synonyms": (
            "attention deficit hyperactivity disorder, ADD, "
            "attention deficit disorder, adult ADHD"
        ),
    },
    {
        "name": "Eating disorders",
        "slug": "eating-disorders",
        "category": "mental_health",
        "description": (
            "Serious mental health conditions involving unhealthy patterns of "
            "eating and strong concerns about food, weight or shape, such as "
            "anorexia, bulimia and binge eating disorder."
        ),
        "synonyms": (
            "anorexia nervosa, anorexia, bulimia nervosa, bulimia, "
            "binge eating disorder, BED, ARFID, OSFED"
        ),
    },
    # --- Cancer -----------------------------------------------------------
    {
        "name": "Breast cancer",
        "slug": "breast-cancer",
        "category": "cancer",
        "description": (
            "Cancer that starts in the breast tissue; it is one of the most common "
            "cancers and treatment depends on its type and stage."
        ),
        "synonyms": (
            "breast carcinoma, DCIS, ductal carcinoma, lobular carcinoma, "
            "triple-negative breast cancer, TNBC, HER2-positive"
        ),
    },
    {
        "name": "Prostate cancer",
        "slug": "prostate-cancer",
        "category": "cancer",
        "description": (
            "Cancer that starts in the prostate gland; many cases grow slowly and "
            "options range from active monitoring to surgery, radiotherapy and "
            "hormone therapy."
        ),
        "synonyms": "prostate carcinoma, PCa, prostatic adenocarcinoma",
    },
    {
        "name": "Lung cancer",
        "slug": "lung-cancer",
        "category": "cancer",
        "description": (
            "Cancer that starts in the lungs, divided mainly into non-small cell "
            "and small cell types, which are treated differently."
        ),
        "synonyms": (
            "NSCLC, SCLC, non-small cell lung cancer, small cell lung cancer, "
            "bronchogenic carcinoma"
        ),
    },
    {
        "name": "Colorectal cancer",
        "slug": "colorectal-cancer",
        "category": "cancer",
        "description": (
            "Cancer of the colon or rectum, often found through screening or after "
            "changes in bowel habits or bleeding, and more treatable when caught "
            "early."
        ),
        "synonyms": "bowel cancer, colon cancer, rectal cancer, CRC",
    },
    {
        "name": "Leukaemia and lymphoma",
        "slug": "leukaemia-lymphoma",
        "category": "cancer",
        "description": (
            "Cancers of the blood and lymphatic system, in which abnormal white "
            "blood cells build up in the bone marrow, blood or lymph nodes."
        ),
        "synonyms": (
            "leukemia, blood cancer, Hodgkin lymphoma, non-Hodgkin lymphoma, NHL, "
            "CLL, CML, AML, acute lymphoblastic leukaemia"
        ),
    },
    # --- Digestive --------------------------------------------------------
    {
        "name": "Crohn's disease",
        "slug": "crohns-disease",
        "category": "digestive",
        "description": (
            "A type of inflammatory bowel disease that can affect any part of the "
            "gut, causing abdominal pain, diarrhoea, tiredness and weight loss in "
            "flares."
        ),
        "synonyms": "IBD, inflammatory bowel disease, Crohn's, regional enteritis",
    },
    {
        "name": "Ulcerative colitis",
        "slug": "ulcerative-colitis",
        "category": "digestive",
        "description": (
            "A type of inflammatory bowel disease in which the lining of the large "
            "bowel becomes inflamed and ulcerated, causing bloody diarrhoea and "
            "urgency during flares."
        ),
        "synonyms": "UC, IBD, inflammatory bowel disease, colitis, proctitis",
    },
    {
        "name": "Coeliac disease",
        "slug": "coeliac-disease",
        "category": "digestive",
        "description": (
            "An autoimmune condition in which eating gluten damages the lining of "
            "the small intestine; it is managed with a strict lifelong gluten-free "
            "diet."
        ),
        "synonyms": (
            "celiac disease, coeliac, celiac, coeliac sprue, "
            "gluten-sensitive enteropathy"
        ),
    },
    {
        "name": "Irritable bowel syndrome",
        "slug": "irritable-bowel-syndrome",
        "category": "digestive",
        "description": (
            "A common long-term condition of the gut causing cramps, bloating, "
            "diarrhoea or constipation, without visible damage to the bowel."
        ),
        "synonyms": "IBS, IBS-D, IBS-C, spastic colon, functional bowel disorder",
    },
    # --- Bones, joints and muscles ----------------------------------------
    {
        "name": "Fibromyalgia",
        "slug": "fibromyalgia",
        "category": "musculoskeletal",
        "description": (
            "A long-term condition causing widespread pain and tenderness, often "
            "with fatigue, poor sleep and problems with memory and concentration."
        ),
        "synonyms": (
            "FM, FMS, fibromyalgia syndrome, fibrositis, chronic widespread pain"
        ),
    },
    {
        "name": "Osteoporosis",
        "slug": "osteoporosis",
        "category": "musculoskeletal",
        "description": (
            "A condition in which bones become thinner and more fragile, so they "
            "break more easily, often without symptoms until a fracture happens."
        ),
        "synonyms": "brittle bones, osteopenia, low bone density, fragility fracture",
    },
    {
        "name": "Osteoarthritis",
        "slug": "osteoarthritis",
        "category": "musculoskeletal",
        "description": (
            "The most common form of arthritis, in which the cartilage and bone in "
            "joints such as knees, hips and hands change over time, causing pain "
            "and stiffness."
        ),
        "synonyms": "OA, degenerative joint disease, wear-and-tear arthritis",
    },
    # --- Rare diseases ----------------------------------------------------
    {
        "name": "Cystic fibrosis",
        "slug": "cystic-fibrosis",
        "category": "rare",
        "description": (
            "An inherited condition in which thick, sticky mucus builds up in the "
            "lungs and digestive system, causing chest infections and problems "
            "absorbing food."
        ),
        "synonyms": "CF, mucoviscidosis",
    },
    {
        "name": "Sickle cell disease",
        "slug": "sickle-cell-disease",
        "category": "rare",
        "description": (
            "An inherited blood disorder in which red blood cells can become "
            "sickle-shaped and block blood flow, causing painful crises, anaemia "
            "and infections."
        ),
        "synonyms": (
            "SCD, sickle cell anaemia, sickle cell anemia, HbSS, sickle cell crisis"
        ),
    },
    {
        "name": "Huntington's disease",
        "slug": "huntingtons-disease",
        "category": "rare",
        "description": (
            "An inherited condition that gradually damages nerve cells in the "
            "brain, affecting movement, thinking and mood."
        ),
        "synonyms": "HD, Huntington's chorea, Huntington disease",
    },
    {
        "name": "Ehlers-Danlos syndromes",
        "slug": "ehlers-danlos-syndromes",
        "category": "rare",
        "description": (
            "A group of inherited conditions affecting connective tissue, often "
            "causing very flexible joints, fragile or stretchy skin, and "
            "long-term pain."
        ),
        "synonyms": (
            "EDS, hEDS, hypermobile EDS, hypermobility spectrum disorder, HSD, "
            "joint hypermobility syndrome"
        ),
    },
    {
        "name": "Myasthenia gravis",
        "slug": "myasthenia-gravis",
        "category": "rare",
        "description": (
            "An autoimmune condition in which signals from nerves to muscles are "
            "blocked, causing muscle weakness that gets worse with use, often "
            "affecting the eyelids and eye movements."
        ),
        "synonyms": "MG, myasthenia, ocular myasthenia, generalised myasthenia",
    },
    # --- Other ------------------------------------------------------------
    {
        "name": "Endometriosis",
        "slug": "endometriosis",
        "category": "other",
        "description": (
            "A long-term condition in which tissue similar to the lining of the "
            "womb grows elsewhere, often causing pelvic pain, painful periods and "
            "sometimes fertility problems."
        ),
        "synonyms": (
            "endo, deep endometriosis, DIE, ovarian endometrioma, chocolate cyst"
        ),
    },
    {
        "name": "Chronic kidney disease",
        "slug": "chronic-kidney-disease",
        "category": "other",
        "description": (
            "A long-term reduction in how well the kidneys filter the blood, often "
            "linked to diabetes or high blood pressure and usually found through "
            "blood and urine tests."
        ),
        "synonyms": (
            "CKD, chronic renal failure, chronic renal disease, kidney failure, "
            "ESRD, end-stage kidney disease"
        ),
    },
    {
        "name": "Long COVID",
        "slug": "long-covid",
        "category": "other",
        "description": (
            "Symptoms such as fatigue, breathlessness and brain fog that continue "
            "or develop weeks to months after a COVID-19 infection."
        ),
        "synonyms": (
            "post-COVID-19 condition, post-COVID syndrome, PCC, PASC, "
            "post-acute sequelae of COVID-19, long-haul COVID, long haulers"
        ),
    },
]


def seed_conditions(apps, schema_editor):
    Condition = apps.get_model("forum", "Condition")
    for row in CONDITIONS:
        defaults = {k: v for k, v in row.items() if k != "slug"}
        # Condition.name is unique too. If someone already created a condition
        # with this name under another slug (e.g. by hand in the admin), keep
        # theirs rather than fail the whole migration on the unique constraint.
        if (
            Condition.objects.filter(name__iexact=row["name"])
            .exclude(slug=row["slug"])
            .exists()
        ):
            continue
        Condition.objects.update_or_create(slug=row["slug"], defaults=defaults)


def unseed_conditions(apps, schema_editor):
    Condition = apps.get_model("forum", "Condition")
    Condition.objects.filter(slug__in=[row["slug"] for row in CONDITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_conditions, unseed_conditions)]

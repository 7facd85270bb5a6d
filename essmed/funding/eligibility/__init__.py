"""The eligibility engine: rules as data (``logic.py``), facts from a consortium (``facts.py``), verdicts and
remedies (``engine.py``). Pure Python, no database access; ``essmed/funding/actions.py`` feeds it."""

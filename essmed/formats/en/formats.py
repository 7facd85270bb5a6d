"""English display formats for readers on both shores: day before month and a 24-hour clock.

Django's English formats are American (11/12/2026 is 12 November in Oujda and Montpellier, 11 December there).
Only display formats change; input formats are Django's (form dates are ISO, from the browser's date field)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

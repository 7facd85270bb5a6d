"""Arabic display formats: day before month and a 24-hour clock, as Morocco writes dates.

Only what differs from Django's Arabic formats (``django.conf.locale.ar.formats``), which Django reads for the
rest. That module has no format for a date with a time, so those fell back to the American order of the global
default («نوفمبر 27، 2026، 8:45 م») beside dates written «27 نوفمبر، 2026». Input formats are Django's."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
NUMBER_GROUPING = 3  # Django's Arabic sets separators but no grouping: amounts read 83700000

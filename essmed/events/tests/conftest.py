from __future__ import annotations

import pytest

from essmed.events.tests.factories import EventFactory, RegistrationFactory, add_slots


@pytest.fixture
def event(db):
    event = EventFactory(
        slug="salon-oujda", title_fr="Salon régional de l'ESS", title_ar="المعرض الجهوي", title_en="Regional fair"
    )
    add_slots(event, breaks=[])
    return event


@pytest.fixture
def karim_reg(event, karim):
    return RegistrationFactory(event=event, user=karim)


@pytest.fixture
def omar_reg(event, omar):
    return RegistrationFactory(event=event, user=omar, offers_fr="Huile d'argan")


@pytest.fixture
def pauline_reg(event, pauline):
    return RegistrationFactory(event=event, user=pauline)

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from essmed.directory.tests.factories import ActorFactory
from essmed.events.models import MeetingRequest, Priority, RequestStatus
from essmed.events.tests.factories import EventFactory, MeetingRequestFactory, RegistrationFactory, add_slots


def test_participant_asks_another_who_is_emailed(
    client, karim_reg, omar_reg, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(karim_reg.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:request_create", args=[omar_reg.pk]), {"message": "Bonjour Omar", "priority": "3"}
        )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.requester, request.recipient, request.priority) == (karim_reg, omar_reg, Priority.HIGH)
    assert mailoutbox[0].to == [omar_reg.user.email]
    assert "Bonjour Omar" in mailoutbox[0].body


def test_nobody_asks_themselves_for_a_meeting(client, karim_reg):
    client.force_login(karim_reg.user)
    response = client.post(reverse("events:request_create", args=[karim_reg.pk]), {"message": "Moi", "priority": "2"})
    assert response.status_code == 400
    assert "vous-même" in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_a_second_pending_request_between_the_same_people_is_refused(client, karim_reg, omar_reg):
    MeetingRequestFactory(requester=omar_reg, recipient=karim_reg)
    client.force_login(karim_reg.user)
    response = client.post(reverse("events:request_create", args=[omar_reg.pk]), {"message": "Re", "priority": "2"})
    assert response.status_code == 400
    assert "attend déjà une réponse" in response.content.decode()
    assert MeetingRequest.objects.count() == 1


def test_unregistered_person_is_sent_to_register(client, omar_reg, pauline):
    client.force_login(pauline)
    response = client.post(reverse("events:request_create", args=[omar_reg.pk]), {"message": "Hi", "priority": "2"})
    assert response.url == reverse("events:register", args=[omar_reg.event.slug])
    assert not MeetingRequest.objects.exists()


def test_recipient_accepts_and_requester_is_emailed(
    client, karim_reg, omar_reg, django_capture_on_commit_callbacks, mailoutbox
):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg)
    client.force_login(omar_reg.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:request_answer", args=[request.pk]), {"answer": "accept"})
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert mailoutbox[0].to == [karim_reg.user.email]


def test_recipient_declines(client, karim_reg, omar_reg):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg)
    client.force_login(omar_reg.user)
    client.post(reverse("events:request_answer", args=[request.pk]), {"answer": "decline"})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED


def test_requester_cannot_answer_their_own_request(client, karim_reg, omar_reg):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg)
    client.force_login(karim_reg.user)
    response = client.post(reverse("events:request_answer", args=[request.pk]), {"answer": "accept"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_requests_page_lists_received_and_sent(client, karim_reg, omar_reg, pauline_reg):
    MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, message="Pour Omar")
    MeetingRequestFactory(requester=pauline_reg, recipient=karim_reg, message="De Pauline")
    client.force_login(karim_reg.user)
    page = client.get(reverse("events:requests", args=[karim_reg.event.slug])).content.decode()
    assert "Pour Omar" in page and "De Pauline" in page


def test_organiser_fixes_a_slot_and_an_order(client, sophie, karim_reg, omar_reg, pauline_reg):
    first = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    second = MeetingRequestFactory(requester=pauline_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    slot = karim_reg.event.meeting_slots().last()
    client.force_login(sophie)
    response = client.post(
        reverse("events:request_constraints", args=[second.pk]),
        {"priority": "3", "fixed_slot": slot.pk, "after": [first.pk]},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.fixed_slot == slot and list(second.after.all()) == [first] and second.priority == 3


def test_an_order_cycle_is_refused_naming_the_meetings(client, sophie, karim_reg, omar_reg, pauline_reg):
    first = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    second = MeetingRequestFactory(requester=pauline_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    second.after.add(first)
    client.force_login(sophie)
    response = client.post(
        reverse("events:request_constraints", args=[first.pk]), {"priority": "2", "after": [second.pk]}
    )
    assert response.status_code == 400
    assert "cercle" in response.content.decode()
    assert not first.after.exists()


def test_an_order_cycle_reads_in_words_with_each_name_isolated_on_arabic_pages(
    client, sophie, karim_reg, omar_reg, pauline_reg
):
    first = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    second = MeetingRequestFactory(requester=pauline_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    second.after.add(first)
    client.force_login(sophie)
    with translation.override("ar"):
        url = reverse("events:request_constraints", args=[first.pk])
    page = client.post(url, {"priority": "2", "after": [second.pk]}).content.decode()
    karim, omar = karim_reg.display_name, omar_reg.display_name
    assert "→" not in page  # an arrow points the wrong way in Arabic
    assert f"\u2068{karim}\u2069 – \u2068{omar}\u2069، ثم " in page


def test_a_slot_of_another_event_cannot_be_fixed(client, sophie, karim_reg, omar_reg):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    other_slot = add_slots(EventFactory())[0]
    client.force_login(sophie)
    response = client.post(
        reverse("events:request_constraints", args=[request.pk]), {"priority": "2", "fixed_slot": other_slot.pk}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.fixed_slot is None


def test_withdrawing_a_pending_request(client, karim_reg, omar_reg):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg)
    client.force_login(karim_reg.user)
    client.post(reverse("events:request_cancel", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED


def test_recipient_cannot_withdraw_a_pending_request(client, karim_reg, omar_reg):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg)
    client.force_login(omar_reg.user)
    client.post(reverse("events:request_cancel", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_participant_of_another_event_cannot_be_asked(client, karim_reg):
    stranger = RegistrationFactory(event=EventFactory())
    client.force_login(karim_reg.user)
    response = client.post(reverse("events:request_create", args=[stranger.pk]), {"message": "Hi", "priority": "2"})
    assert response.status_code == 302
    assert not MeetingRequest.objects.exists()


def test_a_refused_request_shows_the_participant_page_with_the_actor_it_represents(client, karim_reg, omar_reg):
    omar_reg.actor = ActorFactory(name_fr="Coopérative Amal")
    omar_reg.save()
    MeetingRequestFactory(requester=omar_reg, recipient=karim_reg)
    client.force_login(karim_reg.user)
    response = client.post(reverse("events:request_create", args=[omar_reg.pk]), {"message": "Re", "priority": "2"})
    assert response.status_code == 400
    assert "Coopérative Amal" in response.content.decode()


def test_an_order_after_an_id_too_large_for_the_database_is_refused_with_a_message(client, sophie, karim_reg, omar_reg):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    client.force_login(sophie)
    response = client.post(
        reverse("events:request_constraints", args=[request.pk]), {"priority": "2", "after": ["9" * 20]}
    )
    assert response.status_code == 400
    assert "n’est pas une valeur correcte" in response.content.decode()
    assert not request.after.exists()


def test_request_email_names_the_requester_s_actor_in_the_recipient_s_language(
    client, karim_reg, omar_reg, django_capture_on_commit_callbacks, mailoutbox
):
    karim_reg.actor = ActorFactory(name_fr="Coopérative Zaytoun", name_ar="تعاونية الزيتون")
    karim_reg.save()
    omar_reg.user.preferred_language = "ar"
    omar_reg.user.save()
    client.force_login(karim_reg.user)  # asking from a French page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:request_create", args=[omar_reg.pk]), {"message": "Bonjour", "priority": "2"})
    assert "تعاونية الزيتون" in mailoutbox[0].body and "Zaytoun" not in mailoutbox[0].body


def test_order_options_isolate_each_name_so_arabic_pages_keep_their_parentheses(
    client, sophie, karim_reg, omar_reg, pauline_reg
):
    karim_reg.user.full_name = "كريم (تعاونية الزيتون)"
    karim_reg.user.save()
    first = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    second = MeetingRequestFactory(requester=pauline_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    client.force_login(sophie)
    with translation.override("ar"):
        url = reverse("events:request_constraints", args=[second.pk])
    html = client.get(url).content.decode()
    assert f'<option value="{first.pk}">\u2068كريم (تعاونية الزيتون)\u2069 – \u2068Omar\u2069</option>' in html

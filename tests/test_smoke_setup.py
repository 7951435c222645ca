from audit.models import AuditEvent


def test_round_fixture_records_its_setup_in_the_trail(round_):
    actions = list(AuditEvent.objects.for_round(round_).values_list("action", flat=True))
    assert actions[0] == "round.created"
    assert actions.count("lot.added") == 2
    assert "rubric.created" in actions
    assert "access.granted" in actions and actions.count("bid.received") == 2

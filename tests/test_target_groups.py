from django.urls import reverse

from planverk.plans.models import TargetGroup


def test_target_groups_are_named_in_the_readers_language(client, gjovik_plan):
    measure = gjovik_plan.measures.filter(target_groups__slug="employees").first()
    url = reverse("public:measure_detail", args=[gjovik_plan.pk, measure.pk])
    assert "Ansatte" in client.get(url, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Tilsette" in client.get(url, HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert "Employees" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_every_target_group_in_the_database_has_a_translated_name(db):
    from planverk.plans.models import TARGET_GROUP_NAMES

    assert set(TargetGroup.objects.values_list("slug", flat=True)) == set(TARGET_GROUP_NAMES)

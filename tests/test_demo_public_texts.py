"""The demo's public texts pass the safe-messaging check that every coordinator's text goes through.

The demo is what people see first, and it is loaded through the same services; a finding here would mean either
a demo text that should be reworded or a rule that flags ordinary help texts and would nag every coordinator.
"""

import pytest

from planverk.guides.models import Guide, GuideStep
from planverk.help.models import DisplayMessage, Service, ServiceTranslation
from planverk.lib.safe_messaging import check_texts
from planverk.resources.models import Resource

pytestmark = pytest.mark.django_db

# Every public text field of every kind of object the demo publishes.
PUBLIC_TEXTS = {
    "services": (lambda: Service.objects.all(), ("name", "description", "target_group")),
    "translations": (lambda: ServiceTranslation.objects.all(), ("name", "description", "target_group")),
    "messages": (lambda: DisplayMessage.objects.all(), ("text",)),
    "resources": (lambda: Resource.objects.all(), ("title", "description")),
    "guides": (lambda: Guide.objects.published(), ("title", "audience", "introduction")),
    "guide steps": (lambda: GuideStep.objects.filter(guide__status="published"), ("title", "text", "legal_note")),
}


@pytest.mark.parametrize("kind", PUBLIC_TEXTS)
def test_demo_texts_have_no_safe_messaging_findings(kind):
    queryset, fields = PUBLIC_TEXTS[kind]
    rows = list(queryset().values("pk", *fields))
    assert rows, "the demo publishes some of these"
    flagged = {row["pk"]: check_texts({name: row[name] for name in fields}) for row in rows}
    assert {pk: findings for pk, findings in flagged.items() if findings} == {}

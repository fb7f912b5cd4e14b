"""The rules come from the settings; changing them and publishing again changes what is shown, and until then a
system check says the published figures were computed with other rules."""

from io import StringIO

from django.core.checks import run_checks
from django.core.management import call_command
from django.db.models import F

from planverk.stats.models import PublishedCell


def test_publishing_again_applies_a_new_threshold(db, settings):
    assert PublishedCell.objects.get(geo="3301", first_year=2015, last_year=2015).count == 7
    settings.STATS_SUPPRESSION_THRESHOLD = 7
    out = StringIO()
    call_command("publish_statistics", stdout=out)
    assert "terskel 7" in out.getvalue()
    hidden = PublishedCell.objects.get(geo="3301", first_year=2015, last_year=2015)
    assert hidden.reason == "privacy" and hidden.count is None


def test_a_system_check_warns_when_the_rules_changed_since_publishing(db, settings):
    assert not [m for m in run_checks(databases=["default"]) if m.id == "stats.W001"]
    settings.STATS_POOLED_YEARS = 5
    assert [m.id for m in run_checks(databases=["default"]) if m.id == "stats.W001"] == ["stats.W001"]


def test_pooled_periods_follow_the_setting(db, settings):
    settings.STATS_POOLED_YEARS = 5
    call_command("publish_statistics", stdout=StringIO())
    pooled = PublishedCell.objects.filter(geo="3301", last_year__gt=F("first_year"))
    assert sorted(pooled.values_list("first_year", "last_year")) == [(year, year + 4) for year in range(2012, 2019)]

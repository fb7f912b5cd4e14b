from django.db import migrations

# The fixed list shared by plans and the national coverage view (see planverk/plans/target_groups.py).
TARGET_GROUPS = {
    "population": "Befolkningen generelt",
    "children": "Barn",
    "youth": "Ungdom og unge voksne",
    "students": "Studenter",
    "men": "Menn",
    "elderly": "Eldre",
    "farmers": "Bønder",
    "veterans": "Veteraner",
    "inmates": "Innsatte",
    "lgbtq": "LHBT+",
    "sami": "Samer og urfolk",
    "minorities": "Minoriteter og innvandrere",
    "bereaved": "Etterlatte",
    "next_of_kin": "Pårørende",
    "employees": "Ansatte",
    "at_risk": "Personer i selvmordsrisiko",
    "mental_illness_substance_use": "Personer med psykiske lidelser eller rusproblemer",
}


def create_target_groups(apps, schema_editor):
    TargetGroup = apps.get_model("plans", "TargetGroup")
    for slug, name in TARGET_GROUPS.items():
        TargetGroup.objects.update_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(create_target_groups, migrations.RunPython.noop)]

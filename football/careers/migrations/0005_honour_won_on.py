import datetime

from django.db import migrations, models

HELP = "The day it was won or lost: the final, the day a title was secured or the last match day. With month or year precision, any day in that month or year will do (the season's end, when only that is known)."


def season_end(apps, schema_editor):
    """Honours recorded before they had a date: the year their season ended, the
    least that is certain ("2010–11" ended in 2011; "2011" is that year). `seed`
    then sets the real dates of the seed honours."""
    for name in ("Honour", "HistoricalHonour"):
        model = apps.get_model("careers", name)
        for honour in model.objects.filter(won_on__isnull=True).iterator():
            year = honour.season_start + (1 if len(honour.season) > 4 else 0)
            honour.won_on = datetime.date(year, 1, 1)
            honour.won_precision = "year"
            honour.save(update_fields=["won_on", "won_precision"])


class Migration(migrations.Migration):

    dependencies = [
        ('careers', '0004_tenure_confirmed_on'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalhonour',
            name='won_on',
            field=models.DateField(help_text="The day it was won or lost: the final, the day a title was secured or the last match day. With month or year precision, any day in that month or year will do (the season's end, when only that is known).", null=True, verbose_name='decided on'),
        ),
        migrations.AddField(
            model_name='historicalhonour',
            name='won_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', max_length=5, verbose_name='precision'),
        ),
        migrations.AddField(
            model_name='honour',
            name='won_on',
            field=models.DateField(help_text="The day it was won or lost: the final, the day a title was secured or the last match day. With month or year precision, any day in that month or year will do (the season's end, when only that is known).", null=True, verbose_name='decided on'),
        ),
        migrations.AddField(
            model_name='honour',
            name='won_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', max_length=5, verbose_name='precision'),
        ),
        migrations.RunPython(season_end, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalhonour',
            name='won_on',
            field=models.DateField(help_text=HELP, verbose_name='decided on'),
        ),
        migrations.AlterField(
            model_name='honour',
            name='won_on',
            field=models.DateField(help_text=HELP, verbose_name='decided on'),
        ),
    ]

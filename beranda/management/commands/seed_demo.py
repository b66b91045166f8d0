from typing import Any

from django.core.management.base import BaseCommand

from organisasi.demo import DEMO_PASSWORD, PEOPLE, seed_organisasi
from penilaian.demo import seed_penilaian
from perencanaan.demo import seed_perencanaan


class Command(BaseCommand):
    help = "Load the demo cast (two instansi, their people, operators and an admin). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        cast = seed_organisasi()
        plans = seed_perencanaan(cast)
        penilaian = seed_penilaian(cast, plans)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(cast.pegawai)} pegawai in {len(cast.instansi)} instansi, {len(plans.skp)} SKP for {plans.tahun}, {len(penilaian.evaluasi)} evaluations."
            )
        )
        if options["verbosity"] >= 1:
            self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
            self.stdout.write("  admin               Administrator (superuser)")
            for person in PEOPLE:
                self.stdout.write(f"  {person.nip}  {person.peran}")

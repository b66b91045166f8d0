from pelaksanaan.periode import periods_of_skp
from perencanaan.models import StatusSkp
from tests.kinerja_world import Kinerja


def test_world_has_set_plans_and_periods(kinerja: Kinerja) -> None:
    assert kinerja.skp.status == StatusSkp.DITETAPKAN
    assert kinerja.skp_kualitatif.status == StatusSkp.DITETAPKAN
    assert kinerja.skp_kabid.status == StatusSkp.DITETAPKAN
    periods = periods_of_skp(kinerja.skp)
    assert [p.nama for p in periods] == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV", "Tahunan"]
    assert periods_of_skp(kinerja.skp)[0].pk == periods[0].pk  # made once

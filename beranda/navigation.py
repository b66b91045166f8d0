"""The main menu, mirroring BKN's Toolkit Kinerja (seed 003)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise
    url_name: str
    operator_only: bool = False
    # Personal menus make no sense for a login without a pegawai record (e.g. the admin).
    needs_pegawai: bool = False
    # Reports and unit-level screens: operators, heads of a unit kerja, the admin.
    reports: bool = False


MAIN_MENU: tuple[MenuItem, ...] = (
    MenuItem("dashboard", _("Dashboard"), "beranda:dashboard"),
    MenuItem("perjanjian_kinerja", _("Perjanjian Kinerja"), "perencanaan:pk_list"),
    MenuItem("skp_saya", _("SKP Saya"), "perencanaan:skp_list", needs_pegawai=True),
    MenuItem("matriks_peran_hasil", _("Matriks Peran Hasil"), "perencanaan:matriks_list", needs_pegawai=True),
    MenuItem("skp_bawahan", _("SKP Bawahan"), "perencanaan:bawahan_list", needs_pegawai=True),
    MenuItem("perilaku_skp", _("Perilaku SKP"), "pelaksanaan:perilaku_list", needs_pegawai=True),
    MenuItem("keberatan", _("Keberatan"), "penilaian:keberatan_list"),
    MenuItem("capaian_organisasi", _("Capaian Organisasi"), "penilaian:capaian_list", reports=True),
    MenuItem("monitoring", _("Monitoring"), "penilaian:monitoring", reports=True),
    MenuItem("rekap", _("Rekap Kinerja"), "penilaian:rekap", reports=True),
    MenuItem("profil", _("Profil"), "organisasi:profil", needs_pegawai=True),
    MenuItem("operator", _("Operator"), "organisasi:operator_home", operator_only=True),
)

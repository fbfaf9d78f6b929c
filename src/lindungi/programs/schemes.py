"""The three ready schemes a program starts from (the admin may change any value).

Values follow the BPU contributions of PP 44/2015 on JKK and JKM (as amended by PP 82/2019):
JKK+JKM at the lowest declared income (Rp 16.800 a month),
twelve months from January, ages 18 to 65, and for villages residents only, listed poor first.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Scheme:
    key: str
    name: str | Promise  # "%(year)s" is filled in
    description: str | Promise
    sponsor_kinds: tuple[str, ...]
    quota_per_sponsor: int | None
    quota_rule: str
    must_live_in_sponsor_village: bool
    poverty_rule: str
    categories: tuple[str, ...] = ("BPU",)
    min_age: int | None = 18
    max_age: int | None = 65
    months: int = 12
    start_month: int = 1
    income_basis: int = 1_000_000
    includes_jht: bool = False


SCHEMES = {
    scheme.key: scheme
    for scheme in [
        Scheme(
            key="desa_100",
            name=_("1 Desa Melindungi 100 Pekerja Rentan %(year)s"),
            description=_(
                "Each village pays, from its village budget (APBDes), one year of JKK and JKM "
                "for at least 100 vulnerable residents agreed in the village meeting."
            ),
            sponsor_kinds=("DESA",),
            quota_per_sponsor=100,
            quota_rule="at_least",
            must_live_in_sponsor_village=True,
            poverty_rule="preferred",
        ),
        Scheme(
            key="asn_peduli",
            name=_("ASN Peduli Pekerja Rentan %(year)s"),
            description=_(
                "Every civil servant protects at least one vulnerable worker of their household "
                "(ART, driver, gardener); the contribution is deducted monthly from their TPP."
            ),
            sponsor_kinds=("ASN",),
            quota_per_sponsor=1,
            quota_rule="at_least",
            must_live_in_sponsor_village=False,
            poverty_rule="none",
        ),
        Scheme(
            key="mitra_instansi",
            name=_("Mitra Kerja Instansi %(year)s"),
            description=_(
                "Every agency protects its non-ASN workers and partners (kader posyandu, "
                "honorer, RT/RW) from the regional budget (APBD)."
            ),
            sponsor_kinds=("OPD",),
            quota_per_sponsor=None,
            quota_rule="at_least",
            must_live_in_sponsor_village=False,
            poverty_rule="none",
        ),
    ]
}

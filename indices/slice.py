"""What the indices slice brings: reform indices (PAR Index, SIPAS, PAPI, PCI), their
frameworks, results, lead agencies, remediation and analysis. Depends on plans
(remedial tasks are plan activities)."""

from core.roles import ALL, OFFICE
from core.slices import Slice

SLICE = Slice(
    name="indices",
    migrations="indices.store",
    strings="indices.strings",
    nav="indices.nav",
    demo="indices.demo",
    cli="indices.__main__",
    permissions={
        "indices.view": ALL,
        "indices.edit": OFFICE,
    },
)

"""Import every model so the metadata (and Alembic's autogenerate) knows every table. Only
the tables: the hooks that write on every flush are registered by create_app
(fieldapp.register_write_hooks)."""
import fieldapp.plans.models  # noqa: F401  (desk contacts, sessions, indicators, targets, help points, organisations)
from fieldapp.accounts.models import Device, User, VillageAssignment  # noqa: F401
from fieldapp.core.audit import AuditEntry  # noqa: F401
from fieldapp.dashboard.models import VillageDay, VillageDueDay, VillageStats, VolunteerDay  # noqa: F401
from fieldapp.households.models import Household, Member, Visit, VisitBarrier, VisitTopic  # noqa: F401
from fieldapp.office.models import ImportUpload  # noqa: F401
from fieldapp.places.models import Campaign, Commune, ConsentNotice, Village  # noqa: F401
from fieldapp.sync.models import AppliedOp, Conflict  # noqa: F401

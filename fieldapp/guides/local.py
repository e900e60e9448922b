"""What a card says that depends on where it is read: the province's own public-service portal.

A step's text may hold the placeholder `{portal}` (the only one, content.py refuses others). It
reads as the portal of the commune's province, its name and address ("Cổng Dịch vụ công tỉnh X
(dichvucong.x.gov.vn)"), or, when the commune or its province is not known, as the generic
"Cổng dịch vụ công của tỉnh", without an address: never a guessed one.
"""
from dataclasses import dataclass

PORTAL = "{portal}"
PLACEHOLDERS = (PORTAL,)
GENERIC_PORTAL = "Cổng dịch vụ công của tỉnh"


@dataclass(frozen=True)
class Portal:
    name: str
    url: str | None = None

    def __str__(self):
        return f"{self.name} ({self.url})" if self.url else self.name


def province_portal(commune):
    """The public-service portal of the commune's province (set with create-province or
    set-province-portal), or None when there is none to name: no commune, no province, or a
    province whose portal has no name."""
    province = commune.province if commune is not None else None
    if province is None or not province.portal_name:
        return None
    return Portal(province.portal_name, province.portal_url)


def fill(text, portal):
    """A step's text as read: `{portal}` replaced by the portal, or the generic words."""
    return text.replace(PORTAL, str(portal) if portal else GENERIC_PORTAL)

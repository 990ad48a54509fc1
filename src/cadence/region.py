"""Where a lead is: ISO 3166 region codes such as ``"US"``, ``"US-FL"`` or ``"CA-ON"``.

A region is a country (ISO 3166-1 alpha-2, two letters) or one of its subdivisions (ISO
3166-2: the country, a hyphen, and one to three letters or digits). The subdivisions of the
United States and of Canada are known here by name, because calling laws and area codes
are kept for them; another country's subdivision is accepted by its shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from cadence import _convert as cv
from cadence.errors import InvalidTypeError, InvalidValueError, Place

__all__ = [
    "SUBDIVISIONS",
    "check_region",
    "country_of",
    "optional_region",
    "region_name",
    "subdivision_of",
    "to_region",
]

SUBDIVISIONS: Final[Mapping[str, Mapping[str, str]]] = {
    "US": {
        "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
        "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
        "DC": "the District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
        "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
        "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
        "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
        "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
        "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
        "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
        "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
        "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
        "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
        "WI": "Wisconsin", "WY": "Wyoming", "AS": "American Samoa", "GU": "Guam",
        "MP": "the Northern Mariana Islands", "PR": "Puerto Rico",
        "UM": "the United States Minor Outlying Islands", "VI": "the U.S. Virgin Islands",
    },
    "CA": {
        "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
        "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "the Northwest Territories",
        "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
        "SK": "Saskatchewan", "YT": "Yukon",
    },
}  # fmt: skip
"""The subdivisions of the countries whose calling laws and area codes the library keeps,
by code, with their names."""

_COUNTRY_NAMES: Final[Mapping[str, str]] = {"US": "the United States", "CA": "Canada"}

_SHAPE: Final = re.compile(r"([A-Z]{2})(?:-([A-Z0-9]{1,3}))?")
_EXAMPLE: Final = "an ISO 3166 region such as 'US', 'US-FL' or 'CA-ON'"


def to_region(value: object) -> str:
    """``value`` as a region code in its normal form: upper case, a hyphen before the part.

    ``"us-fl"``, ``" US_FL "`` and ``"US-FL"`` are all ``"US-FL"``.

    Raises:
        InvalidTypeError: for anything but text.
        InvalidValueError: for text that is not a region code, or a subdivision of the
            United States or Canada that does not exist.
    """
    if not isinstance(value, str):
        raise InvalidTypeError.at(None, expected=_EXAMPLE, got=repr(value))
    text = value.strip().upper().replace("_", "-")
    found = _SHAPE.fullmatch(text)
    if found is None:
        raise InvalidValueError.at(None, expected=_EXAMPLE, got=repr(value))
    country, part = found.groups()
    known = SUBDIVISIONS.get(country)
    if part is not None and known is not None and part not in known:
        examples = ", ".join(f"'{country}-{code}'" for code in list(known)[:3])
        raise InvalidValueError.at(
            None, expected=f"a subdivision of {country} such as {examples}", got=repr(value)
        )
    return text


def country_of(region: str) -> str:
    """The country of a region in normal form: ``"US"`` for ``"US-FL"``."""
    return region.partition("-")[0]


def subdivision_of(region: str) -> str | None:
    """The subdivision's own code of a region in normal form (``"FL"``), or None."""
    return region.partition("-")[2] or None


def region_name(region: str) -> str:
    """A region's name in prose: ``"Florida"``, ``"Canada"``, else the code itself."""
    country, _, part = region.partition("-")
    if part:
        return SUBDIVISIONS.get(country, {}).get(part, region)
    return _COUNTRY_NAMES.get(country, region)


def optional_region(value: object) -> str | None:
    """A converter: ``value`` in normal form, None as None, anything bad left to the validator."""
    return None if value is None else cv.lenient(to_region, value)


def check_region(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A validator: None or a region code, naming the field otherwise."""
    if value is None:
        return
    try:
        to_region(value)
    except (InvalidValueError, InvalidTypeError) as error:
        raise error.inside(Place.of(instance, attribute)) from None

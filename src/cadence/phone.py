"""Leads from phone numbers: the zones and the region a number says a lead is in.

Needs the ``phone`` extra (``pip install "cadence-rules[phone]"``), the ``phonenumbers``
package, imported only when one of these functions is called. A number's zones come from
libphonenumber's data, down to the exchange for North American numbers; a number whose
prefix spans a zone line (an area code across it, a toll-free or a mobile number) gives
every zone it may be in, and a lead built from it gets them as
:attr:`~cadence.Lead.possible_timezones`, so that every limit of local time holds in each.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cadence.area_codes import region_of_area_code
from cadence.errors import InvalidTypeError, InvalidValueError, MissingExtraError
from cadence.lead import Lead
from cadence.region import to_region

__all__ = ["lead", "region", "timezones"]

_EXAMPLE = "a phone number in international form, such as '+1 305 555 0100'"
# What libphonenumber says when it knows no zone for a number.
_UNKNOWN = "Etc/Unknown"


def _extra() -> Any:
    """The ``phonenumbers`` package, with its zone data."""
    try:
        import phonenumbers  # noqa: PLC0415 - the phone extra, only when used
        import phonenumbers.timezone  # noqa: PLC0415
    except ImportError:
        raise MissingExtraError(
            "leads from phone numbers need the phonenumbers package: "
            'pip install "cadence-rules[phone]"'
        ) from None
    return phonenumbers


def _parsed(number: object, default_region: str | None) -> Any:
    phonenumbers = _extra()
    if not isinstance(number, str):
        raise InvalidTypeError.at("number", expected=_EXAMPLE, got=repr(number))
    try:
        parsed = phonenumbers.parse(number, default_region)
    except phonenumbers.NumberParseException:
        raise InvalidValueError.at("number", expected=_EXAMPLE, got=repr(number)) from None
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidValueError.at(
            "number",
            expected=f"{_EXAMPLE} with as many digits as its country uses",
            got=repr(number),
        )
    return parsed


def timezones(number: str, *, default_region: str | None = None) -> tuple[str, ...]:
    """The IANA time zones the lead with phone ``number`` may be in.

    ``timezones("+1 305 555 0100")`` is ``("America/New_York",)``; a number whose prefix
    spans a zone line gives each zone, in alphabetical order.

    Args:
        number: The phone number, in international form (``"+1 ..."``), or in the national
            form of ``default_region``.
        default_region: The country of a number written without its country code, such as
            ``"US"``.

    Raises:
        MissingExtraError: without the ``phone`` extra.
        InvalidValueError: for text that is not a phone number, or a number of which no
            zone is known.
    """
    parsed = _parsed(number, default_region)
    zones_of = _extra().timezone.time_zones_for_number
    found = tuple(name for name in zones_of(parsed) if name != _UNKNOWN)
    if not found:
        raise InvalidValueError.at(
            "number",
            expected="a number whose time zone is known; give the lead's timezone yourself",
            got=repr(number),
        )
    return found


def region(number: str, *, default_region: str | None = None) -> str | None:
    """Where the lead with phone ``number`` is, as a region code, or None if unknown.

    A North American number's area code gives its state or province (``"+1 305 ..."`` is
    ``"US-FL"``, from :data:`cadence.area_codes.AREA_CODES`); another number gives its
    country (``"+44 ..."`` is ``"GB"``), as does a North American one whose area code is
    not a state's (toll-free numbers are ``"US"``).

    Raises:
        MissingExtraError: without the ``phone`` extra.
        InvalidValueError: for text that is not a phone number.
    """
    parsed = _parsed(number, default_region)
    if parsed.country_code == 1:
        found = region_of_area_code(str(parsed.national_number)[:3])
        if found is not None:
            return found
    country = _extra().region_code_for_number(parsed)
    if country is None or not country.isalpha():  # "001": a number of no country
        return None
    return to_region(country)


def lead(
    number: str,
    *,
    created_at: datetime,
    default_region: str | None = None,
    **fields: Any,
) -> Lead:
    """A lead whose time zone, possible zones and region come from phone ``number``.

    ``lead("+1 305 555 0100", created_at=now)`` is a lead in ``"America/New_York"`` and
    ``"US-FL"``. A number that may be in several zones gives the lead all of them as
    :attr:`~cadence.Lead.possible_timezones`, and the first as its ``timezone`` unless
    ``timezone`` is given (it must be one of them).

    Args:
        number: The phone number, as for :func:`timezones`.
        created_at: When the person became a lead.
        default_region: The country of a number written without its country code.
        **fields: Any other field of :class:`~cadence.Lead` (``channels``, ``id``...);
            ``timezone``, ``region`` and ``possible_timezones`` given here win over the
            number's (the CRM may know better, from an address).

    Raises:
        MissingExtraError: without the ``phone`` extra.
        InvalidValueError: for text that is not a phone number, or one of which no zone is
            known (give ``timezone`` then, and build the :class:`~cadence.Lead` yourself).
    """
    zones = timezones(number, default_region=default_region)
    timezone = fields.pop("timezone", None) or zones[0]
    if "region" not in fields:
        fields["region"] = region(number, default_region=default_region)
    # A zone given that the number does not allow is refused by the lead, which names both.
    possible = zones if len(zones) > 1 or timezone != zones[0] else None
    fields.setdefault("possible_timezones", possible)
    return Lead(timezone, created_at, **fields)

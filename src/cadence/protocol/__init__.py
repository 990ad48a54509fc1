"""The rule protocol: the five kinds of rule, by the one call each answers, and their algebra.

- a rhythm (:class:`Rhythm`): ``rhythm(index, state)``, when round ``index`` is due;
- a channel rule (:class:`ChannelRule`): ``channel_rule(state)``, the channels of the next
  round, best first;
- a reaction (:class:`Reaction`): ``reaction(state)``, the touches it wants now;
- a limit (:class:`Limit`): ``limit(candidate, state)``, the earliest version of a touch it
  allows;
- a stop rule (:class:`StopRule`): ``stop(state)``, whether the cadence is over.

Every rule also says what it is in words (:meth:`Rule.describe`). Rules of one kind combine
into one (:class:`Combination`): ``a + b`` for rhythms (:class:`Chain`), ``a | b`` and
``a & b`` for limits and stop rules. The engine knows rules only through this package.
"""

from cadence.protocol.channel import ChannelRule
from cadence.protocol.combination import Combination, Rule, flatten
from cadence.protocol.limit import AllLimits, AnyLimit, Limit, Settled, changes, settle
from cadence.protocol.reaction import Reaction
from cadence.protocol.rhythm import Chain, Rhythm, Slot
from cadence.protocol.stop import AllStop, AnyStop, StopRule, fired

__all__ = [
    "AllLimits",
    "AllStop",
    "AnyLimit",
    "AnyStop",
    "Chain",
    "ChannelRule",
    "Combination",
    "Limit",
    "Reaction",
    "Rhythm",
    "Rule",
    "Settled",
    "Slot",
    "StopRule",
    "changes",
    "fired",
    "flatten",
    "settle",
]

"""Stage 2 — declutter: remove what is not the article before the scorer sees the page.

Each rule is a small function ``rule(root) -> Iterable[element]`` that *names* nodes to remove;
it never mutates the tree. :func:`declutter` runs the rules in order, removes what they name and
records a :class:`Removal` for each node, so ``readmode extract --explain`` can say which rule
removed what. Removing clutter first has two effects: the readability scorer cannot pick a
newsletter box or a "More news" rail as the article, and it walks a smaller tree.

The safety valve: a node that holds a large share of the page's paragraph text, or that holds
the densest paragraph block (the likely article body) and a fair share of the text, is the
article whatever its class says (sites do call their content "newsletter" or "promo"); such a
node is kept and its removal is recorded as ``restored``.

All rules of one pass share a single walk over the tree (:class:`~.scan._Scan`): the elements with a
class or id, the short leaf blocks with their text, and the elements with visibility/role
attributes. ``PAGE_RULES`` run on the page before scoring; ``BODY_RULES`` (the same families
plus byline/credit/caption rules) run again inside the chosen body in stage 4, where the valve
compares against the body's own paragraph text.

The stage's modules:

- :mod:`.scan` — the one walk per pass (:class:`~.scan._Scan`) and the helpers the rules share:
  short blocks, class-token lookups, growing a card from its form or heading;
- :mod:`.prose` — how much article prose a subtree holds (:func:`paragraph_mass`,
  :func:`densest_block`): what the safety valve protects;
- :mod:`.runner` — :class:`Rule`, :func:`declutter`, the safety valve and the removal records;
- :mod:`.page_rules` — the rules of the page pass and ``PAGE_RULES``;
- :mod:`.body_rules` — the rules only the body pass adds and ``BODY_RULES``;
- :mod:`.stories` — :func:`drop_other_stories` for infinite-scroll pages;
- :mod:`.accordions` — :func:`open_accordions`, the one change made to the page before the
  rules run (an FAQ's collapsed answers are shown).
"""

from readmode.extract.declutter.accordions import open_accordions
from readmode.extract.declutter.body_rules import BODY_RULES
from readmode.extract.declutter.page_rules import PAGE_RULES
from readmode.extract.declutter.prose import densest_block, paragraph_mass
from readmode.extract.declutter.runner import Rule, declutter
from readmode.extract.declutter.stories import drop_other_stories

__all__ = [
    "BODY_RULES",
    "PAGE_RULES",
    "Rule",
    "declutter",
    "densest_block",
    "drop_other_stories",
    "open_accordions",
    "paragraph_mass",
]

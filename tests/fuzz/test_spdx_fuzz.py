# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""SPDX expressions through the licence policy (rules/licensing.Policy) and REUSE tag extraction:
a verdict (with a reason that renders in both languages), never an exception."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from open_commons.i18n import render
from open_commons.model import Message
from open_commons.rules.licensing import Policy, Verdict
from open_commons.sources import reuse_info
from open_commons.sources.tree import load_config
from tests.conftest import REPO
from tests.fuzz.conftest import fuzz_settings

POLICY = Policy.of(load_config(REPO))
IDS = ["CC-BY-SA-4.0", "CC-BY-4.0", "CC0-1.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "GPL-3.0-or-later", "MIT",
       "LAL-1.3", "etalab-2.0", "LicenseRef-PublicDomain", "LicenseRef-Proprietary", "cc-by-sa-4.0",
       "Classpath-exception-2.0", "NOASSERTION", "NONE", "CC-BY-SA-4.0+", "DocumentRef-x:LicenseRef-y"]


def expressions() -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(IDS), st.from_regex(r"[A-Za-z0-9.+:-]{1,20}", fullmatch=True))
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from([" AND ", " OR ", " WITH ", " and ", " or ", "  "]), inner).map("".join),
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"({e}"),
        ),
        max_leaves=12,
    )


def _verdict(expression: str) -> None:
    for inbound in (True, False):
        verdict = POLICY.check(expression, inbound=inbound)
        assert isinstance(verdict, Verdict)
        if not verdict.ok:
            assert isinstance(verdict.reason, Message)
            for lang in ("fr", "en"):
                assert render(verdict.reason, lang)


@fuzz_settings(1000)
@given(expressions())
@example("CC-BY-SA-4.0 WITH Classpath-exception-2.0")
@example("(" * 500 + "MIT" + ")" * 500)
def test_policy_on_generated_expressions(expression: str) -> None:
    _verdict(expression)


@fuzz_settings(700)
@given(st.text(max_size=200))
@example("")
@example("\x00")
@example("MIT AND")
@example("WITH WITH")
def test_policy_on_arbitrary_text(expression: str) -> None:
    _verdict(expression)


@fuzz_settings(300)
@given(st.lists(st.one_of(expressions(), st.text(max_size=60)), max_size=4))
def test_reuse_tags_in_arbitrary_headers(values: list[str]) -> None:
    tag = "SPDX-" "License-Identifier"
    text = "".join(f"# {tag}: {v}\n" for v in values) + "---\nbody\n"
    info = reuse_info.extract_tags(text)
    for expr in info.spdx_expressions:
        reuse_info._expr_text(expr)


def test_the_policy_still_decides() -> None:
    assert POLICY.check("CC-BY-SA-4.0", inbound=False).ok
    assert POLICY.check("CC-BY-4.0 OR CC-BY-NC-4.0", inbound=True).ok
    assert not POLICY.check("CC-BY-4.0 AND CC-BY-NC-4.0", inbound=True).ok

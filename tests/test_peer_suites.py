"""Run the peers' number suites (../shared) against parse_numbers and hold the thresholds.

The scoring code is the shared scorers' own (imported from ../shared/eval), so these tests
measure exactly what ``peer_numbers.py`` and ``peer_quantities.py`` print.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from monitor.extract.numbers import parse_numbers

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PEERS = SHARED / "peers"
EVAL = SHARED / "eval"
RECOGNIZERS = PEERS / "recognizers-text" / "Specs" / "Number" / "English"
QUANTULUM = PEERS / "quantulum3"

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def scorers():
    if not (PEERS.is_dir() and (EVAL / "peer_numbers.py").is_file()):
        pytest.skip("../shared/peers not found: the peers' suites live beside the project in CI")
    sys.path.insert(0, str(EVAL))
    try:
        import peer_numbers
        import peer_quantities
    finally:
        sys.path.remove(str(EVAL))
    return peer_numbers, peer_quantities


def _score_recognizers(pn, names: list[str]):
    total = pn.Stats("TOTAL")
    for name in names:
        cases = json.loads((RECOGNIZERS / name).read_text(encoding="utf-8-sig"))
        st = pn.Stats(name)
        mode = pn.file_mode(name)
        for case in cases:
            if pn.skip_case(case, "by-design"):
                continue
            exp, dropped = pn.expected_mentions(case)
            outcome = pn.run_parser(parse_numbers, case["Input"])
            pn.score_case(st, case["Input"], exp, dropped, outcome, mode, 0, None)
        total.add(st)
    return total


def _score_quantulum(pn, pq, name: str):
    cases = json.loads((QUANTULUM / name).read_text(encoding="utf-8"))
    st = pn.Stats(name)
    for case in cases:
        exp = pq.expected_mentions(case)
        outcome = pn.run_parser(parse_numbers, case["req"])
        pn.score_case(st, case["req"], exp, [], outcome, "full", 0, None)
    return st


def test_recognizers_number_and_range_models(scorers):
    pn, _ = scorers
    total = _score_recognizers(pn, ["NumberModel.json", "NumberRangeModel.json"])
    print(pn.final_line("numbers", total))
    assert total.crashes == 0
    assert total.value_acc >= 0.95
    assert total.precision >= 0.93
    assert total.recall >= 0.93


def test_quantulum_quantities(scorers):
    pn, pq = scorers
    st = _score_quantulum(pn, pq, "quantities.json")
    print(pn.final_line("quantities", st))
    assert st.crashes == 0
    assert st.value_acc >= 0.90
    assert st.precision >= 0.90
    assert st.recall >= 0.90


def test_quantulum_error_inputs_do_not_raise(scorers):
    pn, _ = scorers
    inputs = json.loads((QUANTULUM / "errors.json").read_text(encoding="utf-8"))
    errors = [(s, r.error) for s in inputs for r in [pn.run_parser(parse_numbers, s)] if r.error]
    assert errors == []

"""Properties of the routing engine over the whole (finite) input space."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from triage_app.domain.routing import Router, RoutingRequest, route
from triage_app.domain.vocab import vocabularies

VOCAB = vocabularies()
CRIME_TYPES = VOCAB.crime_types.codes
LEVELS = VOCAB.command_levels.codes
MODES = VOCAB.modes_of_liability.codes
CUSTODY = ("UA", "THIRD_STATE", "NONE", None)
# (nationality, incident_country) pairs that pass V7.
PLACES = ((None, None), ("RU", "UA"), ("UA", "UA"), ("UA", None), ("SD", "SD"), (None, "PL"))
ROUTER = Router()


@st.composite
def requests(draw: st.DrawFn) -> RoutingRequest:
    level = draw(st.sampled_from(LEVELS))
    nationality, country = draw(st.sampled_from(PLACES))
    return RoutingRequest(
        crime_types=tuple(draw(st.lists(st.sampled_from(CRIME_TYPES), min_size=1, max_size=5))),
        command_level=level,
        is_legal_person=level == "CL_LP",
        custody=draw(st.sampled_from(CUSTODY)),
        nationality=nationality,
        mode_of_liability=draw(st.sampled_from(MODES)),
        incident_country=country,
        suspects_in_incident=draw(st.integers(min_value=1, max_value=4)),
    )


@settings(max_examples=400, deadline=None)
@given(requests())
def test_route_shape(req: RoutingRequest) -> None:
    result = route(req)
    assert result.forum in VOCAB.forums
    assert result.forum not in result.secondary
    assert all(f in VOCAB.forums for f in result.secondary)
    assert all(f in VOCAB.flags for f in result.flags)
    assert list(result.secondary) == sorted(set(result.secondary))
    assert list(result.flags) == sorted(set(result.flags))
    assert result.fired[0] == result.winner
    assert len(set(result.fired)) == len(result.fired)
    assert [r.id for r in result.fired_rules] == list(result.fired)
    assert [r.is_winner for r in result.fired_rules] == [True] + [False] * (len(result.fired) - 1)
    assert len(result.explanation()) == len(result.fired)


@settings(max_examples=300, deadline=None)
@given(requests())
def test_deterministic_and_cache_agrees(req: RoutingRequest) -> None:
    again = RoutingRequest.from_mapping(req.to_mapping())
    assert route(req) == route(again)
    assert ROUTER.route(req) == ROUTER.route_uncached(req) == route(req)


def test_every_charge_set_level_and_custody_routes() -> None:
    """Exhaustive over crime-type subsets x levels x custody x places: always one route."""
    subsets = [
        combo
        for size in range(1, len(CRIME_TYPES) + 1)
        for combo in itertools.combinations(CRIME_TYPES, size)
    ]
    router = Router()
    places = ((None, None), ("UA", "UA"), ("RU", "SD"))
    for charges, level, custody, (nationality, country) in itertools.product(
        subsets, LEVELS, CUSTODY, places
    ):
        req = RoutingRequest(
            charges, level, level == "CL_LP", custody, nationality, "ML_COMMAND", country, 2
        )
        result = router.route(req)
        assert result.forum in VOCAB.forums
        assert result.winner == result.fired[0]
        assert result.forum not in result.secondary

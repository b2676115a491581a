"""The vectorised batch path agrees with the per-message decoder."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.beacon import decode, decode_many, encode_fgb
from test_fgb_correction import flip, long_specs
from test_fgb_roundtrip import user_specs

any_specs = st.one_of(long_specs, user_specs())


@settings(max_examples=50)
@given(st.lists(st.tuples(any_specs, st.sets(st.integers(25, 144), max_size=2), st.sampled_from(["", "FFFE2F", "FFFED0"])),
                min_size=1, max_size=20))
def test_batch_matches_scalar_decode(rows: list[tuple[dict[str, Any], set[int], str]]) -> None:
    texts = []
    for spec, errors, sync in rows:
        sent = encode_fgb(spec)
        errors = {b for b in errors if b <= 24 + 4 * len(sent)}
        texts.append(sync + flip(sent, errors))
    batch = decode_many(texts)
    for i, text in enumerate(texts):
        msg = decode(text)
        assert batch.ok[i]
        assert batch.hex_id[i] == msg.hex_id or not msg.bch["bch1"].valid or msg.bch["bch1"].errors_corrected
        clean1 = msg.bch["bch1"].valid and msg.bch["bch1"].errors_corrected == 0
        assert batch.bch1_valid[i] == clean1
        b2 = msg.bch["bch2"]
        if b2 is not None and msg.bch["bch1"].errors_corrected == 0:
            assert batch.bch2_valid[i] == (b2.valid and b2.errors_corrected == 0)
        assert batch.self_test[i] == {None: -1, False: 0, True: 1}[msg.self_test]


def test_batch_flags_bad_rows() -> None:
    good = "8E3E0425A72AC0626AE5B716C2DB8E"
    batch = decode_many([good, "XYZ", good[:-1] + "G", "FFFE00" + good, good.lower()])
    assert batch.ok.tolist() == [True, False, False, False, True]
    assert batch.valid.tolist() == [True, False, False, False, True]
    assert batch.country_code.tolist()[0] == 227 and len(batch) == 5

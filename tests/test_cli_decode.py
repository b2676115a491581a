"""``sarsat decode`` / ``sarsat encode`` in-process: output, JSON Lines, errors, exit codes."""

from __future__ import annotations

import io
import json
import sys

import pytest

from sarsat.beacon import CONTRACT_KEYS
from sarsat.cli import main

LONG = "8E3E0425A72AC0626AE5B716C2DB8E"
SHORT = "56E6804002202009655250"


def run(argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_decode_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["decode", SHORT], capsys)
    assert status == 0 and not err
    assert "ADCD00800440401" in out and "366 United States of America" in out


def test_decode_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["decode", "--json", SHORT, LONG], capsys)
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["message_hex"] for d in lines] == [SHORT, LONG]
    assert all(set(d) == CONTRACT_KEYS for d in lines)
    assert lines[1]["bch"]["bch2"] == {"valid": True, "errors_corrected": 0, "corrected_bits": []}
    assert lines[1]["position"]["latitude_deg"] == pytest.approx(42 + 39 / 60 + 16 / 3600)


def test_decode_stdin_batch_keeps_going_after_bad_lines(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    status, out, err = run(["decode", "--json"], capsys, f"{SHORT}\nnot-hex\n\n{LONG}\n1234\n", monkeypatch)
    assert status == 2
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d.get("message_hex") for d in lines] == [SHORT, None, LONG, None]
    assert "error" in lines[1] and "error" in lines[3]
    errors = err.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("sarsat: error: ") for e in errors)
    assert "'not-hex'" in errors[0] and "4 hex digits" in errors[1]


@pytest.mark.parametrize("bad", ["ZZZ", "12", "FFFE00" + LONG])
def test_decode_bad_argument_exit_2(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["decode", bad], capsys)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("sarsat: error: ")


def test_unknown_option_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["decode", "--nope", SHORT], capsys)
    assert status == 2 and "--nope" in err


def test_decode_then_encode_round_trip(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(["decode", "--json", LONG, SHORT], capsys)
    status, again, _ = run(["encode"], capsys, out, monkeypatch)
    assert status == 0
    assert again.split() == [LONG, SHORT]


def test_encode_with_sync_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    spec = {"family": "standard-location", "code": "0011", "country_code": 227,
            "identity": {"aircraft_address": "39C6B2"}, "position": {"latitude_deg": 48.1, "longitude_deg": -4.5}}
    status, out, _ = run(["encode", "--self-test", json.dumps(spec)], capsys)
    assert status == 0 and out.startswith("FFFED08E3339C6B2") and len(out.strip()) == 36
    status, out, err = run(["encode", "{not json", json.dumps({**spec, "family": "nope"})], capsys)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 2


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--help"], capsys)
    assert status == 0 and "decode" in out


SGB_APP_B = "0039823D32618658622811F0000000000003FFF004030680258"  # T.018 App. B information bits


def test_decode_recognises_second_generation(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["decode", "--json", SGB_APP_B, SHORT], capsys)
    assert status == 0
    sgb, fgb = (json.loads(line) for line in out.splitlines())
    assert sgb["generation"] == "second" and sgb["hex_id"] == "9934039823D000000000000"
    assert set(sgb["bch"]) == {"bch"} and sgb["identity"]["tac"] == 230
    assert fgb["generation"] == "first"


def test_sgb_decode_then_encode(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(["decode", "--json", SGB_APP_B], capsys)
    status, codeword, _ = run(["encode"], capsys, out, monkeypatch)
    assert status == 0 and len(codeword.strip()) == 63
    _, again, _ = run(["decode", "--json", codeword.strip()], capsys)
    assert json.loads(again)["message_hex"] == SGB_APP_B

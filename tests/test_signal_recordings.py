"""Real recordings in ../shared/recordings: every burst listed in the SOURCE.md files decodes.

Expected frames are the SOURCE.md tables (bit 1 onward, after BCH correction). Skipped when
../shared is absent. Bursts beyond the list are allowed (weak ones the throw-away decoder of
SOURCE.md missed) but must be BCH-1 valid.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sarsat.signal.burst import Burst
from sarsat.signal.io import open_samples
from sarsat.signal.receiver import receive

OPS = "TomMladenov_opssat-sar"
MOR = "moricef_Decode_sarsat_406_v1g_v2g"
COM = "Comski8_sarsat-gui"
RELAY = "1645386152.07_raw_ulf406025000_dlf1544185000_gain65_inputsr1500000_outputsr37500_{}.cf32"
RELAY2 = "1645389029.12_raw_ulf406025000_dlf1544185000_gain65_inputsr1500000_outputsr37500_{}.cf32"
ORBIT = "sdr_iq_20210615_{}_405900000_1500000_15_66_37500sps.cf32"

IQ_CASES = [
    # in-orbit captures (OPS-SAT, LEO Doppler)
    (ORBIT.format("004222"), ["FFFE2F5011A5FC5399AE857D5D80"]),
    (ORBIT.format("013747"), ["FFFE2F4E3FF6155669AC86E79580"]),
    (ORBIT.format("013918"), ["FFFE2F4E3FF6155669AC86E79580"]),
    (ORBIT.format("021308"), ["FFFE2F5011A5FC5399AE857D5D80"]),
    (ORBIT.format("021439"), ["FFFE2F5011A5FC5399AE857D5D80"]),
    (ORBIT.format("021517"), ["FFFE2FD0215F14B1878C81A4204E5A2ECAF0"]),
    (ORBIT.format("021715"), ["FFFE2F4DB10CBE5381A802EECCC0"]),
    (ORBIT.format("031246"), ["FFFE2F4E3FF6155669AC86E79580"]),
    (ORBIT.format("043251"), ["FFFE2F56E1C4DC550DCE801D130F"]),
    (ORBIT.format("091950"), ["FFFE2F56E1C4DC550DCE801D130F"]),
    (ORBIT.format("092422"), ["FFFED0D6E1347C7069C186A0C78000000000"]),
    # relayed "dlf1544" set: the segments SOURCE.md lists as decodable
    (RELAY.format("0001"), ["FFFE2FCD115F14B187808685C44E5A5EC899"]),
    (RELAY.format("0002"), ["FFFE2F5011A5FC5399AE857D5D80", "FFFE2F99C26E0CA07FDFFE677BB783E0F66C"]),
    (RELAY.format("0003"), ["FFFE2F99D23534007FDFFF480AB783E0F66C"]),
    (RELAY.format("0005"), ["FFFED0CE31A7155A849207E5B34E5A1EC5B3"]),
    (RELAY.format("0009"), ["FFFE2F4DB10CBE5381A802EECCC0"]),
    (RELAY.format("0012"), ["FFFED056E68145F160A00A35DBD0"]),
    (RELAY.format("0016"), ["FFFED0A59E34D34D9A03843A857682F6E103", "FFFE2F61A469AC98506689F62390"]),
    (RELAY2.format("0074"), ["FFFE2F4E8FE7D3D586CC81536140"]),
    (RELAY2.format("0075"), ["FFFE2FD9C453882A1B268DC66662586ECBE8", "FFFE2F5011A5FC5399AE857D5D80"]),
]
# the relayed segments SOURCE.md lists with nothing valid: no assertion on content, only validity
IQ_OTHERS = [RELAY.format(f"{i:04d}") for i in (0, 4, 6, 7, 8, 10, 11, 13, 14, 15)] + [
    RELAY2.format("0073"), RELAY2.format("0076")]

# WAV discriminator audio; short frames: bits 107-112 are unprotected, so only the first 106
# bits are compared ("..." marks the cut, as SOURCE.md gives them)
WAV_CASES = [
    (MOR, "406discri_N42_39_16_E2_57_8.wav", ["FFFE2F8E3E0425A72AC0626AE5B716C2DB8E"]),
    (MOR, "ExerciceADRASEC02_30_11_2014.wav", ["FFFE2F8E3E0425A8318074FE44B735CD7B46"]),
    (MOR, "lanester_N47_45_44_W3_18_16.wav", ["FFFED08E3F33EBCBEF034F439A7709380E08"]),
    (MOR, "trame_257_NAT_Loc_N43_31_56_E1_25_52.wav", ["FFFED0901A0A804AE001769AC9B4028AA140"]),
    (MOR, "trame_257_STANDARD_LocN43_43_56_E0_58_52.wav", ["FFFED090127B92922BC02B4968F50450220B"]),
    (MOR, "trame_477_USER_LocN43_32_E01_28.wav", ["FFFED0DDD6AF7252000C8C236CA570017151"]),
    (COM, "GIEK_trame_position.wav", ["FFFED08E372D02292FE0775E9C778103D3AF"]),
    (COM, "auray_476834_29968.WAV", ["FFFED08E3F33EBDFC0FF039F6B379F3C0010",
                                     "FFFED08E3F33EBCBEB030623F937200C0C3F"]),
    (COM, "landevant_477570_31328.WAV", ["FFFED08E3F33EBDFC0FF039F6B379F3C0010",
                                         "FFFED08E3F33EBCBEF032429BF7712040D68"]),
    (COM, "avion_espagnol_150709.wav", ["FFFE2F4E06E68422800B6CB4BF...00"]),
    (COM, "epirb406_XS_test.wav", ["FFFED04E34E1869A69A6033D58...11"]),
    (COM, "exercice406MHz6inv.wav", ["FFFED04E3469ACB8E1A68DCDCD...10"]),
    (COM, "exercice406MHz_ampli.wav", ["FFFED04E3469ACB8E1A68DCDCD...10"]),
    (COM, "exercice406MHz_ampli_sat.wav", ["FFFED04E3469ACB8E1A68DCDCD...10"]),
    (COM, "patrice_platelle_test406_1.wav", ["FFFE2F8E2E3258697FDFFD1F79F783E0F66C"]),
    (COM, "patrice_platelle_test406_2.wav", ["FFFE2F8E2E3258697FDFFD1F79F783E0F66C"]),
    (COM, "son_sur_entree_micro_VX2_13-10-10.wav", ["FFFE2FCE96E8014A4162A87BF8F44E8A7318"] * 16),
]


def _bits(expected: str) -> str:
    """Expected frame as a bit string (a "HEX...BB" form gives hex digits then extra bits)."""
    hx, _, extra = expected.partition("...")
    return format(int(hx, 16), f"0{4 * len(hx)}b") + extra


def _corrected(b: Burst) -> str:
    """The burst's frame after BCH correction, as a bit string from bit 1."""
    hx = ("FFFED0" if b.sync == "self_test" else "FFFE2F") + b.message.message_hex
    return format(int(hx, 16), f"0{4 * len(hx)}b")


def _bursts(path: Path, **kw: object) -> list[Burst]:
    with open_samples(path, **kw) as r:  # type: ignore[arg-type]
        return list(receive(r.chunks(1 << 16), r.info.kind, r.info.sample_rate_hz))


def _check(bursts: list[Burst], expected: list[str]) -> None:
    assert all(b.message is not None and b.message.bch["bch1"].valid for b in bursts)
    got = [_corrected(b) for b in bursts]
    for e in expected:
        want = _bits(e)
        match = [g for g in got if g.startswith(want)]
        assert match, f"{e} not among {[b.bits_hex for b in bursts]}"
        got.remove(match[0])


@pytest.mark.parametrize(("name", "expected"), IQ_CASES, ids=[c[0][-30:] for c in IQ_CASES])
def test_opssat_iq(shared_dir: Path, name: str, expected: list[str]) -> None:
    bursts = _bursts(shared_dir / "recordings" / OPS / name, format="cf32", sample_rate_hz=37_500.0)
    _check(bursts, expected)
    for b in bursts:  # the SOURCE.md carrier estimates lie within 406.011-406.040 MHz
        assert -15_000 < b.frequency_hz < 15_000
        assert 25.0 < b.cn0_dbhz < 65.0
        assert 396.0 < b.bit_rate_bps < 404.0  # T.001 §2.2.4: 400 bit/s ±1 %


@pytest.mark.parametrize("name", IQ_OTHERS, ids=[n[-9:] for n in IQ_OTHERS])
def test_opssat_weak_segments_give_only_valid_frames(shared_dir: Path, name: str) -> None:
    bursts = _bursts(shared_dir / "recordings" / OPS / name, format="cf32", sample_rate_hz=37_500.0)
    assert all(b.message.valid or b.message.bch["bch1"].valid for b in bursts)
    assert all(b.message.country is not None for b in bursts)


@pytest.mark.parametrize(("folder", "name", "expected"), WAV_CASES, ids=[c[1] for c in WAV_CASES])
def test_discriminator_wav(shared_dir: Path, folder: str, name: str, expected: list[str]) -> None:
    bursts = _bursts(shared_dir / "recordings" / folder / name)
    assert len(bursts) == len(expected)
    _check(bursts, expected)
    assert all(b.frequency_hz is None and b.source == "audio" for b in bursts)


def test_opssat_toa_and_foa_of_a_known_burst(shared_dir: Path) -> None:
    (b,) = _bursts(shared_dir / "recordings" / OPS / ORBIT.format("092422"), format="cf32",
                   sample_rate_hz=37_500.0)
    # SOURCE.md: carrier ~406.0293 MHz, file centred on 406.025 MHz
    assert b.frequency_hz == pytest.approx(4293.0, abs=100.0)
    assert b.sync == "self_test" and b.message.self_test is True

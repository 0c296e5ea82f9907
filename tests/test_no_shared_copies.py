"""No repository file holds more than a sentence of a ../shared file (real pages, evaluation data)."""

from __future__ import annotations

from pathlib import Path

from tests.shared_copies import SENTENCE_TOKENS, SharedIndex, find_copies, tokens

PAGE = """<html><head><title>Update</title></head><body><span id="pressrelease">
The Hospital Authority said today that twelve patients had been admitted to public hospitals, that all
of them were in stable condition, and that the isolation wards of three hospitals were being enlarged.<br/>
其餘病人情況穩定，醫院管理局會繼續密切監察各醫院的隔離病房使用情況，並適時向公眾公布最新資料。</span></body></html>
"""


def test_repository_holds_no_copy_of_a_shared_file(shared_root: Path) -> None:
    copies = find_copies(shared_root)
    assert not copies, (
        f"{len(copies)} runs of ≥{SENTENCE_TOKENS} tokens copied from ../shared (keep only short spans; "
        "read the pages from ../shared instead; list them with `python -m tests.shared_copies`):\n"
        + "\n".join(f"{c.repo_file}: {c.tokens} tokens from {c.shared_file}: {c.excerpt}" for c in copies[:20]))


def _index(tmp_path: Path) -> SharedIndex:
    shared = tmp_path / "shared" / "samples" / "page.htm"
    shared.parent.mkdir(parents=True)
    shared.write_text(PAGE, "utf-8")
    return SharedIndex([shared])


def test_a_copy_is_found_whatever_its_markup_spacing_or_script(tmp_path: Path) -> None:
    index = _index(tmp_path)
    # Re-wrapped, markup gone, inside a JSON string with escapes, the Chinese in Simplified.
    copied = tmp_path / "gold.json"
    copied.write_text('{"text": "said today that twelve patients had been admitted to public hospitals,\\nthat all '
                      'of them were in stable condition, and that the isolation wards of three hospitals were being '
                      'enlarged (https://www.info.gov.hk/)", '
                      '"zh": "\\u5176\\u4f59病人情况稳定，医院管理局会继续密切监察各医院的隔离病房使用情况"}', "utf-8")
    found = index.copies_in(copied, "gold.json")
    assert [copy.tokens for copy in found] == [30, 32]  # a sentence each; the address is not text
    assert found[0].excerpt.startswith("said today that twelve patients")


def test_short_spans_and_own_text_pass(tmp_path: Path) -> None:
    index = _index(tmp_path)
    label = tmp_path / "label.yaml"
    # Names, a title and a clause are what labels keep: each far shorter than a sentence.
    label.write_text("orgs: [醫院管理局, Hospital Authority]\nspan: twelve patients had been admitted\n"
                     "text: 醫院管理局今日表示，新落成的大樓將於下月啟用，提供三百張病床。\n", "utf-8")
    assert index.copies_in(label, "label.yaml") == []


def test_tokens_fold_script_width_and_case() -> None:
    assert tokens("醫院ＡＢＣ Hospital-Authority 2020年") == ["医", "院", "abc", "hospital", "authority", "2020", "年"]

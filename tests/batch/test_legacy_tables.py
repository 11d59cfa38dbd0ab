"""Tables in the formats people have: .xls, .et (Kingsoft WPS) and .ods, made by LibreOffice in the test run,
give the same documents as the CSV they were made from."""

from __future__ import annotations

import pytest

from speechkit import soffice
from speechkit.batch.tables import open_table
from speechkit.docx_io import read_docx
from speechkit.errors import TableError
from tests.batch.test_batch import GOOD, HEADER, OUTLINE, run
from tests.legacy import convert, needs_soffice


@needs_soffice
@pytest.mark.parametrize("suffix", ["xls", "et", "ods"])
def test_legacy_table_gives_the_csv_documents(tmp_path, write, suffix):
    outline = write("speech.yaml", OUTLINE)
    csv = write("t.csv", HEADER + "".join(GOOD))
    sheet = convert(csv, suffix, tmp_path / "made")
    rows = list(open_table(sheet).rows())
    assert [r.number for r in rows] == [2, 3, 4]
    for source, out in ((csv, tmp_path / "from-csv"), (sheet, tmp_path / "from-sheet")):
        result = run("batch", outline, source, "-o", out)
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "from-csv").iterdir() if p.suffix == ".docx")
    assert names == ["东城区.docx", "南城区.docx", "西城区.docx"]
    for name in names:
        texts = [[b.text for b in read_docx(folder / name).blocks] for folder in
                 (tmp_path / "from-csv", tmp_path / "from-sheet")]
        assert texts[0] == texts[1]
    assert sheet.read_bytes() == (tmp_path / "made" / f"t.{suffix}").read_bytes()  # only read


def test_missing_soffice_names_the_table(tmp_path, monkeypatch, write):
    outline = write("speech.yaml", OUTLINE)
    sheet = tmp_path / "名单.et"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    monkeypatch.setattr(soffice, "find_soffice", lambda: None)
    with pytest.raises(TableError, match="未找到 soffice"):
        open_table(sheet)
    result = run("batch", outline, sheet, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == (f"speechkit: 错误：{sheet}: 读取.et文件需要 LibreOffice，但未找到 soffice"
                             "（请安装 LibreOffice，或设置 SPEECHKIT_SOFFICE，或先另存为 .xlsx）\n")
    assert not (tmp_path / "out").exists()


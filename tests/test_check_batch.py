"""Results of isolated checks carry what consolidation needs and not what only the rules read."""

from __future__ import annotations

from datetime import date

from thidua_xl.campaign import load_campaign
from thidua_xl.check.batch import check_paths
from thidua_xl.check.file import check_file

from .unitfiles import UNIT, clean_info, person, write_unit


def test_worker_results_drop_raw_rows_but_keep_typed_values_and_where_columns_are(tmp_path):
    campaign = load_campaign()
    path = tmp_path / "cntt.xlsx"
    write_unit(campaign, path, clean_info(campaign), [person(campaign, birth_year=None)])
    whole = check_file(path, campaign)
    [slim] = check_paths([path], campaign)
    sub = slim.submission
    assert (len(sub.rows), sub.info, sub.formula_cells) == (1, {}, {})
    assert sub.rows[0].columns == whole.submission.rows[0].columns
    assert sub.info_cells == whole.submission.info_cells
    assert whole.submission.rows and whole.submission.info_cells
    assert slim.findings == whole.findings and [f.code for f in slim.findings] == ["missing-value"]
    assert slim.nominees == whole.nominees
    assert (slim.unit_name, slim.letter_no, slim.letter_date) == (UNIT, "15/TTr-CNTT",
                                                                  date(2021, 5, 20))
    assert sub.modified == whole.submission.modified > 0

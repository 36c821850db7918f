"""Refusals from the library read in Chinese in Chromium: a typed formula and an uploaded CSV file."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_app, screenshot, wait_idle
from tests.e2e.test_custom import FORMULA_INPUT, _open, _type_formula
from tests.e2e.test_training_pages import choose


def test_a_refused_formula_is_explained_in_chinese(page, app_url):
    _open(page, f"{app_url}/your-own?lang=zh")
    _type_formula(page, "x^2 + sigmod(x)")
    alert = page.locator("[data-testid='stAlert']").first
    text = alert.inner_text()
    assert "无法使用这个公式：不允许使用字符 ^（第 2 列）；乘方请用 **" in text, text  # `^` is a code span
    assert "x^2 + sigmod(x)\n ^" in page.locator("[data-testid='stCode']").first.inner_text()
    _type_formula(page, "sigmod(x)")
    text = page.locator("[data-testid='stAlert']").first.inner_text()
    assert "未知的名字" in text and "你是不是想写" in text and "sigmoid" in text, text
    expect(page.locator(FORMULA_INPUT)).to_have_count(1)
    assert_no_exception(page)
    screenshot(page, "zh-custom-refused")


def test_a_bad_csv_file_is_explained_in_chinese(page, app_url, tmp_path):
    open_app(page, app_url + "/?lang=zh")
    page.get_by_role("link", name="训练实验室").click()
    page.locator("h1", has_text="训练实验室").wait_for()
    wait_idle(page, timeout=60_000)
    choose(page, "数据集", "上传 CSV 文件…")
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n" + "1,2,0\n" * 5 + "1,oops,1\n" * 5)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(bad))
    message = page.get_by_text("无法使用这个文件：第 6 行第 2 列：'oops' 不是数字")
    message.wait_for()
    wait_idle(page)
    assert page.get_by_role("button", name="训练", exact=True).is_disabled()
    assert page.get_by_text("侧边栏中选定的数据可以使用后，才能开始训练。").is_visible()  # why it is disabled
    assert_no_exception(page)
    message.scroll_into_view_if_needed()  # it sits under the uploader, in the sidebar
    screenshot(page, "zh-training-bad-csv")

"""The disclose dialog in Welsh over a real encrypted station: switched while open, every label,
choice and message is Welsh (the document itself keeps its own language), the services' refusals
come in Welsh too, the mnemonics do not clash, and it switches back in place."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from screening.domain.enums import Recipient
from screening.domain.models import Screening
from screening.ui.context import AppContext
from screening.ui.i18n import set_language
from screening.ui.theme import ThemeController
from tests.ui.flow.conftest import theme
from tests.ui.flow.test_welsh_interface import mnemonic_clashes
from tests.ui.test_disclose import WAIT, _choose, _open, _refresh, bench, cheap_kdf, context, custody
from tests.ui.welsh import english_left

__all__ = ["bench", "cheap_kdf", "context", "custody", "theme"]  # the fixtures this module uses


def test_the_disclose_dialog_in_welsh(qtbot: QtBot, context: AppContext, custody: Screening,
                                      theme: ThemeController) -> None:
    theme.set_font_scale(2.0)
    controller = _open(qtbot, context, custody)
    v = controller.view
    qtbot.waitUntil(lambda: "No consent decision" in v.consent.text(), timeout=WAIT)
    set_language("cy")
    assert v.windowTitle() == "Datgelu"
    assert v.save_button.text() == "Cadw &PDF…" and v.close_button.text() == "Cau"
    assert v.recipient.itemText(v.recipient.findData(Recipient.CPS.value)).startswith(
        "Gwasanaeth Erlyn y Goron")
    assert v.document.itemText(0) == "Crynodeb y gellir ei ddatgelu"
    assert v.consent.text() == ("Does dim penderfyniad caniatâd wedi'i gofnodi ar gyfer y "
                                "derbynnydd hwn.")
    assert english_left(v) == []
    assert mnemonic_clashes(v) == []

    _choose(controller, Recipient.CPS)
    text = _refresh(qtbot, controller)
    assert "Disclosable summary" in text  # the document is in its own language
    if v.page_number.text():
        assert v.page_number.text().startswith("Tudalen 1 o ")
    # a refusal of the dialog's own, then of the services, in Welsh
    v.purpose.setText("")
    controller.save()
    assert v.status.text() == "Dywedwch pam rydych chi'n ei ddatgelu (y diben)."
    v.purpose.setText("Penderfyniad cyhuddo")
    v.release_health.setChecked(True)
    v.second_user.setText("admin1")  # an administrator cannot sign off a disclosure
    controller.refresh_preview()
    refusal = "Dydy'r defnyddiwr hwnnw ddim yn gallu llofnodi datgeliad"
    qtbot.waitUntil(lambda: refusal in v.page_image.text() + v.status.text(), timeout=WAIT)
    assert english_left(v) == []
    # nothing cut off at 200 %: wrapped labels get the height their text needs
    def unclipped() -> bool:
        return all(label.height() >= label.heightForWidth(label.width())
                   for label in v.findChildren(QLabel)
                   if label.isVisibleTo(v) and label.wordWrap() and label.text()
                   and label.pixmap().isNull())

    qtbot.waitUntil(unclipped, timeout=WAIT)

    set_language("en")
    assert v.save_button.text() == "&Save PDF…"
    assert v.document.itemText(0) == "Disclosable summary"
    assert "That user cannot sign off a disclosure" in v.page_image.text() + v.status.text()

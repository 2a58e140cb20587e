"""The main journey of issue 2, as a consultant does it, with a restart in the middle.

Create a company (a wrong CVR number is refused, the right one accepted), prepare the
visit, answer three conversation cards, kill the app process, start it again and find
everything where it was left.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AppProcess, Ui

pytestmark = pytest.mark.e2e

ANSWERS = ["Travlt med ESG-krav fra banken", "Mangler folk til pakning", "Vil gerne høre mere om fleksjob"]


def test_prepare_answer_restart_and_find_everything(app: AppProcess, ui: Ui) -> None:
    ui.open(app.url)
    ui.see("Ingen besøg endnu")

    ui.tap("Nyt besøg")
    ui.tap("Ny virksomhed")
    ui.tap("Gem og forbered besøget")
    ui.see("Skriv virksomhedens navn.")

    ui.type("Virksomhedens navn *", "Jensens Tømrer & Snedker ApS")
    ui.type("CVR-nummer", "10150818")
    ui.tap("Gem og forbered besøget")
    ui.see("kontrolcifferet passer ikke")
    ui.see("Intet er gemt")
    ui.shot("08-company-wrong-cvr")

    ui.type("CVR-nummer", "10150817")
    ui.type("Branche", "Træ og møbler")
    ui.tap("Gem og forbered besøget")
    ui.see("Tjekliste før besøget")

    # Preparation: a checklist item, the megatrend angle, the partner, the script.
    ui.press(ui.page.get_by_role("checkbox", name="Læs virksomhedens hjemmeside"))
    ui.see("1 af 8 klaret")
    ui.tap("Grøn omstilling")
    ui.type("Partnerens navn", "Mette Sørensen")
    ui.type("Partnerens organisation", "Erhvervsrådet")
    ui.see("Trin 1 af 6")
    ui.tap("Næste trin")
    ui.see("Trin 2 af 6")

    # Conversation cards: answer three, star the third.
    ui.tap("Samtalekort")
    ui.see("Kort 1 af 8")
    for n, answer in enumerate(ANSWERS):
        ui.type(f"Virksomhedens svar · kort {n + 1} af 8", answer)
        if n < len(ANSWERS) - 1:
            ui.tap("Næste")
            ui.see(f"Kort {n + 2} af 8")
    ui.tap("Stjerne")
    ui.see("Fjern stjerne")
    ui.see("Åbning af mødet 3/8")

    # The app dies: nothing gets to clean up. Start it again, open the visit.
    app.kill()
    app.start()
    ui.open(app.url)
    ui.see("Jensens Tømrer & Snedker ApS")
    ui.see("3 samtalekort stillet")
    ui.press(ui.page.get_by_text("Jensens Tømrer & Snedker ApS").first)
    ui.see("Tjekliste før besøget")
    ui.see("1 af 8 klaret")
    assert ui.page.get_by_role("checkbox", name="Læs virksomhedens hjemmeside", checked=True).count() == 1
    assert ui.field_value("Partnerens navn") == "Mette Sørensen"
    assert ui.field_value("Partnerens organisation") == "Erhvervsrådet"

    ui.tap("Samtalekort")
    ui.see("Åbning af mødet 3/8")
    # The starred card comes first when the visit is reopened.
    ui.see("Fjern stjerne")
    assert ui.field_value("Virksomhedens svar · kort 1 af 8") == ANSWERS[2]
    ui.tap("Næste")
    assert ui.field_value("Virksomhedens svar · kort 2 af 8") == ANSWERS[0]
    ui.tap("Næste")
    assert ui.field_value("Virksomhedens svar · kort 3 af 8") == ANSWERS[1]

    ui.tap("Virksomhed")
    ui.see("Virksomhedens navn")
    assert ui.field_value("CVR-nummer") == "10150817"
    assert ui.field_value("Branche") == "Træ og møbler"

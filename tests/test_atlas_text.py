from etl.atlas_text import clean_text, match_key, name_key


def test_name_key_joins_letter_spaced_headings():
    assert name_key("B E S A N Ç O N") == "BESANCON"
    assert name_key("C O R S E") == "CORSE"


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("Côtes-d'Armor") == name_key("CÔTES-D'ARMOR") == "COTES D ARMOR"
    assert name_key("LOIRE - ATLANTIQUE") == name_key("Loire-Atlantique")
    assert name_key("Loir&Cher") == name_key("Loir-et-Cher")


def test_clean_text_removes_pdf_artefacts_and_keeps_wording():
    assert clean_text("- ◆ Mise à disposition de **2** pavillons") == "Mise à disposition de 2 pavillons"
    assert clean_text("♦ 1^{re} année = **750** €/mois") == "1re année = 750 €/mois"
    assert clean_text("◆Soutien  au MSP,") == "Soutien au MSP,"


def test_match_key_is_lowercase_without_accents():
    assert match_key("Aide À L’installation") == "aide a l'installation"

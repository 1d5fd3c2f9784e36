"""Known entities of the corpus come out with the right type and id."""

from __future__ import annotations


def mentions(tables, text):
    entities = tables["entities"]
    return entities[entities["text"] == text]


def test_kazakhstan_is_a_linked_country(tables):
    rows = mentions(tables, "Казахстан")
    assert len(rows) > 10
    assert set(rows["type"]) == {"COUNTRY"}
    assert set(rows["entity_id"]) == {"Q232"}
    assert set(rows["canonical"]) == {"Казахстан"}


def test_osce_is_an_organization(tables):
    rows = mentions(tables, "ОБСЕ")
    assert set(rows["type"]) == {"ORGANIZATION"}
    assert set(rows["entity_id"]) == {"Q81299"}


def test_astana_is_a_city(tables):
    rows = mentions(tables, "Астане")
    assert set(rows["type"]) == {"CITY"}
    assert set(rows["canonical"]) == {"Астана"}


def test_year_2010_is_a_date(tables):
    rows = mentions(tables, "2010 году")
    assert set(rows["type"]) == {"DATE"}
    assert set(rows["canonical"]) == {"2010"}


def test_security_council_is_one_mention_with_the_un_nested(tables):
    entities = tables["entities"]
    council = entities[entities["text"] == "Совета Безопасности ООН"]
    assert set(council["type"]) == {"ORGANIZATION"}
    assert council["canonical"].str.contains("Совет Безопасности").all()
    start, end = int(council.iloc[0]["start"]), int(council.iloc[0]["end"])
    inner = entities[
        (entities["doc_id"] == council.iloc[0]["doc_id"])
        & (entities["text"] == "ООН")
        & (entities["start"].astype(int) >= start)
        & (entities["end"].astype(int) <= end)
    ]
    assert set(inner["entity_id"]) == {"Q1065"}


def test_focus_country(tables):
    assert set(tables["documents"]["focus_country"]) == {"Q232"}


# -- merging, boundaries and typing, on single sentences ---------------------------


def entities(nlp, text):
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_, s._.canonical, s._.lemma) for s in doc.spans["entities"]]


def named(found, text):
    [mention] = [m for m in found if m[0] == text]
    return mention


def test_name_cut_before_a_genitive_organization_is_joined(nlp):
    found = entities(nlp, "Сотрудники Исполнительного комитета СНГ приехали в Минск.")
    joined = named(found, "Исполнительного комитета СНГ")
    assert joined[1:2] == ("ORGANIZATION",) and joined[4] == "Исполнительный комитет СНГ"
    assert named(found, "СНГ")[2] == "Q7779"  # the nested organization stays


def test_un_bodies_are_one_mention_with_the_un_nested(nlp):
    for text, outer, outer_id in [
        ("Заседание Генеральной Ассамблеи ООН прошло.", "Генеральной Ассамблеи ООН", "Q47423"),
        ("Он учился в Университете Организации Объединенных Наций.", None, "Q492442"),
    ]:
        found = entities(nlp, text)
        assert [m for m in found if m[2] == outer_id and (outer is None or m[0] == outer)]
        assert [m for m in found if m[2] == "Q1065"]


def test_join_needs_a_genitive_organization(nlp):
    from spacy.tokens import Span

    from pipeline.components.entities import continues_name

    doc = nlp("Комитет ООН и ЕС заявили.")
    first, second = Span(doc, 0, 1, label="ORGANIZATION"), Span(doc, 1, 2, label="ORGANIZATION")
    first._.source = "ner"
    assert continues_name(first, second)
    assert not continues_name(first, Span(doc, 1, 2, label="COUNTRY"))
    assert not continues_name(first, Span(doc, 3, 4, label="ORGANIZATION"))  # not adjacent


def test_inflected_forms_and_dictionary_form(nlp):
    found = entities(nlp, "Представители Шанхайской организации сотрудничества приехали.")
    sco = named(found, "Шанхайской организации сотрудничества")
    assert sco[1:3] == ("ORGANIZATION", "Q485207")
    assert sco[4] == "Шанхайская организация сотрудничества"
    uae = named(
        entities(nlp, "В Объединённых Арабских Эмиратах жарко."), "Объединённых Арабских Эмиратах"
    )
    assert uae[4] == "Объединённые Арабские Эмираты"


def test_abbreviation_in_brackets_names_the_same_entity(nlp):
    text = (
        "Представитель Международного финансового центра «Астана» (МФЦА) сообщил, что МФЦА растёт."
    )
    found = entities(nlp, text)
    centre = named(found, "Международного финансового центра «Астана»")
    abbreviations = [m for m in found if m[0] == "МФЦА"]
    assert len(abbreviations) == 2
    assert {m[3] for m in abbreviations} == {centre[3]}
    assert not [m for m in found if m[1] == "CITY"]  # "Астана" in quotes names the centre


def test_state_title_before_a_country(nlp):
    found = entities(nlp, "Делегация прибыла в Республику Аргентина и Королевство Швеция.")
    assert named(found, "Республику Аргентина")[1:3] == ("COUNTRY", "Q414")
    assert named(found, "Королевство Швеция")[1:3] == ("COUNTRY", "Q34")


def test_person_and_quoted_names_win_over_places(nlp):
    found = entities(nlp, "Доминик Стросс-Кан и глава ОАО «Газпром» прибыли. СМИ молчат.")
    assert not [m for m in found if m[1] == "COUNTRY"]  # "Доминик" is not Dominica
    assert named(found, "Газпром")[1:3] == ("ORGANIZATION", "Q102673")
    assert not [m for m in found if m[0] in {"ОАО «Газпром»", "СМИ"}]


def test_curated_organization_wins_over_a_person_reading(nlp):
    """NER reads "Меркосур" after "членом" as a person; the curated name is the bloc."""
    found = entities(nlp, "Боливия в 2024 году стала полноправным членом Меркосур.")
    assert named(found, "Меркосур")[1:3] == ("ORGANIZATION", "Q4264")


def test_sentence_initial_participle_is_no_part_of_a_place(nlp):
    found = entities(nlp, "Учреждённая Сербией в 2001 году ОБСЕ расширилась.")
    assert named(found, "Сербией")[1:3] == ("COUNTRY", "Q403")


def test_one_word_aliases_match_as_names_only(nlp):
    assert entities(nlp, "Семья переехала. День начался.") == []  # not Семей, not Дели
    assert named(entities(nlp, "Он вернулся в Семей."), "Семей")[1] == "CITY"


def test_learned_organization_names_link_ner_organizations(nlp):
    apple = named(entities(nlp, "Компания Apple представила телефон."), "Apple")
    assert apple[1:3] == ("ORGANIZATION", "Q312")


def test_every_gazetteer_mention_has_canonical_and_lemma(tables):
    entities = tables["entities"]
    linked = entities[entities["source"].str.contains("gazetteer")]
    assert len(linked) > 50
    assert linked["canonical"].ne("").all() and linked["lemma"].ne("").all()


# -- focus country and references ----------------------------------------------------


def refs(nlp, text):
    doc = nlp(text)
    return doc._.focus_country, [(s.text, s.kb_id_, s._.source) for s in doc.spans["country_refs"]]


def test_references_to_the_focus_country(nlp):
    focus, found = refs(
        nlp,
        "Казахстанские миротворцы вернулись. Официальная Астана заявила, что наша страна "
        "и республика продолжат работу.",
    )
    assert focus == "Q232"
    assert found == [
        ("Казахстанские", "Q232", "demonym"),
        ("Официальная Астана", "Q232", "capital"),
        ("страна", "Q232", "coref"),
        ("республика", "Q232", "coref"),
    ]


def test_other_countries_are_not_the_focus_one(nlp):
    _, found = refs(nlp, "Казахстан ответил. Другая страна и любое государство вправе решать.")
    assert found == []


# -- one entity, one id (issue 28) ----------------------------------------------------


def ids(nlp, text):
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans["entities"]]


def test_a_usual_full_name_in_an_oblique_case_is_linked(nlp):
    found = entities(
        nlp, "Лидеры Экономического сообщества западноафриканских государств собрались."
    )
    assert found == [
        (
            "Экономического сообщества западноафриканских государств",
            "ORGANIZATION",
            "Q193272",
            "Экономическое сообщество стран Западной Африки",
            "Экономическое сообщество западноафриканских государств",
        )
    ]


def test_a_name_takes_the_id_of_its_abbreviation_in_brackets_and_keeps_it(nlp):
    text = (
        "Нигер вышел из Содружества западноафриканских стран (ЭКОВАС). "
        "Содружество западноафриканских стран ослабло."
    )
    assert ids(nlp, text) == [
        ("Нигер", "COUNTRY", "Q1032"),
        ("Содружества западноафриканских стран", "ORGANIZATION", "Q193272"),
        ("ЭКОВАС", "ORGANIZATION", "Q193272"),
        ("Содружество западноафриканских стран", "ORGANIZATION", "Q193272"),
    ]


def test_an_abbreviation_keeps_its_spelling(nlp):
    assert entities(nlp, "Решение СЕ приветствовали.") == [("СЕ", "ORGANIZATION", "", "СЕ", "СЕ")]
    found = entities(nlp, "Совет Европы (СЕ) осудил это. Решение СЕ приветствовали.")
    assert [m for m in found if m[0] == "СЕ"] == [
        ("СЕ", "ORGANIZATION", "Q8908", "Совет Европы", "СЕ"),
        ("СЕ", "ORGANIZATION", "Q8908", "Совет Европы", "СЕ"),
    ]


def test_a_generic_body_is_linked_only_to_its_own_countrys_body(nlp):
    text = "МИД России ответил. Российский МИД уточнил. МИД Франции промолчал. МИД заявил."
    assert [m for m in ids(nlp, text) if m[0] == "МИД"] == [
        ("МИД", "ORGANIZATION", "Q789889"),
        ("МИД", "ORGANIZATION", "Q789889"),
        ("МИД", "ORGANIZATION", ""),  # no French ministry in the gazetteer
        ("МИД", "ORGANIZATION", ""),  # whose?
    ]


def test_the_security_council_of_a_country_and_the_uns(nlp):
    text = "Совбез России собрался. Постпред выступил в Совбезе."
    assert [m for m in ids(nlp, text) if m[1] == "ORGANIZATION"] == [
        ("Совбез", "ORGANIZATION", "Q672108"),
        ("Совбезе", "ORGANIZATION", "Q37470"),
    ]


def test_a_short_form_names_the_organization_the_text_names(nlp):
    text = "Совет Безопасности ООН принял резолюцию. Затем Совет Безопасности собрался снова."
    assert ids(nlp, text) == [
        ("Совет Безопасности ООН", "ORGANIZATION", "Q37470"),
        ("ООН", "ORGANIZATION", "Q1065"),
        ("Совет Безопасности", "ORGANIZATION", "Q37470"),
    ]
    assert ids(nlp, "Совет Безопасности собрался снова.") == [
        ("Совет Безопасности", "ORGANIZATION", "")
    ]


def test_the_alliance_is_the_one_just_named(nlp):
    assert ids(nlp, "Грузия хочет вступить в НАТО, но в альянсе нет единства.") == [
        ("Грузия", "COUNTRY", "Q230"),
        ("НАТО", "ORGANIZATION", "Q7184"),
        ("альянсе", "ORGANIZATION", "Q7184"),
    ]
    for text in [
        "Грузия хочет вступить, но в альянсе нет единства.",
        "НАТО расширяется. Китай вступал в альянс с Российской империей.",
        "Грузия хочет вступить в НАТО, но военный альянс против.",
    ]:
        assert not [m for m in ids(nlp, text) if m[0].startswith("альянс")], text


def test_a_historical_organization_without_an_id_has_its_name(nlp):
    assert entities(nlp, "Армения вступила в ЕврАзЭС. Евразийское сообщество расширилось.")[1:] == [
        ("ЕврАзЭС", "ORGANIZATION", "", "Евразийское экономическое сообщество", "ЕврАзЭС"),
        (
            "Евразийское сообщество",
            "ORGANIZATION",
            "",
            "Евразийское экономическое сообщество",
            "Евразийское сообщество",
        ),
    ]


def test_bylines_and_words_that_name_nothing_are_no_organizations(nlp):
    for text, kept in [
        ("МОСКВА, 12 мая. /ТАСС/. Россия вступила в ВТО.", ["МОСКВА", "Россия", "ВТО"]),
        ("БАКУ, 12 мая — Report. Азербайджан вступил в ОИС.", ["БАКУ", "Азербайджан", "ОИС"]),
        ("ЛОНДОН (Reuters) — Британия вышла из ЕС.", ["ЛОНДОН", "Британия", "ЕС"]),
        ("ЗА ВСТУПЛЕНИЕ В НАТО ВЫСТУПИЛИ ВСЕ.", ["НАТО"]),
    ]:
        assert [m[0] for m in ids(nlp, text)] == kept, text


def test_a_name_in_brackets_after_an_abbreviation_is_no_byline(nlp):
    found = ids(nlp, "Джордж Осборн уйдёт; МИД (Форин-офис) возглавит другой министр.")
    assert ("Форин-офис", "ORGANIZATION", "Q358834") in found
    assert ("МИД", "ORGANIZATION", "Q358834") in found  # the bracket says whose

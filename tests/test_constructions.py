"""The constructions real reporting uses, one invented sentence or paragraph each.

Every case gives the whole set of events the text must yield, so a positive
also fails on an extra row and a negative is an empty set. The sentences are
written for these tests (other countries, organizations and years than the
seed articles), following how news agencies phrase such facts.
"""

from __future__ import annotations

import pytest

NATO = "Организация Североатлантического договора"
ECOWAS = "Экономическое сообщество стран Западной Африки"
CSTO = "Организация Договора о коллективной безопасности"
SCO = "Шанхайская организация сотрудничества"
EAEU = "Евразийский экономический союз"
CIS = "Содружество Независимых Государств"
WTO = "Всемирная торговая организация"
UN = "Организация Объединённых Наций"
OSCE = "Организация по безопасности и сотрудничеству в Европе"
CACO = "Организация Центральноазиатского сотрудничества"
EU = "Европейский союз"
COE = "Совет Европы"
OIC = "Организация исламского сотрудничества"
GECF = "Форум стран — экспортёров газа"
GUAM = "Организация за демократию и экономическое развитие — ГУАМ"
ANDEAN = "Андское сообщество"
UNESCO = "Организация Объединённых Наций по вопросам образования, науки и культуры"

# (construction, text, {(event_type, country, organization, date)})
CASES = [
    # 1. passive and participial founding with agents; signing the founding treaty
    (
        "passive_agents",
        "Союз был основан в 1991 году Белоруссией, Россией и Украиной.",
        set(),  # "Союз" names no organization
    ),
    (
        "passive_agents",
        "В 2001 году ШОС была создана Китаем, Россией и Казахстаном.",
        {
            ("FOUNDING", "Китай", SCO, "2001"),
            ("FOUNDING", "Россия", SCO, "2001"),
            ("FOUNDING", "Казахстан", SCO, "2001"),
        },
    ),
    (
        "participle_agents_on_the_noun",
        "НАТО — организация, созданная в 1949 году США, Канадой и Бельгией.",
        {
            ("FOUNDING", "США", NATO, "1949"),
            ("FOUNDING", "Канада", NATO, "1949"),
            ("FOUNDING", "Бельгия", NATO, "1949"),
        },
    ),
    (
        "participle_without_agents",
        "В 2010 году ОДКБ, созданная для защиты союзников, провела учения в Армении.",
        set(),
    ),
    (
        "treaty_signed",
        "Договор о создании ЕАЭС подписали в 2014 году президенты Армении, Белоруссии"
        " и Казахстана.",
        {
            ("FOUNDING", "Армения", EAEU, "2014"),
            ("FOUNDING", "Беларусь", EAEU, "2014"),
            ("FOUNDING", "Казахстан", EAEU, "2014"),
        },
    ),
    (
        "treaty_signed_passive",
        "Договор об учреждении ОДКБ был подписан в 2002 году главами России и Таджикистана.",
        {("FOUNDING", "Россия", CSTO, "2002"), ("FOUNDING", "Таджикистан", CSTO, "2002")},
    ),
    (
        "created_where_not_what",
        "Россия и Китай создали в рамках ШОС рабочую группу по энергетике.",
        set(),
    ),
    # 2. subjects after the verb; coordinated events with their own times
    (
        "late_subjects",
        "В 1999 году к НАТО присоединились Польша, Чехия и Венгрия.",
        {
            ("MEMBERSHIP", "Польша", NATO, "1999"),
            ("MEMBERSHIP", "Чехия", NATO, "1999"),
            ("MEMBERSHIP", "Венгрия", NATO, "1999"),
        },
    ),
    (
        "gapped_times",
        "В 2015 году в ЕАЭС вступила Армения, а в 2016 году — Киргизия.",
        {("MEMBERSHIP", "Армения", EAEU, "2015"), ("MEMBERSHIP", "Киргизия", EAEU, "2016")},
    ),
    (
        "countries_spelled_out",
        "В 2015 году в состав ЕАЭС вошли пять стран: Армения, Белоруссия, Казахстан, "
        "Киргизия и Россия.",
        {
            ("MEMBERSHIP", country, EAEU, "2015")
            for country in ("Армения", "Беларусь", "Казахстан", "Киргизия", "Россия")
        },
    ),
    (
        "a_common_noun_subject_alone",
        "В 2015 году в состав ЕАЭС вошли пять стран.",
        set(),
    ),
    (
        "object_from_the_clause_before",
        "В 2015 году в ЕАЭС вошли новые члены: в январе присоединилась Армения, а в августе"
        " — Киргизия.",
        {("MEMBERSHIP", "Армения", EAEU, "2015-01"), ("MEMBERSHIP", "Киргизия", EAEU, "2015-08")},
    ),
    (
        "object_from_the_sentence_before",
        "В 2007 году в ЕС вступили Болгария и Румыния. В 2013 году присоединилась Хорватия.",
        {
            ("MEMBERSHIP", "Болгария", EU, "2007"),
            ("MEMBERSHIP", "Румыния", EU, "2007"),
            ("MEMBERSHIP", "Хорватия", EU, "2013"),
        },
    ),
    (
        "own_object_shares_nothing",
        "Казахстан вступил в ВТО в 2015 году, а в 2016 году присоединился к Парижскому соглашению.",
        {("MEMBERSHIP", "Казахстан", WTO, "2015")},
    ),
    (
        "own_object_in_the_next_sentence",
        "Грузия вступила в Совет Европы в 1999 году. В 2008 году Россия вступила в конфликт"
        " с Грузией.",
        {("MEMBERSHIP", "Грузия", COE, "1999")},
    ),
    (
        "dashed_remnant_with_its_month",
        "В 2004 году к НАТО присоединились Латвия и Литва, а в мае того же года — Словения.",
        {
            ("MEMBERSHIP", "Латвия", NATO, "2004"),
            ("MEMBERSHIP", "Литва", NATO, "2004"),
            ("MEMBERSHIP", "Словения", NATO, "2004-05"),
        },
    ),
    (
        "admitted_passive",
        "В 2006 году Черногория была принята в ООН.",
        {("MEMBERSHIP", "Черногория", UN, "2006")},
    ),
    ("admitted_active_is_adoption", "Казахстан принял в ООН резолюцию о разоружении.", set()),
    ("admitted_only_possible", "Палестина может быть принята в ООН.", set()),
    (
        "chairmanship_passed_on",
        "В 2022 году председательство в ОДКБ перешло к Армении.",
        {("CHAIRMANSHIP", "Армения", CSTO, "2022")},
    ),
    (
        "chairmanship_handed_over",
        "В 2024 году Казахстан передал председательство в ШОС Китаю.",
        {("CHAIRMANSHIP", "Китай", SCO, "2024")},
    ),
    (
        "chairmanship_will_pass",
        "В 2026 году председательство в СНГ перейдёт к Таджикистану.",
        set(),
    ),
    (
        "treaty_of_its_founding",
        "ШОС была создана в 2001 году. Договор о её учреждении подписали Китай, Россия и"
        " Узбекистан.",
        {("FOUNDING", country, SCO, "2001") for country in ("Китай", "Россия", "Узбекистан")},
    ),
    (
        "treaty_of_someone_elses_visit",
        "Президент выступил на саммите ШОС. Договор о его визите подписали Китай и Россия.",
        set(),
    ),
    (
        "first_member_read_as_a_pronoun",
        "Того, Нигер и Бенин вступили в ОИС в 1983 году.",
        {("MEMBERSHIP", country, OIC, "1983") for country in ("Того", "Нигер", "Бенин")},
    ),
    (
        "a_comparison_is_no_member",
        "Как и Грузия, Украина вышла из СНГ.",
        {("WITHDRAWAL", "Украина", CIS, "")},
    ),
    (
        "organization_unites_members",
        "Сегодня ОДКБ объединяет Армению, Казахстан и Россию.",
        {("MEMBERSHIP", country, CSTO, "") for country in ("Армения", "Казахстан", "Россия")},
    ),
    ("uniting_efforts", "ЕАЭС объединяет усилия России и Белоруссии.", set()),
    (
        "admission_ceremony_without_members",
        "В 2020 году прошла церемония приёма Северной Македонии в НАТО.",
        {("MEMBERSHIP", "Северная Македония", NATO, "2020")},
    ),
    ("an_admission_supported", "Парламент поддержал приём Швеции в НАТО.", set()),
    (
        "a_fact_beside_a_support",
        "Казахстан поддержал эту инициативу и вступил в ОДКБ в 1994 году.",
        {("MEMBERSHIP", "Казахстан", CSTO, "1994")},
    ),
    ("a_plan_of_two_joins", "Сербия намерена вступить в ЕС и присоединиться к НАТО.", set()),
    ("a_reception_is_no_admission", "Приём делегации Китая в МИД России прошёл в мае.", set()),
    ("a_question_of_joining", "Вопрос о вступлении Сербии в ЕС обсуждается с 2012 года.", set()),
    ("a_process_of_joining", "Процесс вступления Узбекистана в ВТО начался в 1994 году.", set()),
    (
        "officers_sent_to_a_mission",
        "В 2014 году Казахстан направил офицеров в миссию ООН.",
        {("PARTICIPATION", "Казахстан", UN, "2014")},
    ),
    (
        "a_contrasted_subject",
        "Япония и Корея ведут переговоры, а Казахстан и Армения входят в ЕАЭС.",
        {("MEMBERSHIP", country, EAEU, "") for country in ("Казахстан", "Армения")},
    ),
    (
        "a_contrasted_subject_lost_by_the_parse",
        "Узбекистан и Туркмения остаются вне союза, а Казахстан (теперь ещё и Армения)"
        " входят в ЕАЭС.",
        set(),  # the parse loses the second clause's subject: nothing rather than wrong
    ),
    (
        "an_additive_list",
        "Казахстан, а затем и Киргизия вступили в ЕАЭС.",
        {("MEMBERSHIP", country, EAEU, "") for country in ("Казахстан", "Киргизия")},
    ),
    (
        "rejoined",
        "В 2016 году Габон вернулся в ОПЕК.",
        {("MEMBERSHIP", "Габон", "Организация стран — экспортёров нефти", "2016")},
    ),
    ("returned_to_talks", "Иран вернулся к переговорам с МАГАТЭ.", set()),
    (
        "formed_an_organization",
        "В 2001 году Китай, Россия и Казахстан образовали ШОС.",
        {("FOUNDING", country, SCO, "2001") for country in ("Китай", "Россия", "Казахстан")},
    ),
    ("formed_a_group", "Россия и Китай образовали рабочую группу в рамках ШОС.", set()),
    (
        "two_clauses_two_joins",
        "В 2004 году Словения вошла в НАТО, а в 2009 году к альянсу присоединилась Хорватия.",
        {("MEMBERSHIP", "Словения", NATO, "2004"), ("MEMBERSHIP", "Хорватия", NATO, "2009")},
    ),
    ("entered_no_organization", "Казахстан вошёл в число лидеров по добыче урана.", set()),
    (
        "instrumental_parsed_as_subject",
        "Россия и Белоруссия выступили соучредителями ЕАЭС в 2014 году.",
        {("FOUNDING", "Россия", EAEU, "2014"), ("FOUNDING", "Беларусь", EAEU, "2014")},
    ),
    # 3. lists that must keep every member, whatever the parse
    (
        "owners_list",
        "Правительства Мали, Нигера и Буркина-Фасо объявили о выходе из ЭКОВАС.",
        {
            ("WITHDRAWAL", "Мали", ECOWAS, ""),
            ("WITHDRAWAL", "Нигер", ECOWAS, ""),
            ("WITHDRAWAL", "Буркина-Фасо", ECOWAS, ""),
        },
    ),
    (
        "object_parsed_as_subject",
        "Нигер, Мали и Буркина-Фасо покинули ЭКОВАС.",
        {
            ("WITHDRAWAL", "Нигер", ECOWAS, ""),
            ("WITHDRAWAL", "Мали", ECOWAS, ""),
            ("WITHDRAWAL", "Буркина-Фасо", ECOWAS, ""),
        },
    ),
    (
        "source_before_a_colon",
        "AP: Правительства Гвинеи, Мали и Нигера заявили о выходе из ЭКОВАС.",
        {
            ("WITHDRAWAL", "Гвинея", ECOWAS, ""),
            ("WITHDRAWAL", "Мали", ECOWAS, ""),
            ("WITHDRAWAL", "Нигер", ECOWAS, ""),
        },
    ),
    ("colon_inside_a_clause", "Итог таков: Мали осталась в ЭКОВАС.", set()),
    # 4. ending and suspending, never also a membership
    (
        "ceased_member",
        "В 2009 году Грузия перестала быть членом СНГ.",
        {("WITHDRAWAL", "Грузия", CIS, "2009")},
    ),
    (
        "membership_ended",
        "Членство Узбекистана в ОДКБ было прекращено в 2012 году.",
        {("WITHDRAWAL", "Узбекистан", CSTO, "2012")},
    ),
    (
        "participation_frozen",
        "Участие Армении в ОДКБ заморожено с 2024 года.",
        {("WITHDRAWAL", "Армения", CSTO, "2024/..")},
    ),
    (
        "suspension_noun",
        "Белоруссия объявила о приостановлении членства в ОБСЕ.",
        {("WITHDRAWAL", "Беларусь", OSCE, "")},
    ),
    (
        "member_for_years",
        "Узбекистан являлся членом ОДКБ с 2006 по 2012 год.",
        {("MEMBERSHIP", "Узбекистан", CSTO, "2006/2012")},
    ),
    # 5. nominal and copular statements
    (
        "copular_chair",
        "В 2022 году председательствующей страной в ОДКБ была Армения.",
        {("CHAIRMANSHIP", "Армения", CSTO, "2022")},
    ),
    (
        "copular_chair_other_country_in_focus",
        "Казахстан поддержал решение. В 2019 году председательствующей страной в СНГ "
        "был Туркменистан. Казахстан развивает сотрудничество.",
        {("CHAIRMANSHIP", "Туркменистан", CIS, "2019")},
    ),
    (
        "summit_in_city",
        "Саммит ШОС в Бишкеке в 2019 году завершился принятием декларации.",
        {("HOSTING", "Киргизия", SCO, "2019")},
    ),
    (
        "summit_elsewhere",
        "Саммит ШОС обсудил в 2019 году положение в Кабуле.",
        set(),
    ),
    (
        "summit_cancelled",
        "Саммит ОДКБ в Ереване был отменён.",
        set(),
    ),
    (
        "admission_ceremony",
        "В 2020 году состоялась церемония приёма Северной Македонии в члены НАТО.",
        {("MEMBERSHIP", "Северная Македония", NATO, "2020")},
    ),
    (
        "admission_in_general",
        "Вопрос о приёме в НАТО новых членов по Конституции США решает Сенат.",
        set(),
    ),
    (
        "participle_parsed_apart",
        "Министр иностранных дел председательствующей в 2023 году в ОДКБ Белоруссии"
        " выступил с докладом.",
        {("CHAIRMANSHIP", "Беларусь", CSTO, "2023")},
    ),
    (
        "office_opened_in_a_country",
        "В 1998 году в Киргизии было открыто представительство ОБСЕ.",
        {("HOSTING", "Киргизия", OSCE, "1998")},
    ),
    ("delegation_to_an_organization", "Казахстан открыл в Вене представительство при ОБСЕ.", set()),
    ("mission_to_an_organization", "Россия открыла постоянное представительство в ОБСЕ.", set()),
    (
        "summit_in_a_geonames_city",
        "Саммит ШОС прошёл в Циндао в 2018 году.",
        {("HOSTING", "Китай", SCO, "2018")},
    ),
    # 6. missions and troops
    (
        "officers_of_a_country",
        "Казахстанские офицеры приняли участие в миссии ООН в Ливане.",
        {("PARTICIPATION", "Казахстан", UN, "")},
    ),
    (
        "named_unit_defined_before",
        "Армбат — Армянский миротворческий батальон — был создан в 2004 году. "
        "В 2010-х годах Армбат участвовал в миссии НАТО в Косово.",
        {("PARTICIPATION", "Армения", NATO, "201X")},
    ),
    (
        "named_unit_never_defined",
        "В 2010-х годах Армбат участвовал в миссии НАТО в Косово.",
        set(),
    ),
    (
        "troops_of_the_country_just_named",
        "Монголия отправляет миротворцев с 2002 года. Первый контингент был направлен"
        " в миссию ООН в Сьерра-Леоне в 2003 году.",
        {("PARTICIPATION", "Монголия", UN, "2003")},
    ),
    (
        "troops_of_another",
        "Монголия отправляет миротворцев. Контингент НАТО был направлен в миссию ООН в 2003 году.",
        set(),
    ),
    (
        "named_mission",
        "В 2019 году Китай направил 400 миротворцев в МИНУСМА.",
        {
            (
                "PARTICIPATION",
                "Китай",
                "Многопрофильная комплексная миссия ООН по стабилизации в Мали",
                "2019",
            )
        },
    ),
    (
        "mission_described_not_named",
        "Индия направила военных в миссию ООН в Южном Судане.",
        {("PARTICIPATION", "Индия", UN, "")},
    ),
    # 7. plans, hopes and negation
    ("intends", "Азербайджан намерен вступить в ВТО к 2027 году.", set()),
    ("negotiations", "Переговоры о вступлении Азербайджана в ВТО продолжаются.", set()),
    ("future", "Киргизия выйдет из организации в будущем году.", set()),
    ("candidacy", "Члены ШОС одобрили кандидатуру Белоруссии.", set()),
    ("invited", "Лидеры БРИКС пригласили Казахстан присоединиться к объединению.", set()),
    ("negated_noun_trigger", "Туркмения не получила статуса члена СНГ.", set()),
    ("inclined", "Эксперт склоняется к вступлению Норвегии в ЕС.", set()),
    ("no_inclination", "Сейчас Австрия не проявляет склонности войти в состав НАТО.", set()),
    ("referendum", "Итоги референдума о выходе Греции из еврозоны ЕС удивили.", set()),
    (
        "future_predicate",
        "Эксперты считают, что выходу Молдавии из СНГ будут рады в Брюсселе.",
        set(),
    ),
    (
        "event_noun_of_a_modal_verb",
        "Выход Молдавии из СНГ может ударить по её экономике.",
        set(),
    ),
    ("objected", "Большинство шведов возражают против вступления страны в НАТО.", set()),
    ("expected", "В Минске ожидают от вступления Белоруссии в ВТО новых инвестиций.", set()),
    (
        "future_beside_a_noun",
        "Для Норвегии так называемый Fixit — выход Финляндии из ЕС — создаст трудности.",
        set(),
    ),
    ("analytic_future", "Со следующего года Сербия будет принимать участие в работе ОДКБ.", set()),
    (
        "conditional_comparison",
        "Лучшим выбором для Австрии был бы нейтралитет, нежели членство в НАТО.",
        set(),
    ),
    (
        "conditional_copula_embedded",
        "В докладе отмечается, что лучшим выбором для Ирландии был бы нейтралитет, "
        "нежели членство в НАТО.",
        set(),
    ),
    (
        "date_of_a_coordinated_clause",
        "При вступлении Казахстана в ВТО спор о пошлинах длился годами и был "
        "урегулирован в мае 2014 года.",
        {("MEMBERSHIP", "Казахстан", WTO, "")},
    ),
    (
        "date_beside_the_trigger",
        "Польша является членом НАТО с 1999 года, она направила 300 военных в Ирак.",
        {("MEMBERSHIP", "Польша", NATO, "1999/..")},
    ),
    (
        "pronoun_subject",
        "Порой он выступает союзником Китая (и, разумеется, членом ШОС).",
        set(),
    ),
    ("territory_joined", "После присоединения Крыма Молдавия стала ближе к ЕС.", set()),
    # 8. countries NER takes for persons
    (
        "country_as_person",
        "В 2025 году Нигер вышел из ЭКОВАС.",
        {("WITHDRAWAL", "Нигер", ECOWAS, "2025")},
    ),
    # 9. arguments from the sentence before
    (
        "pronoun_points_back",
        "В 2001 году была учреждена ШОС. В неё входят Китай, Россия и Таджикистан.",
        {
            ("MEMBERSHIP", "Китай", SCO, ""),
            ("MEMBERSHIP", "Россия", SCO, ""),
            ("MEMBERSHIP", "Таджикистан", SCO, ""),
        },
    ),
    (
        "these_three_states",
        "В 1996 году Россия, Белоруссия и Казахстан подписали договор о таможенном союзе. "
        "В 2014 году эти три государства учредили ЕАЭС.",
        {
            ("FOUNDING", "Россия", EAEU, "2014"),
            ("FOUNDING", "Беларусь", EAEU, "2014"),
            ("FOUNDING", "Казахстан", EAEU, "2014"),
        },
    ),
    (
        "these_states_without_a_list",
        "Казахстан развивает торговлю. В 2014 году эти государства учредили ЕАЭС.",
        set(),
    ),
    (
        "pronoun_takes_the_topic",
        "Хотя ОДКБ сравнивают с НАТО, эта организация меньше НАТО. "
        "В неё входят Армения и Белоруссия.",
        {("MEMBERSHIP", "Армения", CSTO, ""), ("MEMBERSHIP", "Беларусь", CSTO, "")},
    ),
    (
        "founding_treaty_of_the_union_named_before",
        "ОЦАС была учреждена в 2002 году. "
        "Учредительный договор подписали президенты Казахстана и Киргизии.",
        {("FOUNDING", "Казахстан", CACO, "2002"), ("FOUNDING", "Киргизия", CACO, "2002")},
    ),
    # "в том же году": the year named before
    (
        "same_year_from_the_sentence_before",
        "Союз начал работу в 2015 году. В том же году в ЕАЭС вступили Армения и Киргизия.",
        {("MEMBERSHIP", "Армения", EAEU, "2015"), ("MEMBERSHIP", "Киргизия", EAEU, "2015")},
    ),
    (
        "same_year_with_no_year_before",
        "Союз начал работу. В том же году в ЕАЭС вступила Армения.",
        {("MEMBERSHIP", "Армения", EAEU, "")},
    ),
    # lists after a colon, read from the words
    (
        "members_listed_after_a_colon",
        "Страны — члены ОДКБ: Армения, Киргизия и Таджикистан.",
        {
            ("MEMBERSHIP", "Армения", CSTO, ""),
            ("MEMBERSHIP", "Киргизия", CSTO, ""),
            ("MEMBERSHIP", "Таджикистан", CSTO, ""),
        },
    ),
    (
        "founders_listed_after_a_colon",
        "Основатели ЭКОВАС: Гана, Нигерия, Сенегал и Того.",
        {
            ("FOUNDING", "Гана", ECOWAS, ""),
            ("FOUNDING", "Нигерия", ECOWAS, ""),
            ("FOUNDING", "Сенегал", ECOWAS, ""),
            ("FOUNDING", "Того", ECOWAS, ""),
        },
    ),
    (
        "a_colon_after_another_clause",
        "Члены ШОС, по мнению аналитиков, разобщены: Индия и Пакистан спорят.",
        set(),
    ),
    (
        "members_listed_before_a_dash",
        "Казахстан и Таджикистан — полноправные члены ОДКБ.",
        {("MEMBERSHIP", "Казахстан", CSTO, ""), ("MEMBERSHIP", "Таджикистан", CSTO, "")},
    ),
    (
        "owners_before_a_dash",
        "Делегаты Индии и Ирана – члены комиссий ШОС.",
        set(),
    ),
    # the subject of the clause before a contrast, when the trigger's clause has none
    (
        "shared_subject_after_a_contrast",
        "В 2021 году Иран получил статус наблюдателя в ШОС, а в 2023 году стал полноправным"
        " членом.",
        {("MEMBERSHIP", "Иран", SCO, "2023")},
    ),
    # member states listed, the organization named elsewhere in the sentence
    (
        "member_states_of_the_organization_named_before",
        "Протокол о ФСЭГ ратифицировали пять из 12 стран-членов: Алжир, Ливия, а также Катар.",
        {
            ("MEMBERSHIP", "Алжир", GECF, ""),
            ("MEMBERSHIP", "Ливия", GECF, ""),
            ("MEMBERSHIP", "Катар", GECF, ""),
        },
    ),
    ("member_states_in_general", "Индия и Китай обсудили позиции государств-членов ШОС.", set()),
    # "И если ...": a condition continues no narrative, its date is not inherited
    (
        "a_condition_after_a_dated_sentence",
        "За январь-сентябрь 2016 г. торговля упала. И если вступление Киргизии в ЕАЭС "
        "и помогло, то ненамного.",
        {("MEMBERSHIP", "Киргизия", EAEU, "")},
    ),
    # the chairmanship passed on in the organization the clause before names
    (
        "chair_passed_after_a_chair",
        "В 2018 году Того председательствовало в ЭКОВАС, а в 2019 году председательство"
        " перешло к Нигеру.",
        {("CHAIRMANSHIP", "Того", ECOWAS, "2018"), ("CHAIRMANSHIP", "Нигер", ECOWAS, "2019")},
    ),
    (
        "chair_of_something_else_passed",
        "В 2018 году Гана председательствовала в ЭКОВАС. В 2019 году председательство в "
        "правлении банка перешло к Нигеру.",
        {("CHAIRMANSHIP", "Гана", ECOWAS, "2018")},
    ),
    # an announced creation; a list the parser hung on the noun after the verb
    (
        "announced_creation_of_a_confederation",
        "В июле 2024 года Мали, Буркина-Фасо и Нигер объявили о создании Конфедерации "
        "государств Сахеля.",
        {
            ("FOUNDING", country, "Альянс государств Сахеля", "2024-07")
            for country in ("Мали", "Буркина-Фасо", "Нигер")
        },
    ),
    ("a_working_group_of_an_organization", "Киргизия объявила о создании группы ООН.", set()),
    # founders named after the founding, by a possessive or a bare compound
    (
        "its_founders_after_the_founding",
        "ОЦАС была образована в 2002 году. Её учредителями выступили Казахстан и Узбекистан.",
        {("FOUNDING", "Казахстан", CACO, "2002"), ("FOUNDING", "Узбекистан", CACO, "2002")},
    ),
    (
        "founder_states_after_the_founding",
        "ЭКОВАС основано в 1975 году. Государствами-основателями являются Гана и Того.",
        {("FOUNDING", "Гана", ECOWAS, "1975"), ("FOUNDING", "Того", ECOWAS, "1975")},
    ),
    (
        "treaty_of_the_union_named_again",
        "СНГ было основано 8 декабря 1991 года. Соглашение о создании СНГ подписали "
        "Белоруссия и Украина.",
        {("FOUNDING", "Беларусь", CIS, "1991-12-08"), ("FOUNDING", "Украина", CIS, "1991-12-08")},
    ),
    (
        "troops_went_to_a_mission",
        "В 2016 году контингент из Монголии отправился в миссию ООН в Южном Судане.",
        {("PARTICIPATION", "Монголия", UN, "2016")},
    ),
    # named besides the subjects
    (
        "besides_the_subjects",
        "Помимо Узбекистана, в ОЦАС вошли Казахстан и Таджикистан.",
        {
            ("MEMBERSHIP", "Узбекистан", CACO, ""),
            ("MEMBERSHIP", "Казахстан", CACO, ""),
            ("MEMBERSHIP", "Таджикистан", CACO, ""),
        },
    ),
    (
        "except_is_no_member",
        "Кроме Туркмении, в ОЦАС вошли Казахстан и Таджикистан.",
        {("MEMBERSHIP", "Казахстан", CACO, ""), ("MEMBERSHIP", "Таджикистан", CACO, "")},
    ),
    # likelihoods are no facts; rejoining what one left
    ("unlikely_joining", "Эксперты считают вступление Грузии в НАТО маловероятным.", set()),
    (
        "back_into_what_it_left",
        "Никарагуа вышла из ЮНЕСКО в 2023 году, а в 2025 году вернулась.",
        {
            ("WITHDRAWAL", "Никарагуа", UNESCO, "2023"),
            ("MEMBERSHIP", "Никарагуа", UNESCO, "2025"),
        },
    ),
    # peacekeepers from a country, on duty in a mission named or not
    (
        "peacekeepers_from_a_country",
        "Миротворцы из Непала служат в составе ВСООНЛ с 2019 года.",
        {("PARTICIPATION", "Непал", "Временные силы ООН в Ливане", "2019/..")},
    ),
    (
        "officers_on_duty",
        "В 2022 году офицеры из Монголии проходили службу в миссии ООН в Южном Судане.",
        {("PARTICIPATION", "Монголия", UN, "2022")},
    ),
    ("talks_in_a_mission", "Консультации проходили в миссии ООН в Женеве.", set()),
    (
        "serving_in_a_named_mission",
        "Непальские миротворцы служат в МООНЮС с 2011 года.",
        {("PARTICIPATION", "Непал", "Миссия ООН в Республике Южный Судан", "2011/..")},
    ),
    (
        "a_demonym_opening_the_sentence",
        "Монгольский контингент в 2012 году заступил на службу в миссии ООН в Южном Судане.",
        {("PARTICIPATION", "Монголия", UN, "2012")},
    ),
    (
        "participant_of_operations",
        "Эфиопия является крупнейшим участником миротворческих операций ООН.",
        {("PARTICIPATION", "Эфиопия", UN, "")},
    ),
    # a gapped clause that keeps only the host city
    (
        "gapped_host_city",
        "В 2018 году саммит ШОС прошёл в Циндао, а в 2019 году — в Бишкеке.",
        {
            ("HOSTING", "Китай", SCO, "2018"),
            ("HOSTING", "Киргизия", SCO, "2019"),
        },
    ),
    (
        "a_city_named_in_a_relative_clause",
        "В 2018 году саммит ШОС прошёл в Циндао, где делегации обсудили Бишкек.",
        {("HOSTING", "Китай", SCO, "2018")},
    ),
    # the organization named before, pointed back to by "организация"
    (
        "expelled_from_the_organization_named_before",
        "Совет Европы объединяет 46 государств. В 2030 году Турция была исключена из организации.",
        {("WITHDRAWAL", "Турция", COE, "2030")},
    ),
    (
        "summit_of_the_organization_named_before",
        "В 2025 году Киргизия председательствовала в ОДКБ. Саммит организации прошёл в Бишкеке.",
        {("CHAIRMANSHIP", "Киргизия", CSTO, "2025"), ("HOSTING", "Киргизия", CSTO, "")},
    ),
    # the organization suspends or ends the membership of a country
    (
        "organization_suspends_membership",
        "В 2022 году ЭКОВАС приостановил членство Буркина-Фасо.",
        {("WITHDRAWAL", "Буркина-Фасо", ECOWAS, "2022")},
    ),
    (
        "organization_ends_membership",
        "Совет Европы прекратил членство Турции в 2030 году.",
        {("WITHDRAWAL", "Турция", COE, "2030")},
    ),
    # the host named as the receiving party or the host; offices that opened
    (
        "receiving_party",
        "Принимающей стороной саммита ОДКБ в 2021 году выступил Таджикистан.",
        {("HOSTING", "Таджикистан", CSTO, "2021")},
    ),
    (
        "host_of_a_summit",
        "Хозяйкой саммита ЭКОВАС в 2019 году стала Нигерия.",
        {("HOSTING", "Нигерия", ECOWAS, "2019")},
    ),
    ("receives_countries", "Киргизия принимает страны СНГ на форуме.", set()),
    (
        "an_office_opened",
        "В 2000 году в Бишкеке открылся центр ОБСЕ.",
        {("HOSTING", "Киргизия", OSCE, "2000")},
    ),
    # a rare verb the tagger calls a noun
    (
        "verb_tagged_as_a_noun",
        "Казахстан и Киргизия в разное время председательствовали в ОДКБ.",
        {("CHAIRMANSHIP", "Казахстан", CSTO, ""), ("CHAIRMANSHIP", "Киргизия", CSTO, "")},
    ),
    (
        "participle_at_the_sentence_end",
        "В 2010 году Казахстан стал первой страной СНГ, председательствовавшей в ОБСЕ.",
        {("CHAIRMANSHIP", "Казахстан", OSCE, "2010")},
    ),
    # the capital named by its country
    (
        "in_the_capital_of_a_country",
        "В 2018 году в столице Киргизии прошло заседание Совета глав государств СНГ.",
        {("HOSTING", "Киргизия", CIS, "2018")},
    ),
    (
        "in_a_demonym_capital",
        "Саммит ЭКОВАС прошёл в нигерийской столице в 2022 году.",
        {("HOSTING", "Нигерия", ECOWAS, "2022")},
    ),
    ("talks_about_a_capital", "Саммит ШОС обсудил положение в столице Афганистана.", set()),
    # the country hosts the organization's headquarters
    (
        "headquarters_located",
        "Штаб-квартира ЭКОВАС находится в Абудже.",
        {("HOSTING", "Нигерия", ECOWAS, "")},
    ),
    ("headquarters_may_move", "Штаб-квартира ЭКОВАС может переехать в Аккру.", set()),
    # an apposition or participle set off by commas keeps its dates to itself
    (
        "apposition_keeps_its_date",
        "Казахстан, член ОБСЕ с 1992 года, в 2010 году председательствовал в организации.",
        {
            ("MEMBERSHIP", "Казахстан", OSCE, "1992/.."),
            ("CHAIRMANSHIP", "Казахстан", OSCE, "2010"),
        },
    ),
    (
        "undated_apposition",
        "Армения, член ОДКБ, вышла из ЕАЭС в 2025 году.",
        {("MEMBERSHIP", "Армения", CSTO, ""), ("WITHDRAWAL", "Армения", EAEU, "2025")},
    ),
    (
        "participle_keeps_its_date",
        "Латвия, вступившая в НАТО в 2004 году, в 2014 году вошла в еврозону ЕС.",
        {("MEMBERSHIP", "Латвия", NATO, "2004")},
    ),
    # the country named after the copula: "Председателем СНГ была Киргизия"
    (
        "chair_named_after_the_copula",
        "Председателем ОДКБ в 2017 году была Армения.",
        {("CHAIRMANSHIP", "Армения", CSTO, "2017")},
    ),
    (
        "founder_named_after_the_copula",
        "Основателем ЭКОВАС в 1975 году стала Нигерия.",
        {("FOUNDING", "Нигерия", ECOWAS, "1975")},
    ),
    # expelled, suspended by the organization, counted out of its members
    (
        "expelled_passive",
        "В 2023 году Мали была исключена из ЭКОВАС.",
        {("WITHDRAWAL", "Мали", ECOWAS, "2023")},
    ),
    (
        "ruled_out",
        "Армения исключает выход из ОДКБ в 2026 году.",
        set(),
    ),
    (
        "removed_from_taking_part",
        "В 2022 году Гвинея была отстранена от участия в ЭКОВАС.",
        {("WITHDRAWAL", "Гвинея", ECOWAS, "2022")},
    ),
    (
        "out_of_the_members",
        "В 2005 году Туркмения вышла из числа постоянных членов СНГ.",
        {("WITHDRAWAL", "Туркменистан", CIS, "2005")},
    ),
    (
        "into_the_members",
        "В 2006 году Узбекистан вошёл в число членов ОДКБ.",
        {("MEMBERSHIP", "Узбекистан", CSTO, "2006")},
    ),
    # the organization admits the country
    (
        "organization_admits",
        "В 2016 году ЭКОВАС принял в свои ряды Гану и Того.",
        {("MEMBERSHIP", "Гана", ECOWAS, "2016"), ("MEMBERSHIP", "Того", ECOWAS, "2016")},
    ),
    (
        "the_alliance_admits",
        "Албания вела переговоры с НАТО. Альянс принял Албанию в 2009 году.",
        {("MEMBERSHIP", "Албания", NATO, "2009")},
    ),
    ("admits_an_application", "В 2021 году ШОС приняла заявку Ирана.", set()),
    ("admits_an_observer", "В 2012 году ООН приняла Палестину в качестве наблюдателя.", set()),
    # a gapped negated clause negates only its own subject
    (
        "negated_gapped_remnant",
        "В 2017 году Черногория вступила в НАТО, а Сербия — нет.",
        {("MEMBERSHIP", "Черногория", NATO, "2017")},
    ),
    (
        "negated_list",
        "В 2017 году ни Сербия, ни Босния не вступили в НАТО.",
        set(),
    ),
    (
        "some_other_treaty",
        "В 1994 году ОДКБ провела учения. Договор о дружбе подписали президенты Казахстана"
        " и Киргизии.",
        set(),
    ),
]


# clauses, government and stand-ins (issue 26): each construction read from its
# clause by how the trigger marks its roles
CASES += [
    (
        "dash_definition_generic_noun",
        "ГУАМ — это региональная организация, созданная в 1997 году Грузией и Украиной.",
        {
            ("FOUNDING", "Грузия", GUAM, "1997"),
            ("FOUNDING", "Украина", GUAM, "1997"),
        },
    ),
    (
        "participle_agents_after_the_noun",
        "Андское сообщество, основанное в 1969 году Боливией и Перу, расширилось.",
        {("FOUNDING", "Боливия", ANDEAN, "1969"), ("FOUNDING", "Перу", ANDEAN, "1969")},
    ),
    (
        "fronted_passive_participle",
        "Принятая в ООН в 1973 году ГДР вскоре открыла посольства.",
        {("MEMBERSHIP", "ГДР", UN, "1973")},
    ),
    (
        "gapped_remnants_own_years",
        "В ОБСЕ в 1992 году вступили Грузия и Армения, в 1995-м — Андорра.",
        {
            ("MEMBERSHIP", "Грузия", OSCE, "1992"),
            ("MEMBERSHIP", "Армения", OSCE, "1992"),
            ("MEMBERSHIP", "Андорра", OSCE, "1995"),
        },
    ),
    (
        "gapped_remnant_counted_years",
        "Словакия вступила в НАТО в 2004 году, а Хорватия — пятью годами позже.",
        {("MEMBERSHIP", "Словакия", NATO, "2004"), ("MEMBERSHIP", "Хорватия", NATO, "2009")},
    ),
    (
        "gapped_remnant_own_organization",
        "В 2020 году Великобритания вышла из ЕС, а в 2022 году Россия — из Совета Европы.",
        {("WITHDRAWAL", "Великобритания", EU, "2020"), ("WITHDRAWAL", "Россия", COE, "2022")},
    ),
    (
        "clause_counted_from_the_sentence_before",
        "В 2023 году Иран стал членом ШОС. Годом позже к организации присоединилась Беларусь.",
        {("MEMBERSHIP", "Иран", SCO, "2023"), ("MEMBERSHIP", "Беларусь", SCO, "2024")},
    ),
    (
        "capital_acts_for_its_country",
        "Анкара вернулась в ОБСЕ в 2011 году.",
        {("MEMBERSHIP", "Турция", OSCE, "2011")},
    ),
    (
        "minister_acts_for_his_country",
        "Министр иностранных дел Ирландии в 2012 году председательствовал в ОБСЕ.",
        {("CHAIRMANSHIP", "Ирландия", OSCE, "2012")},
    ),
    (
        "relative_word_in_a_container",
        "ООН — это всемирная организация, в миссии которой в 2008 году участвовала Монголия.",
        {("PARTICIPATION", "Монголия", UN, "2008")},
    ),
    (
        "relative_copula_lists_the_members",
        "ОДКБ, членами которой являются Армения и Таджикистан, провела учения.",
        {("MEMBERSHIP", "Армения", CSTO, ""), ("MEMBERSHIP", "Таджикистан", CSTO, "")},
    ),
    (
        "companions_share_the_act",
        "Армения входит в ЕАЭС вместе с Казахстаном.",
        {("MEMBERSHIP", "Армения", EAEU, ""), ("MEMBERSHIP", "Казахстан", EAEU, "")},
    ),
    (
        "summit_named_by_a_relative_word",
        "Саммит ШОС, который Киргизия приняла в 2019 году, завершился.",
        {("HOSTING", "Киргизия", SCO, "2019")},
    ),
    (
        "representatives_of_many_states_host_nothing",
        "Постпреды стран-членов ОДКБ и Армении провели заседание совета.",
        set(),
    ),
    (
        "genitive_list_of_a_noun_trigger",
        "Вступление Казахстана и Киргизии в ЕАЭС состоялось в 2015 году.",
        {("MEMBERSHIP", "Казахстан", EAEU, "2015"), ("MEMBERSHIP", "Киргизия", EAEU, "2015")},
    ),
    (
        "fronted_plural_participle_before_a_list",
        "ОДКБ провела учения. Входящие в организацию Армения и Таджикистан прислали войска.",
        {("MEMBERSHIP", "Армения", CSTO, ""), ("MEMBERSHIP", "Таджикистан", CSTO, "")},
    ),
    (
        "a_pronoun_after_a_person_is_the_persons",
        "ЕС призвал к диалогу. В 2016 году состоялся визит Ильхама Алиева в Тегеран и его"
        " переговоры с президентом Ирана.",
        set(),
    ),
    (
        "perfective_present_is_future",
        "В 2030 году Сербия учредит ЕАЭС.",
        set(),
    ),
]


def found(nlp, text: str) -> set[tuple]:
    return {(e.event_type, e.country, e.organization, e.date) for e in nlp(text)._.events}


@pytest.mark.parametrize(
    ("construction", "text", "expected"),
    CASES,
    ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)],
)
def test_construction(nlp, construction, text, expected):
    assert found(nlp, text) == expected


def test_suspension_is_told_from_leaving_by_the_pattern(nlp):
    """Both are WITHDRAWAL rows; a suspension's pattern is named suspend_*."""
    patterns = {
        text: [e.pattern for e in nlp(text)._.events]
        for text in ("Армения заморозила участие в ОДКБ.", "Армения вышла из ОДКБ.")
    }
    assert [name.startswith("suspend_") for names in patterns.values() for name in names] == [
        True,
        False,
    ]

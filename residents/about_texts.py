"""The fixed words of the portal's map, Wi-Fi and accessibility-statement pages in pl,
en and uk. The statement follows the structure the 2019 digital-accessibility act's
guidance prescribes; the Polish text is the binding one, the others are translations.
"""

ACT = (
    "ustawy z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji "
    "mobilnych podmiotów publicznych"
)

TEXTS = {
    "pl": {
        "map_title": "Mapa powiatu",
        "map_intro": "Urzędy, infomaty i hotspoty Wi-Fi powiatu. Każdy znak na mapie prowadzi "
        "do strony miejsca; ta sama lista, według gmin, jest pod mapą.",
        "map_svg_title": "Mapa Powiatu Lubelskiego z urzędami, infomatami i hotspotami Wi-Fi; "
        "Lublin, wycięty w środku, nie należy do powiatu",
        "legend": "Legenda",
        "places_list": "Wszystkie miejsca według gmin",
        "no_coordinates": "bez położenia na mapie",
        "wifi_title": "Wi-Fi i infomaty",
        "wifi_intro": "Powiat udostępnia bezpłatny internet i ekrany informacyjne w urzędach, "
        "bibliotekach i ośrodkach zdrowia.",
        "hotspots": "Hotspoty Wi-Fi",
        "hotspots_offer": "Bezpłatny dostęp do internetu bez rejestracji: wystarczy połączyć "
        "się z siecią i zaakceptować regulamin na stronie powitalnej. Sesja trwa ograniczony "
        "czas, potem można połączyć się ponownie.",
        "kiosks": "Infomaty",
        "kiosks_offer": "Ekrany dotykowe z aktualnościami, wydarzeniami, godzinami pracy urzędów, "
        "opisami spraw, mapą i komunikatami pilnymi, po polsku, angielsku i ukraińsku. Kod QR "
        "przy każdej treści otwiera ją w telefonie.",
        "none_yet": "Na razie nie ma takich miejsc.",
        "see_map": "Zobacz na mapie",
        "statement_title": "Deklaracja dostępności",
        "intro": "{entity} zobowiązuje się zapewnić dostępność cyfrową swojej strony "
        f"internetowej zgodnie z przepisami {ACT}. Deklaracja dostępności dotyczy strony "
        "internetowej {site}.",
        "dates": "Daty publikacji i aktualizacji",
        "site_published": "Data publikacji strony internetowej",
        "site_updated": "Data ostatniej istotnej aktualizacji",
        "status": "Status pod względem zgodności z ustawą",
        "compliant": f"Strona internetowa jest zgodna z przepisami {ACT}.",
        "partly_compliant": f"Strona internetowa jest częściowo zgodna z przepisami {ACT} "
        "z powodu niezgodności wymienionych poniżej.",
        "gaps": "Treści niedostępne",
        "preparation": "Przygotowanie deklaracji dostępności",
        "statement_date": "Deklarację sporządzono dnia",
        "self_assessment": "Deklarację sporządzono na podstawie samooceny przeprowadzonej przez "
        "podmiot publiczny.",
        "reviewed": "Deklaracja została ostatnio poddana przeglądowi i aktualizacji dnia",
        "features": "Ułatwienia na stronie",
        "features_text": "Strona działa bez JavaScriptu i bez myszy (klawisz Tab przechodzi "
        "po linkach, pierwszy link prowadzi do treści), daje się powiększyć do 200 % bez utraty "
        "treści i ma wersje po angielsku i ukraińsku. Mapa ma obok listę wszystkich miejsc.",
        "contact": "Informacje zwrotne i dane kontaktowe",
        "responsible": "Za rozwiązywanie problemów z dostępnością cyfrową strony odpowiada",
        "email": "e-mail",
        "phone": "telefon",
        "contact_also": "Tą samą drogą można zgłaszać problemy z dostępnością, wnioski "
        "o udostępnienie informacji niedostępnej oraz żądania zapewnienia dostępności cyfrowej.",
        "procedure": "Procedura wnioskowo-skargowa",
        "request": "Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności cyfrowej strony "
        "internetowej lub jej elementu. Można także zażądać udostępnienia informacji za pomocą "
        "alternatywnego sposobu dostępu, na przykład przez odczytanie niedostępnego cyfrowo "
        "dokumentu. Żądanie powinno zawierać dane osoby zgłaszającej, wskazanie, o którą stronę "
        "lub element chodzi, oraz sposób kontaktu; przy alternatywnym sposobie dostępu także "
        "dogodny sposób przedstawienia informacji.",
        "deadline": "Podmiot publiczny realizuje żądanie niezwłocznie, nie później niż w ciągu "
        "7 dni od dnia jego wystąpienia. Jeżeli dotrzymanie tego terminu nie jest możliwe, "
        "niezwłocznie informuje, kiedy realizacja będzie możliwa, przy czym termin ten nie może "
        "być dłuższy niż 2 miesiące. Jeżeli zapewnienie dostępności cyfrowej nie jest możliwe, "
        "może zaproponować alternatywny sposób dostępu do informacji.",
        "complaint": "Gdy podmiot publiczny odmówi realizacji żądania zapewnienia dostępności "
        "lub alternatywnego sposobu dostępu do informacji, wnoszący żądanie może złożyć skargę "
        "w sprawie zapewniania dostępności cyfrowej strony internetowej lub jej elementu.",
        "ombudsman": "Po wyczerpaniu tej procedury można także złożyć wniosek do Rzecznika Praw "
        "Obywatelskich",
        "architecture": "Dostępność architektoniczna",
        "not_given": "nie podano",
    },
    "en": {
        "map_title": "County map",
        "map_intro": "The county's offices, information kiosks and Wi-Fi hotspots. Every mark "
        "on the map leads to the place's page; the same list, by municipality, is below the map.",
        "map_svg_title": "Map of Lublin County with offices, information kiosks and Wi-Fi "
        "hotspots; the city of Lublin, cut out in the middle, is not part of the county",
        "legend": "Legend",
        "places_list": "All places by municipality",
        "no_coordinates": "no position on the map",
        "wifi_title": "Wi-Fi and information kiosks",
        "wifi_intro": "The county offers free internet access and information screens in "
        "offices, libraries and health centres.",
        "hotspots": "Wi-Fi hotspots",
        "hotspots_offer": "Free internet access without registration: connect to the network "
        "and accept the terms on the welcome page. A session lasts a limited time; you can "
        "connect again afterwards.",
        "kiosks": "Information kiosks",
        "kiosks_offer": "Touch screens with news, events, office hours, how-to guides, a map "
        "and urgent alerts in Polish, English and Ukrainian. A QR code beside each item opens "
        "it on your phone.",
        "none_yet": "There are no such places yet.",
        "see_map": "See on the map",
        "statement_title": "Accessibility statement",
        "intro": "{entity} is committed to making its website accessible in accordance with "
        "the Polish Act of 4 April 2019 on the digital accessibility of websites and mobile "
        "applications of public bodies. This statement applies to the website {site}.",
        "dates": "Publication and update dates",
        "site_published": "Date the website was published",
        "site_updated": "Date of the last significant update",
        "status": "Compliance status",
        "compliant": "The website is compliant with the Act.",
        "partly_compliant": "The website is partially compliant with the Act because of the "
        "non-compliances listed below.",
        "gaps": "Non-accessible content",
        "preparation": "Preparation of this statement",
        "statement_date": "This statement was prepared on",
        "self_assessment": "It was prepared on the basis of a self-assessment by the public body.",
        "reviewed": "The statement was last reviewed and updated on",
        "features": "Accessibility features",
        "features_text": "The site works without JavaScript and without a mouse (Tab moves "
        "through the links, the first one skips to the content), can be zoomed to 200 % without "
        "losing content, and has English and Ukrainian versions. The map has a list of every "
        "place beside it.",
        "contact": "Feedback and contact information",
        "responsible": "The person responsible for the website's digital accessibility is",
        "email": "e-mail",
        "phone": "phone",
        "contact_also": "Use the same contact to report accessibility problems, ask for "
        "inaccessible information, or request digital accessibility.",
        "procedure": "Requests and complaints",
        "request": "Anyone may request that the website or any part of it be made accessible, "
        "or ask for the information in an alternative form, for example by having an "
        "inaccessible document read out. The request should give the requester's details, "
        "the page or element concerned and a way to reply; for an alternative form, also the "
        "form preferred.",
        "deadline": "The public body handles the request without delay and within 7 days. If "
        "that is not possible, it says without delay when it will be done, at most within 2 "
        "months. If accessibility cannot be provided, it may offer an alternative way to get "
        "the information.",
        "complaint": "If the public body refuses the request for accessibility or for an "
        "alternative form, the requester may file a complaint about the digital accessibility "
        "of the website or its element.",
        "ombudsman": "Once this procedure is exhausted, an application may also be made to the "
        "Commissioner for Human Rights (Rzecznik Praw Obywatelskich)",
        "architecture": "Architectural accessibility",
        "not_given": "not given",
    },
    "uk": {
        "map_title": "Карта повіту",
        "map_intro": "Установи, інфомати та точки Wi-Fi повіту. Кожна позначка на карті веде "
        "на сторінку місця; той самий список, за гмінами, розміщено під картою.",
        "map_svg_title": "Карта Люблінського повіту з установами, інфоматами та точками Wi-Fi; "
        "місто Люблін, вирізане посередині, не входить до повіту",
        "legend": "Умовні позначення",
        "places_list": "Усі місця за гмінами",
        "no_coordinates": "без позначки на карті",
        "wifi_title": "Wi-Fi та інфомати",
        "wifi_intro": "Повіт надає безкоштовний інтернет та інформаційні екрани в установах, "
        "бібліотеках і медичних закладах.",
        "hotspots": "Точки Wi-Fi",
        "hotspots_offer": "Безкоштовний інтернет без реєстрації: під'єднайтеся до мережі та "
        "прийміть правила на вітальній сторінці. Сеанс триває обмежений час, потім можна "
        "під'єднатися знову.",
        "kiosks": "Інфомати",
        "kiosks_offer": "Сенсорні екрани з новинами, подіями, графіком роботи установ, "
        "інструкціями, картою та терміновими повідомленнями польською, англійською та "
        "українською. QR-код біля кожного матеріалу відкриває його в телефоні.",
        "none_yet": "Таких місць поки немає.",
        "see_map": "Показати на карті",
        "statement_title": "Декларація доступності",
        "intro": "{entity} зобов'язується забезпечити цифрову доступність свого вебсайту "
        "відповідно до Закону Польщі від 4 квітня 2019 року про цифрову доступність вебсайтів "
        "і мобільних застосунків публічних органів. Декларація стосується вебсайту {site}.",
        "dates": "Дати публікації та оновлення",
        "site_published": "Дата публікації вебсайту",
        "site_updated": "Дата останнього суттєвого оновлення",
        "status": "Статус відповідності закону",
        "compliant": "Вебсайт відповідає вимогам закону.",
        "partly_compliant": "Вебсайт частково відповідає вимогам закону через невідповідності, "
        "наведені нижче.",
        "gaps": "Недоступний вміст",
        "preparation": "Підготовка декларації",
        "statement_date": "Декларацію складено",
        "self_assessment": "Декларацію складено на підставі самооцінки публічного органу.",
        "reviewed": "Декларацію востаннє переглянуто й оновлено",
        "features": "Зручності на сайті",
        "features_text": "Сайт працює без JavaScript і без миші (клавіша Tab переходить "
        "посиланнями, перше веде до вмісту), збільшується до 200 % без втрати вмісту та має "
        "англійську й українську версії. Поруч із картою є список усіх місць.",
        "contact": "Зворотний зв'язок і контакти",
        "responsible": "За вирішення проблем із цифровою доступністю сайту відповідає",
        "email": "e-mail",
        "phone": "телефон",
        "contact_also": "Так само можна повідомляти про проблеми з доступністю, просити "
        "надати недоступну інформацію або вимагати забезпечення цифрової доступності.",
        "procedure": "Вимоги та скарги",
        "request": "Кожен має право вимагати забезпечення цифрової доступності сайту або його "
        "елемента чи надання інформації в альтернативний спосіб, наприклад зачитування "
        "недоступного документа. Вимога має містити дані заявника, сторінку або елемент, про "
        "який ідеться, і спосіб зв'язку; для альтернативного способу — також зручну форму.",
        "deadline": "Публічний орган виконує вимогу невідкладно, не пізніше ніж за 7 днів. Якщо "
        "це неможливо, він невідкладно повідомляє, коли це буде зроблено, але не пізніше ніж за "
        "2 місяці. Якщо забезпечити доступність неможливо, він може запропонувати "
        "альтернативний спосіб доступу до інформації.",
        "complaint": "Якщо публічний орган відмовить у виконанні вимоги, заявник може подати "
        "скаргу щодо цифрової доступності сайту або його елемента.",
        "ombudsman": "Після вичерпання цієї процедури можна також звернутися до Уповноваженого "
        "з прав людини (Rzecznik Praw Obywatelskich)",
        "architecture": "Архітектурна доступність",
        "not_given": "не вказано",
    },
}

OMBUDSMAN_URL = "https://bip.brpo.gov.pl/"
